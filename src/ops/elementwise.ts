// sb.ops elementwise: add, sub, mul (same shape, or one row broadcast over the rows), scale,
// axpy and fill, checked, on the kernels of assembly/kernels/elementwise.ts and rows.ts.
import { checkOut, input, release, Tensor, type TensorLike } from '../core/tensor.js';
import { binaryOp, unaryOp } from './shapes.js';
import { add as addK, axpy as axpyK, fill as fillK, mul as mulK, scale as scaleK, sub as subK } from '../kernels/elementwise.js';
import { addRow, mulRow, subRow } from '../kernels/rows.js';
import type { F32Buffer } from '../core/buffer.js';
import { describe } from '../util/matrix.js';
import { checkValue, float32Option, parseOptions } from '../util/options.js';
import { ShapeError, ValueError, shapeText } from '../errors.js';

export interface OutOptions {
  /** A Tensor of the result's shape to write into (it may be an input): nothing is allocated. */
  out?: Tensor;
}

/** The `out` of an options argument that takes only `out`. */
export function outOption(opts: unknown, op: string): Tensor | undefined {
  return checkOut(parseOptions(opts, op, { out: {} }).out, op);
}

/** A number the core takes as float32: finite, and finite once rounded to float32. */
function f32Scalar(value: unknown, name: string, op: string): number {
  checkValue(value, op, name, float32Option());
  return value as number;
}

type Same = (a: F32Buffer, b: F32Buffer, y: F32Buffer, n: number) => void;
type ByRow = (x: F32Buffer, row: F32Buffer, y: F32Buffer, rows: number, cols: number) => void;

function binary(op: string, same: Same, byRow: ByRow, a: TensorLike, b: TensorLike, opts: unknown): Tensor {
  const fits = (ta: Tensor, tb: Tensor): void => {
    if ((tb.rows === ta.rows || tb.rows === 1) && tb.cols === ta.cols) return;
    throw new ShapeError(
      `${op}: a is ${shapeText(ta.rows, ta.cols)}, b is ${shapeText(tb.rows, tb.cols)}: ` +
        `b must be ${shapeText(ta.rows, ta.cols)} (same shape) or 1x${ta.cols} (one row, broadcast over a's rows)`,
    );
  };
  return binaryOp(op, a, b, 'b', outOption(opts, op), fits, (ta, tb, y) => {
    if (tb.rows === ta.rows) same(ta.buffer, tb.buffer, y.buffer, ta.size);
    else byRow(ta.buffer, tb.buffer, y.buffer, ta.rows, ta.cols);
  });
}

/**
 * a + b, float32, each element rounded once. b has a's shape, or is one row of a.cols values
 * added to every row (bias add). `out` may be a (in place).
 */
export function add(a: TensorLike, b: TensorLike, opts?: OutOptions): Tensor {
  return binary('add', addK, addRow, a, b, opts);
}

/** a - b, float32. b has a's shape or is one row broadcast over a's rows. */
export function sub(a: TensorLike, b: TensorLike, opts?: OutOptions): Tensor {
  return binary('sub', subK, subRow, a, b, opts);
}

/** a * b elementwise, float32. b has a's shape or is one row broadcast over a's rows. */
export function mul(a: TensorLike, b: TensorLike, opts?: OutOptions): Tensor {
  return binary('mul', mulK, mulRow, a, b, opts);
}

/** s * a, float32 (s is rounded to float32 first). `out` may be a. */
export function scale(a: TensorLike, s: number, opts?: OutOptions): Tensor {
  f32Scalar(s, 's', 'scale');
  return unaryOp('scale', a, outOption(opts, 'scale'), (x, y, t) => scaleK(x, s, y, t.size));
}

/**
 * y += alpha * x in place, computed as fl(y + fl(alpha * x)) per element (alpha rounded to
 * float32). y must be a Tensor; x has y's shape (x may be y). Returns y.
 */
export function axpy(alpha: number, x: TensorLike, y: Tensor): Tensor {
  f32Scalar(alpha, 'alpha', 'axpy');
  if (!(y instanceof Tensor)) {
    throw new ValueError(`axpy: y must be a Tensor (it is updated in place), got ${describe(y)}`);
  }
  void y.buffer; // DisposedError before anything is copied
  const ix = input(x, 'x');
  try {
    const tx = ix.t;
    if (tx.rows !== y.rows || tx.cols !== y.cols) {
      throw new ShapeError(
        `axpy: x is ${shapeText(tx.rows, tx.cols)}, y is ${shapeText(y.rows, y.cols)}: x must have y's shape`,
      );
    }
    axpyK(alpha, tx.buffer, y.buffer, y.size);
    return y;
  } finally {
    release(ix);
  }
}

/** Sets every element of y to value (rounded to float32). Returns y. */
export function fill(y: Tensor, value: number): Tensor {
  f32Scalar(value, 'value', 'fill');
  if (!(y instanceof Tensor)) throw new ValueError(`fill: y must be a Tensor, got ${describe(y)}`);
  fillK(y.buffer, value, y.size);
  return y;
}
