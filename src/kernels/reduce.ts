// Reductions on the SIMD core (assembly/kernels/reduce.ts, and the row/column reductions of
// rows.ts), all accumulated in float64 in a fixed order, so results are accurate and the same
// in every engine. Public wrappers check their arguments; pointer helpers (internal) do not.
//
// Precision of what is returned:
// - the pointer helpers sumPtr, sumSquaresPtr, meanPtr, variancePtr, maxAbsPtr return the
//   core's float64 result unrounded;
// - the public sum, mean and variance round to float32 (Math.fround of the float64 result),
//   like every value the core hands back, with an axis as without one;
// - the row/column kernels write float32, each value rounded once from float64.
import { core } from '../runtime/core.js';
import { checkOut, input, release, Tensor, type TensorLike } from '../runtime/tensor.js';
import { ValueError } from '../errors.js';
import { outOption, type OutOptions } from './elementwise.js';

interface ReduceExports {
  f32_sum(x: number, n: number): number;
  f32_sum_squares(x: number, n: number): number;
  f32_mean(x: number, n: number): number;
  f32_variance(x: number, n: number): number;
  f32_max_abs(x: number, n: number): number;
  f32_col_sums(x: number, y: number, rows: number, cols: number): void;
  f32_col_means(x: number, y: number, rows: number, cols: number): void;
  f32_col_mean_var(x: number, mean: number, variance: number, rows: number, cols: number): void;
  f32_row_sums(x: number, y: number, rows: number, cols: number): void;
  f32_row_means(x: number, y: number, rows: number, cols: number): void;
  f32_row_mean_var(x: number, mean: number, variance: number, rows: number, cols: number): void;
}

const k = (): ReduceExports => core<ReduceExports>();

// ---- pointer helpers (internal) ----

/** Sum of n floats at x, float64. */
export function sumPtr(x: number, n: number): number {
  return k().f32_sum(x, n);
}

/** Sum of squares of n floats at x, float64. */
export function sumSquaresPtr(x: number, n: number): number {
  return k().f32_sum_squares(x, n);
}

/** Mean of n >= 1 floats at x, float64. */
export function meanPtr(x: number, n: number): number {
  return k().f32_mean(x, n);
}

/** Population variance (two-pass) of n >= 1 floats at x, float64. */
export function variancePtr(x: number, n: number): number {
  return k().f32_variance(x, n);
}

/** max |x_i| of n floats at x (0 for n = 0, NaN if any is NaN). */
export function maxAbsPtr(x: number, n: number): number {
  return k().f32_max_abs(x, n);
}

/** y[j] = sum_i x[i][j] (cols floats, float32), each column summed in row order. Bias gradients. */
export function colSumsPtr(x: number, y: number, rows: number, cols: number): void {
  k().f32_col_sums(x, y, rows, cols);
}

/** y[j] = mean_i x[i][j] (cols floats). */
export function colMeansPtr(x: number, y: number, rows: number, cols: number): void {
  k().f32_col_means(x, y, rows, cols);
}

/** Per-column mean and population variance (cols floats each); mean = 0 skips the means. */
export function colMeanVarPtr(x: number, mean: number, variance: number, rows: number, cols: number): void {
  k().f32_col_mean_var(x, mean, variance, rows, cols);
}

/** y[i] = sum_j x[i][j] (rows floats). */
export function rowSumsPtr(x: number, y: number, rows: number, cols: number): void {
  k().f32_row_sums(x, y, rows, cols);
}

/** y[i] = mean_j x[i][j] (rows floats). */
export function rowMeansPtr(x: number, y: number, rows: number, cols: number): void {
  k().f32_row_means(x, y, rows, cols);
}

/** Per-row mean and population variance (rows floats each); mean = 0 skips the means. */
export function rowMeanVarPtr(x: number, mean: number, variance: number, rows: number, cols: number): void {
  k().f32_row_mean_var(x, mean, variance, rows, cols);
}

// ---- public ops ----

/** 0: down the rows, one value per column (1 x cols); 1: along each row (rows x 1). */
export type Axis = 0 | 1;

function checkAxis(axis: unknown, op: string): Axis | undefined {
  if (axis === undefined || axis === 0 || axis === 1) return axis;
  const given = typeof axis === 'number' || typeof axis === 'string' ? JSON.stringify(axis) : String(axis);
  throw new ValueError(
    `${op}: axis must be 0 (over the rows: one value per column), 1 (over the columns: one value ` +
      `per row) or undefined (over all values), got ${given}`,
  );
}

type Kind = 'sum' | 'mean' | 'variance';

function reduce(op: Kind, a: TensorLike, axis: unknown, opts: unknown): number | Tensor {
  const ax = checkAxis(axis, op);
  const out = outOption(opts, op);
  if (ax === undefined && out !== undefined) {
    throw new ValueError(`${op}: out is only for an axis reduction; without an axis the result is a number`);
  }
  const ia = input(a, 'a');
  try {
    const t = ia.t;
    const c = k();
    if (ax === undefined) {
      const r =
        op === 'sum' ? c.f32_sum(t.ptr, t.size) : op === 'mean' ? c.f32_mean(t.ptr, t.size) : c.f32_variance(t.ptr, t.size);
      return Math.fround(r);
    }
    const rows = ax === 0 ? 1 : t.rows;
    const cols = ax === 0 ? t.cols : 1;
    const y = out === undefined ? new Tensor(rows, cols) : checkOut(out, rows, cols, op);
    if (ax === 0) {
      if (op === 'sum') c.f32_col_sums(t.ptr, y.ptr, t.rows, t.cols);
      else if (op === 'mean') c.f32_col_means(t.ptr, y.ptr, t.rows, t.cols);
      else c.f32_col_mean_var(t.ptr, 0, y.ptr, t.rows, t.cols);
    } else {
      if (op === 'sum') c.f32_row_sums(t.ptr, y.ptr, t.rows, t.cols);
      else if (op === 'mean') c.f32_row_means(t.ptr, y.ptr, t.rows, t.cols);
      else c.f32_row_mean_var(t.ptr, 0, y.ptr, t.rows, t.cols);
    }
    return y;
  } finally {
    release(ia);
  }
}

/**
 * Sum of a's elements, accumulated in float64 and rounded to float32. Without an axis: a
 * number. axis 0: column sums (1 x cols Tensor); axis 1: row sums (rows x 1 Tensor), written to
 * `out` when given (out must not be a).
 */
export function sum(a: TensorLike): number;
export function sum(a: TensorLike, axis: Axis, opts?: OutOptions): Tensor;
export function sum(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor;
export function sum(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor {
  return reduce('sum', a, axis, opts);
}

/** Mean (float64 sum / count, rounded to float32); axes as in sum. */
export function mean(a: TensorLike): number;
export function mean(a: TensorLike, axis: Axis, opts?: OutOptions): Tensor;
export function mean(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor;
export function mean(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor {
  return reduce('mean', a, axis, opts);
}

/**
 * Population variance (divides by the count, like numpy's default ddof = 0), two-pass in
 * float64, rounded to float32; axes as in sum.
 */
export function variance(a: TensorLike): number;
export function variance(a: TensorLike, axis: Axis, opts?: OutOptions): Tensor;
export function variance(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor;
export function variance(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor {
  return reduce('variance', a, axis, opts);
}
