// The shapes the ops share: one input (unaryOp) or two (binaryOp), a result of the first input's
// shape, into `out` when given (it may be an input) or a new Tensor. Inputs are Tensors (used in
// place) or data copied in and freed after.
import type { F32Buffer } from '../core/buffer.js';
import { checkOut, input, release, Tensor, type TensorLike } from '../core/tensor.js';

export function unaryOp(op: string, a: TensorLike, out: Tensor | undefined, kernel: (x: F32Buffer, y: F32Buffer, t: Tensor) => void): Tensor {
  return binaryOp(op, a, undefined, '', out, () => {}, (t, _, y) => kernel(t.buffer, y.buffer, t));
}

/**
 * The shape every two-input op shares: a and b in (each used in place or copied in; b undefined
 * for a one-input op), `check` throws when b does not fit a, and the result has a's shape. A
 * result allocated here is freed again when anything throws.
 */
export function binaryOp(
  op: string,
  a: TensorLike,
  b: TensorLike | undefined,
  bName: string,
  out: Tensor | undefined,
  check: (ta: Tensor, tb: Tensor) => void,
  kernel: (ta: Tensor, tb: Tensor, y: Tensor) => void,
): Tensor {
  const ia = input(a, 'a');
  let ib: ReturnType<typeof input> | undefined;
  let made: Tensor | undefined;
  try {
    ib = b === undefined ? ia : input(b, bName);
    const ta = ia.t;
    check(ta, ib.t);
    const y = out ?? (made = new Tensor(ta.rows, ta.cols));
    checkOut(y, op, ta.rows, ta.cols);
    kernel(ta, ib.t, y);
    return y;
  } catch (error) {
    made?.dispose(); // a result the caller never received
    throw error;
  } finally {
    release(ia, ib === ia ? undefined : ib);
  }
}
