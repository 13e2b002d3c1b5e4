// assembly/kernels/diagnostics.ts: the column statistics, key and Gram scans that symmetry and
// saturation checks run, and the float64 vector kernels of the spectral estimates.
import type { F32Buffer, F64Buffer, I32Buffer } from '../core/buffer.js';
import {
  f32_col_count_outside,
  f32_col_keys,
  f32_gram_max_abs_cosine,
  f32_within,
  f64_axpy,
  f64_dot,
  f64_gemv,
  f64_gemv_f32,
  f64_scale,
} from '../core/abi.generated.js';

/**
 * counts[j] = #{i : x[i][j] < lo or x[i][j] > hi} for a rows x cols x (strict comparisons in
 * float32: lo and hi are rounded to float32; NaN is never counted).
 */
export function colCountOutside(x: F32Buffer, lo: number, hi: number, counts: I32Buffer, rows: number, cols: number): void {
  f32_col_count_outside(x, lo, hi, counts, rows, cols);
}

/**
 * key[j] = Σ_i w[i]·x[i][j] in row order (float64), scale[j] = max_i |x[i][j]|. Equal columns
 * give equal keys and scales bit for bit, at any position.
 */
export function colKeys(x: F32Buffer, w: F32Buffer, key: F64Buffer, scale: F32Buffer, rows: number, cols: number): void {
  f32_col_keys(x, w, key, scale, rows, cols);
}

/**
 * True when |p[s·t] - q[s·t]| <= tol for all t < count (float64 arithmetic; NaN fails), s =
 * stride in floats. tol = 0 is equality as numbers (+0 equals -0).
 */
export function within(p: F32Buffer, q: F32Buffer, count: number, stride: number, tol: number): boolean {
  return f32_within(p, q, count, stride, tol) !== 0;
}

/**
 * max |g_ij|/sqrt(g_ii g_jj) over i < j in different groups (ids >= 0) of an n x n Gram matrix;
 * work: n float64 of scratch, out: the pair (2 values). -1 when no pair qualifies.
 */
export function gramMaxAbsCosine(g: F32Buffer, n: number, group: I32Buffer, work: F64Buffer, out: I32Buffer): number {
  return f32_gram_max_abs_cosine(g, n, group, work, out);
}

/** float64 y = A·x (trans false: rows values) or Aᵀ·x (cols values) for a float32 rows x cols A. */
export function gemvF32(a: F32Buffer, x: F64Buffer, y: F64Buffer, rows: number, cols: number, trans: boolean): void {
  f64_gemv_f32(a, x, y, rows, cols, trans ? 1 : 0);
}

/** float64 y = A·x or Aᵀ·x for a float64 rows x cols A. */
export function gemvF64(a: F64Buffer, x: F64Buffer, y: F64Buffer, rows: number, cols: number, trans: boolean): void {
  f64_gemv(a, x, y, rows, cols, trans ? 1 : 0);
}

/** Σ x_i y_i over n float64 values. */
export function dotF64(x: F64Buffer, y: F64Buffer, n: number): number {
  return f64_dot(x, y, n);
}

/** y += alpha·x over n float64 values. */
export function axpyF64(alpha: number, x: F64Buffer, y: F64Buffer, n: number): void {
  f64_axpy(alpha, x, y, n);
}

/** y = s·x over n float64 values (y may be x). */
export function scaleF64(x: F64Buffer, s: number, y: F64Buffer, n: number): void {
  f64_scale(x, s, y, n);
}
