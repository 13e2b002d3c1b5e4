// Elementwise ops on the SIMD core (assembly/kernels/elementwise.ts and the row broadcasts of
// rows.ts): public wrappers that check shapes and options, and pointer-level helpers that the
// network code calls with buffers it allocated once (no checks, no allocation).
import { core } from '../runtime/core.js';
import { checkOut, input, release, Tensor, type Input, type TensorLike } from '../runtime/tensor.js';
import { describe } from '../runtime/matrix.js';
import { ShapeError, ValueError, shapeText } from '../errors.js';

interface ElementwiseExports {
  f32_add(a: number, b: number, y: number, n: number): void;
  f32_sub(a: number, b: number, y: number, n: number): void;
  f32_mul(a: number, b: number, y: number, n: number): void;
  f32_scale(x: number, s: number, y: number, n: number): void;
  f32_axpy(alpha: number, x: number, y: number, n: number): void;
  f32_fill(y: number, value: number, n: number): void;
  f32_copy(x: number, y: number, n: number): void;
  f32_all_finite(x: number, n: number): number;
  f32_add_row(x: number, row: number, y: number, rows: number, cols: number): void;
  f32_sub_row(x: number, row: number, y: number, rows: number, cols: number): void;
  f32_mul_row(x: number, row: number, y: number, rows: number, cols: number): void;
}

const k = (): ElementwiseExports => core<ElementwiseExports>();

// ---- pointer helpers (internal): pointers from allocF32/Tensor.ptr, counts >= 0 ----

/** y = a + b over n floats; y may be a or b. */
export function addPtr(a: number, b: number, y: number, n: number): void {
  k().f32_add(a, b, y, n);
}

/** y = a - b over n floats; y may be a or b. */
export function subPtr(a: number, b: number, y: number, n: number): void {
  k().f32_sub(a, b, y, n);
}

/** y = a * b over n floats; y may be a or b. */
export function mulPtr(a: number, b: number, y: number, n: number): void {
  k().f32_mul(a, b, y, n);
}

/** y = s * x over n floats (s rounded to float32); y may be x. */
export function scalePtr(x: number, s: number, y: number, n: number): void {
  k().f32_scale(x, s, y, n);
}

/** y += alpha * x over n floats, as fl(y + fl(alpha * x)) (alpha rounded to float32). */
export function axpyPtr(alpha: number, x: number, y: number, n: number): void {
  k().f32_axpy(alpha, x, y, n);
}

/** y[i] = value over n floats (value rounded to float32). */
export function fillPtr(y: number, value: number, n: number): void {
  k().f32_fill(y, value, n);
}

/** y = x over n floats (buffers must not overlap unless equal). */
export function copyPtr(x: number, y: number, n: number): void {
  k().f32_copy(x, y, n);
}

/** True when all n floats at x are finite (no NaN, no ±Infinity). */
export function allFinitePtr(x: number, n: number): boolean {
  return k().f32_all_finite(x, n) !== 0;
}

/** y = x + row for a rows x cols x and a cols-long row (bias add); y may be x, not row. */
export function addRowPtr(x: number, row: number, y: number, rows: number, cols: number): void {
  k().f32_add_row(x, row, y, rows, cols);
}

/** y = x - row for a rows x cols x and a cols-long row; y may be x, not row. */
export function subRowPtr(x: number, row: number, y: number, rows: number, cols: number): void {
  k().f32_sub_row(x, row, y, rows, cols);
}

/** y = x * row for a rows x cols x and a cols-long row; y may be x, not row. */
export function mulRowPtr(x: number, row: number, y: number, rows: number, cols: number): void {
  k().f32_mul_row(x, row, y, rows, cols);
}

// The column and row reductions (colSumsPtr for bias gradients, colMeanVarPtr, rowSumsPtr, ...)
// are in reduce.ts, which imports this file (not the other way round, so there is no cycle).

// ---- public ops ----

export interface OutOptions {
  /** A Tensor of the result's shape to write into (it may be an input): nothing is allocated. */
  out?: Tensor;
}

/** Validates an options argument: undefined or an object. */
export function outOption(opts: unknown, op: string): Tensor | undefined {
  if (opts === undefined) return undefined;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ValueError(`${op}: options must be an object like { out }, got ${describe(opts)}`);
  }
  return (opts as OutOptions).out;
}

