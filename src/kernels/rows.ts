// assembly/kernels/rows.ts: a rows x cols matrix against one row broadcast over its rows, and
// the column and row reductions (float64 accumulation, rounded once). Row-major throughout.
import type { F32Buffer } from '../core/buffer.js';
import {
  f32_add_row,
  f32_col_mean_var,
  f32_col_means,
  f32_col_sums,
  f32_mul_row,
  f32_row_mean_var,
  f32_row_means,
  f32_row_sums,
  f32_sub_row,
} from '../core/abi.generated.js';

/** y = x + row (row: cols values added to every row). */
export function addRow(x: F32Buffer, row: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_add_row(x, row, y, rows, cols);
}

/** y = x - row */
export function subRow(x: F32Buffer, row: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_sub_row(x, row, y, rows, cols);
}

/** y = x ⊙ row */
export function mulRow(x: F32Buffer, row: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_mul_row(x, row, y, rows, cols);
}

/** y[c] = Σ_r x[r][c] (cols values): a dense layer's bias gradient. */
export function colSums(x: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_col_sums(x, y, rows, cols);
}

/** y[c] = mean over the rows of column c. */
export function colMeans(x: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_col_means(x, y, rows, cols);
}

/** Per column: mean (or null, not wanted) and population variance, two-pass. */
export function colMeanVar(x: F32Buffer, mean: F32Buffer | null, variance: F32Buffer, rows: number, cols: number): void {
  f32_col_mean_var(x, mean, variance, rows, cols);
}

/** y[r] = Σ_c x[r][c] (rows values). */
export function rowSums(x: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_row_sums(x, y, rows, cols);
}

/** y[r] = mean of row r. */
export function rowMeans(x: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  f32_row_means(x, y, rows, cols);
}

/** Per row: mean (or null) and population variance. */
export function rowMeanVar(x: F32Buffer, mean: F32Buffer | null, variance: F32Buffer, rows: number, cols: number): void {
  f32_row_mean_var(x, mean, variance, rows, cols);
}
