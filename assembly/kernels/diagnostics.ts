// Kernels for the network diagnostics (src/diagnostics): per-column counts for saturation and
// dead units, per-column keys for grouping equal units, strided equality tests, the largest
// off-diagonal cosine of a Gram matrix, and the float64 matrix-vector products of the Lanczos
// spectrum estimate.
//
// Determinism: every result is a function of the values and the sizes alone.
// - Counts are integers (exact in any order).
// - Column keys are accumulated per column in row order in float64; each column goes through the
//   same lane operations whatever its index (full blocks of 4 or the zero-padded last block), so
//   a column gives the same key at any position: equal columns get equal keys, bit for bit.
// - The float64 products use a fixed order that depends on the sizes only.
// None of these kernels allocates.

import { dotF64, hsumF64x2, loadPart, promoteHigh, promoteLow, storePart } from "./lanes";
import { F32Ptr, F64Ptr, I32Ptr } from "./ptr";

/**
 * counts[j] (i32) = the number of rows i with x[i][j] < lo or x[i][j] > hi (strict; NaN is
 * never counted), for a row-major rows x cols float32 x. Saturation uses the band of the
 * activation (|tanh| > 0.99: lo = -0.99, hi = 0.99); dead units count x > 0 (lo = -inf, hi = 0).
 */
export function f32_col_count_outside(x: F32Ptr, lo: f32, hi: f32, counts: I32Ptr, rows: i32, cols: i32): void {
  const full = cols & ~3;
  const rest = cols - full;
  const lov = f32x4.splat(lo);
  const hiv = f32x4.splat(hi);
  const zero = i32x4.splat(0);
  for (let j = 0; j < full; j += 4) v128.store(counts + ((<usize>j) << 2), zero);
  if (rest > 0) storePart(counts + ((<usize>full) << 2), zero, rest);
  const stride = (<usize>cols) << 2;
  let row = x;
  for (let i = 0; i < rows; i++) {
    let j = 0;
    for (; j < full; j += 4) {
      const o = (<usize>j) << 2;
      const v = v128.load(row + o);
      // A true comparison lane is all ones (-1): subtracting it adds one.
      const m = v128.or(f32x4.lt(v, lov), f32x4.gt(v, hiv));
      v128.store(counts + o, i32x4.sub(v128.load(counts + o), m));
    }
    if (rest > 0) {
      const o = (<usize>j) << 2;
      const v = loadPart(row + o, rest);
      const m = v128.or(f32x4.lt(v, lov), f32x4.gt(v, hiv));
      storePart(counts + o, i32x4.sub(loadPart(counts + o, rest), m), rest);
    }
    row += stride;
  }
}

/**
 * For every column j of a row-major rows x cols float32 x: key[j] (float64) = sum over i in row
 * order of w[i]·x[i][j] (each product exact in float64, each addition rounded once), and
 * scale[j] (float32) = max_i |x[i][j]| (NaN when the column holds a NaN). w holds rows float32
 * weights. Equal columns get equal keys and scales at any position (see the file header).
 */
export function f32_col_keys(x: F32Ptr, w: F32Ptr, key: F64Ptr, scale: F32Ptr, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  for (let j = 0; j < cols; j += 4) {
    const k = cols - j < 4 ? cols - j : 4;
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let m = f32x4.splat(0);
    let p = x + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      const v = k == 4 ? v128.load(p) : loadPart(p, k);
      const wi = f64x2.splat(<f64>load<f32>(w + ((<usize>i) << 2)));
      a0 = f64x2.add(a0, f64x2.mul(promoteLow(v), wi));
      a1 = f64x2.add(a1, f64x2.mul(promoteHigh(v), wi));
      // f32x4.max returns NaN when either operand is NaN, so a NaN survives to the end.
      m = f32x4.max(m, f32x4.abs(v));
      p += stride;
    }
    const kp = key + ((<usize>j) << 3);
    if (k == 4) {
      v128.store(kp, a0);
      v128.store(kp, a1, 16);
    } else {
      store<f64>(kp, f64x2.extract_lane(a0, 0));
      if (k > 1) store<f64>(kp, f64x2.extract_lane(a0, 1), 8);
      if (k > 2) store<f64>(kp, f64x2.extract_lane(a1, 0), 16);
    }
    storePart(scale + ((<usize>j) << 2), m, k);
  }
}

