// assembly/kernels/reduce.ts: whole-array reductions of n floats, accumulated in float64 and
// returned unrounded (callers round to float32 where they return a float32 value).
import type { F32Buffer } from '../core/buffer.js';
import { f32_max_abs, f32_mean, f32_sum, f32_sum_squares, f32_variance } from '../core/abi.generated.js';

export function sum(x: F32Buffer, n: number): number {
  return f32_sum(x, n);
}

export function sumSquares(x: F32Buffer, n: number): number {
  return f32_sum_squares(x, n);
}

export function mean(x: F32Buffer, n: number): number {
  return f32_mean(x, n);
}

/** Population variance (divides by n), two-pass. */
export function variance(x: F32Buffer, n: number): number {
  return f32_variance(x, n);
}

/** max |x_i| (NaN if any is NaN). */
export function maxAbs(x: F32Buffer, n: number): number {
  return f32_max_abs(x, n);
}
