// sb.ops for the activations: each elementwise activation of the registry as `name` (forward)
// and `nameGrad` (derivative), plus the row-wise softmax, log-softmax and softmax backward.
//
// Conventions: relu'(0) = 0, leakyRelu'(0) = alpha, elu'(0) = alpha (the x > 0 branch is strict,
// as in PyTorch). GELU is the exact erf form x·Φ(x). NaN in gives NaN out. Every element gives
// the same bits whatever its index or the array's length.
import { checkOut, Tensor, type TensorLike } from '../core/tensor.js';
import { binaryOp, unaryOp } from './shapes.js';
import { activation, activationGrad, logSoftmaxRows, softmaxRows, softmaxRowsBackward } from '../kernels/activations.js';
import { ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, type ActivationInfo, type ElementwiseActivation } from '../registry/activations.js';
import { ShapeError, ValueError, shapeText } from '../errors.js';
import { float32Option, parseOptions, type Schema } from '../util/options.js';
import type { F32Buffer } from '../core/buffer.js';

export interface ActivationOptions {
  /** A Tensor of the result's shape to write into (it may be the input): nothing is allocated. */
  out?: Tensor;
  /** leakyRelu's negative slope (default 0.01) or elu's scale (default 1); only those take it. */
  alpha?: number;
}

type Op = (a: TensorLike, opts?: ActivationOptions) => Tensor;
type OutOp = (a: TensorLike, opts?: { out?: Tensor }) => Tensor;

function elementwise(op: string, info: ActivationInfo, grad: boolean): Op {
  const code = info.op!;
  const schema: Schema = info.alpha === undefined ? { out: {} } : { out: {}, alpha: float32Option() };
  return (a, opts) => {
    const o = parseOptions(opts, op, schema, { noParam: 'alpha' }) as { out?: unknown; alpha?: number };
    const alpha = o.alpha ?? info.alpha?.default ?? 0;
    const min = info.alpha?.min;
    if (min !== undefined && alpha < min) throw new ValueError(`${op}: alpha must be >= ${min}, got ${alpha}`);
    const kernel = grad ? activationGrad : activation;
    return unaryOp(op, a, checkOut(o.out, op), (x, y, t) => kernel(code, x, y, t.size, alpha));
  };
}

function rowwise(op: string, f: (x: F32Buffer, y: F32Buffer, rows: number, cols: number) => void): OutOp {
  return (a, opts) => unaryOp(op, a, checkOut(parseOptions(opts, op, { out: {} }, { noParam: 'alpha' }).out, op), (x, y, t) => f(x, y, t.rows, t.cols));
}

/**
 * The softmax backward per row: given a = softmax(x) and dy = dL/da, returns
 * dL/dx = a ⊙ (dy - Σ_j dy_j·a_j). a and dy have the same shape; `out` may be either.
 */
export function softmaxBackward(a: TensorLike, dy: TensorLike, opts?: { out?: Tensor }): Tensor {
  const op = 'softmaxBackward';
  const out = checkOut(parseOptions(opts, op, { out: {} }, { noParam: 'alpha' }).out, op);
  const sameShape = (ta: Tensor, td: Tensor): void => {
    if (ta.rows !== td.rows || ta.cols !== td.cols) {
      throw new ShapeError(`${op}: a is ${shapeText(ta.rows, ta.cols)}, dy is ${shapeText(td.rows, td.cols)}: dy must have the shape of a`);
    }
  };
  return binaryOp(op, a, dy, 'dy', out, sameShape, (ta, td, y) => softmaxRowsBackward(ta.buffer, td.buffer, y.buffer, ta.rows, ta.cols));
}

type ElementwiseOps = { [K in ElementwiseActivation]: Op } & { [K in ElementwiseActivation as `${K}Grad`]: Op };

function elementwiseOps(): ElementwiseOps {
  const ops: Record<string, Op> = {};
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    const info: ActivationInfo = ACTIVATIONS[name];
    ops[name] = elementwise(name, info, false);
    ops[`${name}Grad`] = elementwise(`${name}Grad`, info, true);
  }
  return ops as ElementwiseOps;
}

/** Every activation op, for `sb.ops`. */
export const activationOps = {
  ...elementwiseOps(),
  /** Softmax of each row: e^{x - max}/Σ e^{x - max}, stable for any finite row. */
  softmax: rowwise('softmax', softmaxRows),
  /** Log-softmax of each row: (x - max) - log Σ e^{x - max}. */
  logSoftmax: rowwise('logSoftmax', logSoftmaxRows),
  softmaxBackward,
};
