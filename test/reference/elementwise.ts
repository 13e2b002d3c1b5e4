// Float64 references for the elementwise and row-broadcast kernels (assembly/kernels/
// elementwise.ts, rows.ts). Inputs are float32 values read as numbers; results are float64.
// For add, sub, mul and scale, Math.fround of the float64 result is exactly the float32 result
// the core must give: the float64 operation rounds once, and rounding a float64 result again to
// float32 equals rounding the exact result directly because 53 >= 2*24 + 2 (Figueroa, "When is
// double rounding innocuous?", SIGNUM Newsletter 30(3), 1995).

export function add(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i]! + b[i]!;
  return y;
}

export function sub(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i]! - b[i]!;
  return y;
}

export function mul(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i]! * b[i]!;
  return y;
}

export function scale(x: ArrayLike<number>, s: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = s * x[i]!;
  return y;
}

/** y + alpha * x in float64 (the core rounds twice: fl(y + fl(alpha * x))). */
export function axpy(alpha: number, x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const r = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) r[i] = y[i]! + alpha * x[i]!;
  return r;
}

/** True when every value is finite. */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

/** x (rows x cols, row-major) op row (cols values) broadcast over the rows. */
function byRow(
  x: ArrayLike<number>,
  row: ArrayLike<number>,
  rows: number,
  cols: number,
  op: (a: number, b: number) => number,
): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y[i * cols + j] = op(x[i * cols + j]!, row[j]!);
  return y;
}

export function addRow(x: ArrayLike<number>, row: ArrayLike<number>, rows: number, cols: number): Float64Array {
  return byRow(x, row, rows, cols, (a, b) => a + b);
}

export function subRow(x: ArrayLike<number>, row: ArrayLike<number>, rows: number, cols: number): Float64Array {
  return byRow(x, row, rows, cols, (a, b) => a - b);
}

export function mulRow(x: ArrayLike<number>, row: ArrayLike<number>, rows: number, cols: number): Float64Array {
  return byRow(x, row, rows, cols, (a, b) => a * b);
}
