// The shape every one-input op shares: a (a Tensor, used in place, or data copied in and freed
// after) in, a result of a's shape out, into `out` when given (it may be a) or a new Tensor.
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