/**
 * 1 when |p[s·t] - q[s·t]| <= tol for every t < count (difference and comparison in float64;
 * a NaN on either side fails), else 0. s = stride in floats: 1 compares two rows of a
 * row-major matrix, cols compares two columns. Stops at the first difference.
 */
export function f32_within(p: F32Ptr, q: F32Ptr, count: i32, stride: i32, tol: f64): i32 {
  const step = (<usize>stride) << 2;
  for (let t = 0; t < count; t++) {
    const d = abs<f64>(<f64>load<f32>(p) - <f64>load<f32>(q));
    if (!(d <= tol)) return 0;
    p += step;
    q += step;
  }
  return 1;
}

/**
 * The largest |cosine| between two units of different groups, from an n x n float32 Gram matrix
 * g of centred columns: max over i < j of |g_ij| / sqrt(g_ii·g_jj), in float64, taken over the
 * pairs with group[i] >= 0, group[j] >= 0 and group[i] != group[j] (group: n i32 ids; a negative
 * id leaves the unit out, and so does g_ii <= 0). work: room for n float64. Writes the pair's
 * (i, j) as two i32 at out and returns the maximum, or -1 (and (-1, -1)) when no pair qualifies.
 * The first maximal pair in row order wins ties.
 */
export function f32_gram_max_abs_cosine(g: F32Ptr, n: i32, group: I32Ptr, work: F64Ptr, out: I32Ptr): f64 {
  const rowBytes = (<usize>n) << 2;
  for (let i = 0; i < n; i++) {
    const d = <f64>load<f32>(g + (<usize>i) * rowBytes + ((<usize>i) << 2));
    store<f64>(work + ((<usize>i) << 3), d > 0 ? 1.0 / Math.sqrt(d) : 0);
  }
  let best: f64 = -1;
  let bi: i32 = -1;
  let bj: i32 = -1;
  for (let i = 0; i < n; i++) {
    const gi = load<i32>(group + ((<usize>i) << 2));
    const si = load<f64>(work + ((<usize>i) << 3));
    if (gi < 0 || si == 0) continue;
    const row = g + (<usize>i) * rowBytes;
    for (let j = i + 1; j < n; j++) {
      const gj = load<i32>(group + ((<usize>j) << 2));
      if (gj < 0 || gj == gi) continue;
      const sj = load<f64>(work + ((<usize>j) << 3));
      if (sj == 0) continue;
      const c = abs<f64>(<f64>load<f32>(row + ((<usize>j) << 2))) * si * sj;
      if (c > best) {
        best = c;
        bi = i;
        bj = j;
      }
    }
  }
  store<i32>(out, bi);
  store<i32>(out, bj, 4);
  return best;
}

/** A[row][j] as float64: the float32 element promoted, or the float64 element. */
// @ts-ignore: decorator
@inline function elementAt(aF32: bool, row: usize, j: i32): f64 {
  return aF32 ? <f64>load<f32>(row + ((<usize>j) << 2)) : load<f64>(row + ((<usize>j) << 3));
}

/**
 * The two gemvs' shared loops, A float32 (aF32, a compile-time constant) or float64; x and y
 * float64. A step covers W = 4 (float32 A: one v128 of A, its halves promoted) or 2 (float64 A:
 * one v128) columns, into two f64x2 accumulators s0, s1 (float32 A: columns 4q, 4q+1 in s0 and
 * 4q+2, 4q+3 in s1) or one (float64 A). Then for A·x: t = lanes of (s0 + s1) or s0, and the
 * leftover columns added in order; for Aᵀ·x: y[j] += A[i][j]·x[i], rows in order.
 * Products are A·x, each rounded once in float64.
 */
