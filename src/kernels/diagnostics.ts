// Wrappers of the diagnostics kernels (assembly/kernels/diagnostics.ts), and the typed views the
// diagnostics need on buffers that are not float32 (i32 counts, float64 keys and vectors).
// Internal: pointer level, no checks; the diagnostics own every buffer they pass.
import { core } from '../runtime/core.js';

interface DiagnosticsExports {
  f32_col_count_outside(x: number, lo: number, hi: number, counts: number, rows: number, cols: number): void;
  f32_col_keys(x: number, w: number, key: number, scale: number, rows: number, cols: number): void;
  f32_within(p: number, q: number, count: number, stride: number, tol: number): number;
  f32_gram_max_abs_cosine(g: number, n: number, group: number, work: number, out: number): number;
  f64_gemv_f32(a: number, x: number, y: number, rows: number, cols: number, trans: number): void;
  f64_gemv(a: number, x: number, y: number, rows: number, cols: number, trans: number): void;
  f64_dot(x: number, y: number, n: number): number;
  f64_axpy(alpha: number, x: number, y: number, n: number): void;
  f64_scale(x: number, s: number, y: number, n: number): void;
}

const k = (): DiagnosticsExports => core<DiagnosticsExports>();

/**
 * @internal counts[j] (i32) = #{i : x[i][j] < lo or x[i][j] > hi} for a rows x cols float32 x
 * (strict comparisons in float32: lo and hi are rounded to float32; NaN is never counted).
 */
export function colCountOutsidePtr(x: number, lo: number, hi: number, counts: number, rows: number, cols: number): void {
  k().f32_col_count_outside(x, lo, hi, counts, rows, cols);
}

/**
 * @internal key[j] (float64) = Σ_i w[i]·x[i][j] in row order (float64), scale[j] (float32) =
 * max_i |x[i][j]|. Equal columns give equal keys and scales bit for bit, at any position.
 */
export function colKeysPtr(x: number, w: number, key: number, scale: number, rows: number, cols: number): void {
  k().f32_col_keys(x, w, key, scale, rows, cols);
}

/**
 * @internal True when |p[s·t] - q[s·t]| <= tol for all t < count (float64 arithmetic; NaN fails),
 * s = stride in floats. tol = 0 is equality as numbers (+0 equals -0).
 */
export function withinPtr(p: number, q: number, count: number, stride: number, tol: number): boolean {
  return k().f32_within(p, q, count, stride, tol) !== 0;
}

/**
 * @internal max |g_ij|/sqrt(g_ii g_jj) over i < j in different groups (ids >= 0) of an n x n float32
 * Gram matrix; work: n float64 of scratch, out: 2 i32 (the pair). -1 when no pair qualifies.
 */
export function gramMaxAbsCosinePtr(g: number, n: number, group: number, work: number, out: number): number {
  return k().f32_gram_max_abs_cosine(g, n, group, work, out);
}

/** @internal float64 y = A·x (trans false, rows values) or Aᵀ·x (cols values), A float32 rows x cols. */
export function gemvF32Ptr(a: number, x: number, y: number, rows: number, cols: number, trans: boolean): void {
  k().f64_gemv_f32(a, x, y, rows, cols, trans ? 1 : 0);
}

/** @internal float64 y = A·x or Aᵀ·x for a float64 rows x cols A. */
export function gemvF64Ptr(a: number, x: number, y: number, rows: number, cols: number, trans: boolean): void {
  k().f64_gemv(a, x, y, rows, cols, trans ? 1 : 0);
}

/** @internal Σ x_i y_i over n float64 values. */
export function dotF64Ptr(x: number, y: number, n: number): number {
  return k().f64_dot(x, y, n);
}

/** @internal y += alpha·x over n float64 values. */
export function axpyF64Ptr(alpha: number, x: number, y: number, n: number): void {
  k().f64_axpy(alpha, x, y, n);
}

/** @internal y = s·x over n float64 values (y may be x). */
export function scaleF64Ptr(x: number, s: number, y: number, n: number): void {
  k().f64_scale(x, s, y, n);
}

// ---- typed copies in and out (fresh views each call: memory growth detaches old ones) ----

/** @internal Copies n float64 values out of the core. */
export function readF64(ptr: number, n: number): Float64Array {
  return new Float64Array(core().memory.buffer, ptr, n).slice();
}

/** @internal Copies float64 values into the core at ptr. */
export function writeF64(ptr: number, src: ArrayLike<number>): void {
  new Float64Array(core().memory.buffer, ptr, src.length).set(src);
}

/** @internal Copies n int32 values out of the core. */
export function readI32(ptr: number, n: number): Int32Array {
  return new Int32Array(core().memory.buffer, ptr, n).slice();
}

/** @internal Copies int32 values into the core at ptr. */
export function writeI32(ptr: number, src: ArrayLike<number>): void {
  new Int32Array(core().memory.buffer, ptr, src.length).set(src);
}
