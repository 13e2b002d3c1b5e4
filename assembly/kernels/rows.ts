// Row and column kernels on a row-major rows x cols float32 matrix.
//
// Broadcasts (add_row, sub_row, mul_row) run the elementwise kernels once per row, so an element's
// result is the same single float32 operation wherever it sits.
//
// Column reductions accumulate each column in float64, in row order (x[0][j] + x[1][j] + ...),
// then round once to float32. The chain of operations for column j depends only on that
// column's values and on rows, never on j or cols, so the result is position independent: the
// same column gives the same bits at any index of any width. Columns are taken in blocks of
// 16, then 4, then a zero-padded partial block of 1..3, each column in its own f64 lane.
// Row reductions are the whole-array reductions of reduce.ts applied to each row.
//
// Accuracy of a column sum: |error| <= (rows - 1) * 2^-53 * sum_i |x_ij| in float64 (Higham,
// "Accuracy and Stability of Numerical Algorithms", eq. 4.4), plus the final float32 rounding.
import { f32_add, f32_mul, f32_sub } from "./elementwise";
import { f32_sum, f32_variance } from "./reduce";
import { demoteJoin, loadPart, promoteHigh, promoteLow, sqDev64, storePart } from "./lanes";
import { F32Ptr, F32PtrOrNull } from "./ptr";

// Which elementwise kernel a broadcast runs over each row: a constant at every call, so the
// branch folds away.
const ROW_ADD = 0;
const ROW_SUB = 1;
const ROW_MUL = 2;

/** y = x op row, row broadcast over the rows: the elementwise kernel once per row. y may be x. */
@inline
function broadcastRow(op: i32, x: usize, row: usize, y: usize, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  for (let i = 0; i < rows; i++) {
    if (op == ROW_ADD) f32_add(x, row, y, cols);
    else if (op == ROW_SUB) f32_sub(x, row, y, cols);
    else f32_mul(x, row, y, cols);
    x += stride;
    y += stride;
  }
}

/** y = x + row, row broadcast over the rows (bias add). y may be x. */
export function f32_add_row(x: F32Ptr, row: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  broadcastRow(ROW_ADD, x, row, y, rows, cols);
}

/** y = x - row, row broadcast over the rows. y may be x. */
export function f32_sub_row(x: F32Ptr, row: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  broadcastRow(ROW_SUB, x, row, y, rows, cols);
}

/** y = x * row, row broadcast over the rows. y may be x. */
export function f32_mul_row(x: F32Ptr, row: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  broadcastRow(ROW_MUL, x, row, y, rows, cols);
}

/**
 * For every column j: sum_i x[i][j] in float64 (row order); then, when centred, the same for
 * (x[i][j] - s_j / rows)^2. Writes fl32(s_j / divisor) to y and, when centred, the centred sum
 * divided by rows to v. divisor 1 gives plain sums (division by 1 is exact). y = 0 skips
 * writing the sums (variance only).
 */
