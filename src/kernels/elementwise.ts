// assembly/kernels/elementwise.ts: n floats in, n floats out, each element rounded once (axpy
// twice: fl(y + fl(alpha·x))). Outputs may alias inputs.
import type { F32Buffer } from '../core/buffer.js';
import { f32_add, f32_all_finite, f32_axpy, f32_copy, f32_fill, f32_mul, f32_scale, f32_sub } from '../core/abi.generated.js';

/** y = a + b */
export function add(a: F32Buffer, b: F32Buffer, y: F32Buffer, n: number): void {
  f32_add(a, b, y, n);
}

/** y = a - b */
export function sub(a: F32Buffer, b: F32Buffer, y: F32Buffer, n: number): void {
  f32_sub(a, b, y, n);
}

/** y = a ⊙ b */
export function mul(a: F32Buffer, b: F32Buffer, y: F32Buffer, n: number): void {
  f32_mul(a, b, y, n);
}

/** y = s·x */
export function scale(x: F32Buffer, s: number, y: F32Buffer, n: number): void {
  f32_scale(x, s, y, n);
}

/** y += alpha·x */
export function axpy(alpha: number, x: F32Buffer, y: F32Buffer, n: number): void {
  f32_axpy(alpha, x, y, n);
}

/** y = value */
export function fill(y: F32Buffer, value: number, n: number): void {
  f32_fill(y, value, n);
}

/** y = x */
export function copy(x: F32Buffer, y: F32Buffer, n: number): void {
  f32_copy(x, y, n);
}

/** True when none of the n values is NaN or ±Infinity. */
export function allFinite(x: F32Buffer, n: number): boolean {
  return f32_all_finite(x, n) !== 0;
}