/** A number the core takes as float32: finite, and finite once rounded to float32. */
function f32Scalar(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${op}: ${name} must be a finite number, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  if (!Number.isFinite(Math.fround(value))) {
    throw new ValueError(`${op}: ${name} must fit in float32 (|${name}| < 3.4028235e38), got ${value}`);
  }
  return value;
}

type Binary = 'f32_add' | 'f32_sub' | 'f32_mul';
type RowBinary = 'f32_add_row' | 'f32_sub_row' | 'f32_mul_row';

function binary(op: string, same: Binary, byRow: RowBinary, a: TensorLike, b: TensorLike, opts: unknown): Tensor {
  const out = outOption(opts, op);
  const ia = input(a, 'a');
  let ib: Input | undefined;
  try {
    ib = input(b, 'b');
    const ta = ia.t;
    const tb = ib.t;
    const sameShape = tb.rows === ta.rows && tb.cols === ta.cols;
    const broadcast = !sameShape && tb.rows === 1 && tb.cols === ta.cols;
    if (!sameShape && !broadcast) {
      throw new ShapeError(
        `${op}: a is ${shapeText(ta.rows, ta.cols)}, b is ${shapeText(tb.rows, tb.cols)}: ` +
          `b must be ${shapeText(ta.rows, ta.cols)} (same shape) or 1x${ta.cols} (one row, broadcast over a's rows)`,
      );
    }
    const y = out === undefined ? new Tensor(ta.rows, ta.cols) : checkOut(out, ta.rows, ta.cols, op);
    if (broadcast) k()[byRow](ta.ptr, tb.ptr, y.ptr, ta.rows, ta.cols);
    else k()[same](ta.ptr, tb.ptr, y.ptr, ta.size);
    return y;
  } finally {
    release(ia, ib);
  }
}

/**
 * a + b, float32, each element rounded once. b has a's shape, or is one row of a.cols values
 * added to every row (bias add). `out` may be a (in place).
 */
export function add(a: TensorLike, b: TensorLike, opts?: OutOptions): Tensor {
  return binary('add', 'f32_add', 'f32_add_row', a, b, opts);
}

/** a - b, float32. b has a's shape or is one row broadcast over a's rows. */
export function sub(a: TensorLike, b: TensorLike, opts?: OutOptions): Tensor {
  return binary('sub', 'f32_sub', 'f32_sub_row', a, b, opts);
}

/** a * b elementwise, float32. b has a's shape or is one row broadcast over a's rows. */
export function mul(a: TensorLike, b: TensorLike, opts?: OutOptions): Tensor {
  return binary('mul', 'f32_mul', 'f32_mul_row', a, b, opts);
}

/** s * a, float32 (s is rounded to float32 first). `out` may be a. */
export function scale(a: TensorLike, s: number, opts?: OutOptions): Tensor {
  f32Scalar(s, 's', 'scale');
  const out = outOption(opts, 'scale');
  const ia = input(a, 'a');
  try {
    const ta = ia.t;
    const y = out === undefined ? new Tensor(ta.rows, ta.cols) : checkOut(out, ta.rows, ta.cols, 'scale');
    k().f32_scale(ta.ptr, s, y.ptr, ta.size);
    return y;
  } finally {
    release(ia);
  }
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
  void y.ptr; // DisposedError before anything is copied
  const ix = input(x, 'x');
  try {
    const tx = ix.t;
    if (tx.rows !== y.rows || tx.cols !== y.cols) {
      throw new ShapeError(
        `axpy: x is ${shapeText(tx.rows, tx.cols)}, y is ${shapeText(y.rows, y.cols)}: x must have y's shape`,
      );
    }
    k().f32_axpy(alpha, tx.ptr, y.ptr, y.size);
    return y;
  } finally {
    release(ix);
  }
}

/** Sets every element of y to value (rounded to float32). Returns y. */
export function fill(y: Tensor, value: number): Tensor {
  f32Scalar(value, 'value', 'fill');
  if (!(y instanceof Tensor)) throw new ValueError(`fill: y must be a Tensor, got ${describe(y)}`);
  k().f32_fill(y.ptr, value, y.size);
  return y;
}