@inline
function columns(x: usize, y: usize, v: usize, rows: i32, cols: i32, divisor: f64, centred: bool): void {
  const stride = (<usize>cols) << 2;
  const d = f64x2.splat(divisor);
  const r = f64x2.splat(<f64>rows);
  let j = 0;
  // Blocks of 16 columns: eight independent f64x2 chains keep the adders busy.
  for (; j + 16 <= cols; j += 16) {
    const o = (<usize>j) << 2;
    let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    let p = x + o;
    for (let i = 0; i < rows; i++) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      a0 = f64x2.add(a0, promoteLow(v0));
      a1 = f64x2.add(a1, promoteHigh(v0));
      a2 = f64x2.add(a2, promoteLow(v1));
      a3 = f64x2.add(a3, promoteHigh(v1));
      a4 = f64x2.add(a4, promoteLow(v2));
      a5 = f64x2.add(a5, promoteHigh(v2));
      a6 = f64x2.add(a6, promoteLow(v3));
      a7 = f64x2.add(a7, promoteHigh(v3));
      p += stride;
    }
    if (y) {
      v128.store(y + o, demoteJoin(f64x2.div(a0, d), f64x2.div(a1, d)));
      v128.store(y + o, demoteJoin(f64x2.div(a2, d), f64x2.div(a3, d)), 16);
      v128.store(y + o, demoteJoin(f64x2.div(a4, d), f64x2.div(a5, d)), 32);
      v128.store(y + o, demoteJoin(f64x2.div(a6, d), f64x2.div(a7, d)), 48);
    }
    if (centred) {
      const m0 = f64x2.div(a0, r), m1 = f64x2.div(a1, r), m2 = f64x2.div(a2, r), m3 = f64x2.div(a3, r);
      const m4 = f64x2.div(a4, r), m5 = f64x2.div(a5, r), m6 = f64x2.div(a6, r), m7 = f64x2.div(a7, r);
      a0 = f64x2.splat(0);
      a1 = a0;
      a2 = a0;
      a3 = a0;
      a4 = a0;
      a5 = a0;
      a6 = a0;
      a7 = a0;
      p = x + o;
      for (let i = 0; i < rows; i++) {
        const v0 = v128.load(p);
        const v1 = v128.load(p, 16);
        const v2 = v128.load(p, 32);
        const v3 = v128.load(p, 48);
        a0 = f64x2.add(a0, sqDev64(promoteLow(v0), m0));
        a1 = f64x2.add(a1, sqDev64(promoteHigh(v0), m1));
        a2 = f64x2.add(a2, sqDev64(promoteLow(v1), m2));
        a3 = f64x2.add(a3, sqDev64(promoteHigh(v1), m3));
        a4 = f64x2.add(a4, sqDev64(promoteLow(v2), m4));
        a5 = f64x2.add(a5, sqDev64(promoteHigh(v2), m5));
        a6 = f64x2.add(a6, sqDev64(promoteLow(v3), m6));
        a7 = f64x2.add(a7, sqDev64(promoteHigh(v3), m7));
        p += stride;
      }
      v128.store(v + o, demoteJoin(f64x2.div(a0, r), f64x2.div(a1, r)));
      v128.store(v + o, demoteJoin(f64x2.div(a2, r), f64x2.div(a3, r)), 16);
      v128.store(v + o, demoteJoin(f64x2.div(a4, r), f64x2.div(a5, r)), 32);
      v128.store(v + o, demoteJoin(f64x2.div(a6, r), f64x2.div(a7, r)), 48);
    }
  }
  // Blocks of 4 columns, then one partial block of 1..3 (k lanes loaded, the rest zeros and
  // never stored): the same per-lane operations as above.
  for (; j < cols; j += 4) {
    const k = cols - j < 4 ? cols - j : 4;
    const o = (<usize>j) << 2;
    let a0 = f64x2.splat(0), a1 = a0;
    let p = x + o;
    for (let i = 0; i < rows; i++) {
      const v0 = loadPart(p, k);
      a0 = f64x2.add(a0, promoteLow(v0));
      a1 = f64x2.add(a1, promoteHigh(v0));
      p += stride;
    }
    if (y) storePart(y + o, demoteJoin(f64x2.div(a0, d), f64x2.div(a1, d)), k);
    if (centred) {
      const m0 = f64x2.div(a0, r), m1 = f64x2.div(a1, r);
      a0 = f64x2.splat(0);
      a1 = a0;
      p = x + o;
      for (let i = 0; i < rows; i++) {
        const v0 = loadPart(p, k);
        a0 = f64x2.add(a0, sqDev64(promoteLow(v0), m0));
        a1 = f64x2.add(a1, sqDev64(promoteHigh(v0), m1));
        p += stride;
      }
      storePart(v + o, demoteJoin(f64x2.div(a0, r), f64x2.div(a1, r)), k);
    }
  }
}

/** y[j] = sum_i x[i][j] (y: cols values). Bias gradients. */
export function f32_col_sums(x: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  columns(x, y, 0, rows, cols, 1.0, false);
}

/** y[j] = (sum_i x[i][j]) / rows, rounded once to float32. */
export function f32_col_means(x: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  columns(x, y, 0, rows, cols, <f64>rows, false);
}

/**
 * Per-column mean and population variance (two-pass in float64: the mean first, then the mean
 * of squared deviations from it; Chan, Golub and LeVeque, Am. Stat. 1983). mean and var hold
 * cols values each; both are rounded once to float32. mean = 0 writes the variances only.
 */
export function f32_col_mean_var(x: F32Ptr, mean: F32PtrOrNull, var_: F32Ptr, rows: i32, cols: i32): void {
  columns(x, mean, var_, rows, cols, <f64>rows, true);
}

/** y[i] = sum_j x[i][j] (y: rows values), each row summed as f32_sum does, rounded to float32. */
export function f32_row_sums(x: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  for (let i = 0; i < rows; i++) {
    store<f32>(y, <f32>f32_sum(x, cols));
    x += stride;
    y += 4;
  }
}

/** y[i] = (sum_j x[i][j]) / cols, rounded once to float32. */
export function f32_row_means(x: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  const c = <f64>cols;
  for (let i = 0; i < rows; i++) {
    store<f32>(y, <f32>(f32_sum(x, cols) / c));
    x += stride;
    y += 4;
  }
}

/**
 * Per-row mean and population variance (two-pass in float64 as f32_variance), rounded to
 * float32. mean = 0 writes the variances only.
 */
export function f32_row_mean_var(x: F32Ptr, mean: F32PtrOrNull, var_: F32Ptr, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  const c = <f64>cols;
  for (let i = 0; i < rows; i++) {
    if (mean) store<f32>(mean, <f32>(f32_sum(x, cols) / c));
    store<f32>(var_, <f32>f32_variance(x, cols));
    x += stride;
    mean += 4;
    var_ += 4;
  }
}
