// Float64 references for the reductions (assembly/kernels/reduce.ts, rows.ts). Sums use
// Neumaier's compensated summation (Neumaier, ZAMM 54, 1974; Higham, "Accuracy and Stability
// of Numerical Algorithms", 2nd ed., section 4.3), whose error is at most about
// 2 * 2^-53 * |sum| + n^2 * 2^-106 * sum|x_i|: for test sizes it is the float64 rounding of the
// exact sum, so the reference adds almost nothing to a kernel's error bound.

/** Compensated sum of f(x_i) over i in [start, start + count * step) by step. */
function neumaier(x: ArrayLike<number>, start: number, count: number, step: number, f: (v: number) => number): number {
  let s = 0;
  let c = 0;
  for (let k = 0, i = start; k < count; k++, i += step) {
    const v = f(x[i]!);
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

const id = (v: number): number => v;
const sq = (v: number): number => v * v;

export function sum(x: ArrayLike<number>): number {
  return neumaier(x, 0, x.length, 1, id);
}

/** Sum of squares (a float32 value's square is exact in float64). */
export function sumSquares(x: ArrayLike<number>): number {
  return neumaier(x, 0, x.length, 1, sq);
}

/** Sum of |x_i|: the scale of a summation error bound. */
export function sumAbs(x: ArrayLike<number>): number {
  return neumaier(x, 0, x.length, 1, Math.abs);
}

export function mean(x: ArrayLike<number>): number {
  return sum(x) / x.length;
}

/** Population variance, two-pass: the mean, then the mean of squared deviations. */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  return neumaier(x, 0, x.length, 1, (v) => (v - m) * (v - m)) / x.length;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/** Per-column sums of a rows x cols row-major matrix. */
export function colSums(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const y = new Float64Array(cols);
  for (let j = 0; j < cols; j++) y[j] = neumaier(x, j, rows, cols, id);
  return y;
}

/** Per-row sums of a rows x cols row-major matrix. */
export function rowSums(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) y[i] = neumaier(x, i * cols, cols, 1, id);
  return y;
}

/** Per-column sums of |x|. */
export function colSumsAbs(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const y = new Float64Array(cols);
  for (let j = 0; j < cols; j++) y[j] = neumaier(x, j, rows, cols, Math.abs);
  return y;
}

/** Per-row sums of |x|. */
export function rowSumsAbs(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) y[i] = neumaier(x, i * cols, cols, 1, Math.abs);
  return y;
}

/** Per-column mean and population variance (two-pass). */
export function colMeanVar(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const m = neumaier(x, j, rows, cols, id) / rows;
    mean[j] = m;
    variance[j] = neumaier(x, j, rows, cols, (v) => (v - m) * (v - m)) / rows;
  }
  return { mean, variance };
}

/** Per-row mean and population variance (two-pass). */
export function rowMeanVar(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const m = neumaier(x, i * cols, cols, 1, id) / cols;
    mean[i] = m;
    variance[i] = neumaier(x, i * cols, cols, 1, (v) => (v - m) * (v - m)) / cols;
  }
  return { mean, variance };
}
