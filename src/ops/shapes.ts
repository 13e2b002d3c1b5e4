// The shapes the ops share: one input (unaryOp) or two (binaryOp), a result of the first input's
// shape, into `out` when given (it may be an input) or a new Tensor. Inputs are Tensors (used in
// place) or data copied in and freed after.
import type { F32Buffer } from '../core/buffer.js';
import { checkOut, input, release, Tensor, type TensorLike } from '../core/tensor.js';

export function unaryOp(op: string, a: TensorLike, out: Tensor | undefined, kernel: (x: F32Buffer, y: F32Buffer, t: Tensor) => void): Tensor {
  const ia = input(a, 'a');
  try {
    const t = ia.t;
    const y = out ?? new Tensor(t.rows, t.cols);
    checkOut(y, op, t.rows, t.cols);
    kernel(t.buffer, y.buffer, t);
    return y;
  } finally {
    release(ia);
  }
}

/**
 * The shape every two-input op shares: a and b in (each used in place or copied in), `check`
 * throws when b does not fit a, and the result has a's shape.
 */
export function binaryOp(
  op: string,
  a: TensorLike,
  b: TensorLike,
  bName: string,
  out: Tensor | undefined,
  check: (ta: Tensor, tb: Tensor) => void,
  kernel: (ta: Tensor, tb: Tensor, y: Tensor) => void,
): Tensor {
  const ia = input(a, 'a');
  let ib: ReturnType<typeof input> | undefined;
  try {
    ib = input(b, bName);
    const ta = ia.t;
    check(ta, ib.t);
    const y = out ?? new Tensor(ta.rows, ta.cols);
    checkOut(y, op, ta.rows, ta.cols);
    kernel(ta, ib.t, y);
    return y;
  } finally {
    release(ia, ib);
  }
}
