// assembly/kernels/elementwise.ts: n floats in, n floats out, each element rounded once (axpy
// twice: fl(y + fl(alpha·x))). Outputs may alias inputs.
//   add / sub / mul (a, b, y, n)   y = a + b, a - b, a ⊙ b
//   scale (x, s, y, n)             y = s·x
//   axpy (alpha, x, y, n)          y += alpha·x
//   fill (y, value, n), copy (x, y, n)
import type { F32Buffer } from '../core/buffer.js';
import { f32_all_finite } from '../core/abi.generated.js';

export {
  f32_add as add,
  f32_sub as sub,
  f32_mul as mul,
  f32_scale as scale,
  f32_axpy as axpy,
  f32_fill as fill,
  f32_copy as copy,
} from '../core/abi.generated.js';

/** True when none of the n values is NaN or ±Infinity. */
export function allFinite(x: F32Buffer, n: number): boolean {
  return f32_all_finite(x, n) !== 0;
}
