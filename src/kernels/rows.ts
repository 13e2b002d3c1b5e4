// assembly/kernels/rows.ts: a rows x cols matrix (row-major) against one row broadcast over its
// rows, and the column and row reductions (float64 accumulation, rounded once):
//   addRow / subRow / mulRow (x, row, y, rows, cols)   y = x + row, x - row, x ⊙ row
//   colSums / colMeans (x, y, rows, cols)              y[c] over the rows of column c (colSums: a dense layer's bias gradient)
//   colMeanVar (x, mean | null, variance, rows, cols)  per column: mean (null: not wanted) and population variance, two-pass
//   rowSums / rowMeans (x, y, rows, cols)              y[r] over row r
//   rowMeanVar (x, mean | null, variance, rows, cols)  per row
// The typed ABI's functions are the wrappers: the parameters are the kernel's own.
export {
  f32_add_row as addRow,
  f32_sub_row as subRow,
  f32_mul_row as mulRow,
  f32_col_sums as colSums,
  f32_col_means as colMeans,
  f32_col_mean_var as colMeanVar,
  f32_row_sums as rowSums,
  f32_row_means as rowMeans,
  f32_row_mean_var as rowMeanVar,
} from '../core/abi.generated.js';