// @ts-ignore: decorator
@inline function gemv(aF32: bool, a: usize, x: usize, y: usize, rows: i32, cols: i32, trans: i32): void {
  const full = aF32 ? cols & ~3 : cols & ~1;
  const w: i32 = aF32 ? 4 : 2;
  const stride = aF32 ? (<usize>cols) << 2 : (<usize>cols) << 3;
  if (trans == 0) {
    let row = a;
    for (let i = 0; i < rows; i++) {
      let s0 = f64x2.splat(0);
      let s1 = s0;
      let j = 0;
      for (; j < full; j += w) {
        const xp = x + ((<usize>j) << 3);
        if (aF32) {
          const v = v128.load(row + ((<usize>j) << 2));
          s0 = f64x2.add(s0, f64x2.mul(promoteLow(v), v128.load(xp)));
          s1 = f64x2.add(s1, f64x2.mul(promoteHigh(v), v128.load(xp, 16)));
        } else {
          s0 = f64x2.add(s0, f64x2.mul(v128.load(row + ((<usize>j) << 3)), v128.load(xp)));
        }
      }
      let t = hsumF64x2(aF32 ? f64x2.add(s0, s1) : s0);
      for (; j < cols; j++) t += elementAt(aF32, row, j) * load<f64>(x + ((<usize>j) << 3));
      store<f64>(y + ((<usize>i) << 3), t);
      row += stride;
    }
    return;
  }
  for (let j = 0; j < cols; j++) store<f64>(y + ((<usize>j) << 3), 0);
  let row = a;
  for (let i = 0; i < rows; i++) {
    const xi = load<f64>(x + ((<usize>i) << 3));
    const xv = f64x2.splat(xi);
    let j = 0;
    for (; j < full; j += w) {
      const yp = y + ((<usize>j) << 3);
      if (aF32) {
        const v = v128.load(row + ((<usize>j) << 2));
        v128.store(yp, f64x2.add(v128.load(yp), f64x2.mul(promoteLow(v), xv)));
        v128.store(yp, f64x2.add(v128.load(yp, 16), f64x2.mul(promoteHigh(v), xv)), 16);
      } else {
        v128.store(yp, f64x2.add(v128.load(yp), f64x2.mul(v128.load(row + ((<usize>j) << 3)), xv)));
      }
    }
    for (; j < cols; j++) {
      const yp = y + ((<usize>j) << 3);
      store<f64>(yp, load<f64>(yp) + elementAt(aF32, row, j) * xi);
    }
    row += stride;
  }
}

/**
 * float64 y = op(A)·x for a row-major rows x cols float32 A and float64 x, y (y must not
 * overlap x): trans 0: y (rows values) = A·x; trans 1: y (cols values) = Aᵀ·x. Every product
 * of a float32 and a float64 is rounded once in float64. Order: for A·x, each row's dot product
 * in two f64x2 lanes over 4 columns at a time, then the tail in order; for Aᵀ·x, rows added in
 * order.
 */
export function f64_gemv_f32(a: F32Ptr, x: F64Ptr, y: F64Ptr, rows: i32, cols: i32, trans: i32): void {
  gemv(true, a, x, y, rows, cols, trans);
}

/**
 * float64 y = op(A)·x for a row-major rows x cols float64 A (the Lanczos basis, one vector per
 * row): trans 0: y (rows values) = A·x; trans 1: y (cols values) = Aᵀ·x. y must not overlap x.
 * Order: for A·x, each row's dot product in one f64x2 (even and odd columns), its lanes, then
 * the last odd column; for Aᵀ·x, rows added in order.
 */
export function f64_gemv(a: F64Ptr, x: F64Ptr, y: F64Ptr, rows: i32, cols: i32, trans: i32): void {
  gemv(false, a, x, y, rows, cols, trans);
}

/** sum_i x_i·y_i over n float64 values: two f64x2 lanes (even and odd indices), then the lanes. */
export function f64_dot(x: F64Ptr, y: F64Ptr, n: i32): f64 {
  return dotF64(x, y, 0, n);
}

/**
 * y = alpha·x (scale) or y + alpha·x (axpy, accumulate) over n float64 values: two at a time in an
 * f64x2, then the odd last one; each element rounded once for the product and, accumulating,
 * once for the sum. y may be x.
 */
// @ts-ignore: decorator
@inline function scaled64(accumulate: bool, alpha: f64, x: usize, y: usize, n: i32): void {
  const av = f64x2.splat(alpha);
  const full = n & ~1;
  let i = 0;
  for (; i < full; i += 2) {
    const o = (<usize>i) << 3;
    const p = f64x2.mul(v128.load(x + o), av);
    v128.store(y + o, accumulate ? f64x2.add(v128.load(y + o), p) : p);
  }
  if (i < n) {
    const o = (<usize>i) << 3;
    const p = load<f64>(x + o) * alpha;
    store<f64>(y + o, accumulate ? load<f64>(y + o) + p : p);
  }
}

/** y = y + alpha·x over n float64 values (each element rounded twice: product, sum). */
export function f64_axpy(alpha: f64, x: F64Ptr, y: F64Ptr, n: i32): void {
  scaled64(true, alpha, x, y, n);
}

/** y = s·x over n float64 values; y may be x. */
export function f64_scale(x: F64Ptr, s: f64, y: F64Ptr, n: i32): void {
  scaled64(false, s, x, y, n);
}
