// Whole-array reductions of n contiguous float32 values, accumulated in float64.
//
// Accuracy: float32 values and their squares are exact in float64 (24-bit significands,
// squares need 48 bits), so the only errors are the float64 additions: with 8 lane sums of
// about n/8 terms each, |error| <= (n/8 + 3) * 2^-53 * sum|x_i| (Higham, "Accuracy and
// Stability of Numerical Algorithms", 2nd ed., eq. 4.4, gamma_{n-1} bound for recursive
// summation, applied per lane and to the 3 combining additions). The results are float64;
// the TypeScript wrappers round to float32 where the API promises float32.
//
// Determinism: the summation order is a function of n alone. Values are taken 8 at a time
// into four f64x2 accumulators (value 8k+j goes to lane j), the n % 8 tail is zero-padded
// through the same code, and the lanes are combined in one fixed order:
// ((l0 + l2) + (l4 + l6)) + ((l1 + l3) + (l5 + l7)) with lj the sum of lane j.

import { hmaxF32x4Folded, hsumF64x2, laneMaskHigh64, laneMaskLow64, loadPart, promoteHigh, promoteLow } from "./lanes";
import { F32Ptr } from "./ptr";

// Which per-lane quantity a pass accumulates: x, x^2, or (x - c)^2 for a float64 centre c.
const ACC_SUM = 0;
const ACC_SQUARES = 1;
const ACC_CENTRED = 2;

@inline
function term(kind: i32, x: v128, c: v128): v128 {
  if (kind == ACC_SUM) return x;
  if (kind == ACC_SQUARES) return f64x2.mul(x, x);
  const d = f64x2.sub(x, c);
  return f64x2.mul(d, d);
}

/** The float64 sum over i < n of x_i, x_i^2 or (x_i - centre)^2 (kind), in the fixed order above. */
@inline
function accumulate(kind: i32, x: usize, n: i32, centre: f64): f64 {
  if (n <= 0) return 0;
  const c = f64x2.splat(centre);
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  const n8 = n & ~7;
  const end8: usize = (<usize>n8) << 2;
  let o: usize = 0;
  for (; o < end8; o += 32) {
    const v0 = v128.load(x + o);
    const v1 = v128.load(x + o, 16);
    s0 = f64x2.add(s0, term(kind, promoteLow(v0), c));
    s1 = f64x2.add(s1, term(kind, promoteHigh(v0), c));
    s2 = f64x2.add(s2, term(kind, promoteLow(v1), c));
    s3 = f64x2.add(s3, term(kind, promoteHigh(v1), c));
  }
  const rest = n - n8; // 0..7
  if (rest > 0) {
    // Padding lanes hold 0; for the centred sum they must add 0, not c^2, so mask them.
    const k0 = rest < 4 ? rest : 4;
    const k1 = rest - k0;
    const v0 = loadPart(x + o, k0);
    const v1 = loadPart(x + o + 16, k1);
    const t0 = term(kind, promoteLow(v0), c);
    const t1 = term(kind, promoteHigh(v0), c);
    const t2 = term(kind, promoteLow(v1), c);
    const t3 = term(kind, promoteHigh(v1), c);
    if (kind == ACC_CENTRED) {
      s0 = f64x2.add(s0, v128.and(t0, laneMaskLow64(k0)));
      s1 = f64x2.add(s1, v128.and(t1, laneMaskHigh64(k0)));
      s2 = f64x2.add(s2, v128.and(t2, laneMaskLow64(k1)));
      s3 = f64x2.add(s3, v128.and(t3, laneMaskHigh64(k1)));
    } else {
      s0 = f64x2.add(s0, t0);
      s1 = f64x2.add(s1, t1);
      s2 = f64x2.add(s2, t2);
      s3 = f64x2.add(s3, t3);
    }
  }
  // ((l0 + l2) + (l4 + l6)) + ((l1 + l3) + (l5 + l7)) as two-lane vector sums.
  return hsumF64x2(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3)));
}

/** Sum of the n values, in float64 (0 for n <= 0). */
export function f32_sum(x: F32Ptr, n: i32): f64 {
  return accumulate(ACC_SUM, x, n, 0);
}

/** Sum of squares of the n values, in float64 (each square is exact). */
export function f32_sum_squares(x: F32Ptr, n: i32): f64 {
  return accumulate(ACC_SQUARES, x, n, 0);
}

/** Mean of the n values (n >= 1): the float64 sum divided by n. */
export function f32_mean(x: F32Ptr, n: i32): f64 {
  return accumulate(ACC_SUM, x, n, 0) / <f64>n;
}

/**
 * Population variance of the n values (n >= 1), two-pass: m = sum/n, then sum (x - m)^2 / n,
 * both in float64. The second pass avoids the cancellation of E[x^2] - m^2 (Chan, Golub and
 * LeVeque, "Algorithms for computing the sample variance", Am. Stat. 1983).
 */
export function f32_variance(x: F32Ptr, n: i32): f64 {
  const m = accumulate(ACC_SUM, x, n, 0) / <f64>n;
  return accumulate(ACC_CENTRED, x, n, m) / <f64>n;
}

/** max |x_i| over the n values (0 for n = 0); NaN when any value is NaN. */
export function f32_max_abs(x: F32Ptr, n: i32): f64 {
  if (n <= 0) return 0;
  let m0 = f32x4.splat(0);
  let m1 = m0;
  const n8 = n & ~7;
  const end8: usize = (<usize>n8) << 2;
  let o: usize = 0;
  for (; o < end8; o += 32) {
    m0 = f32x4.max(m0, f32x4.abs(v128.load(x + o)));
    m1 = f32x4.max(m1, f32x4.abs(v128.load(x + o, 16)));
  }
  const rest = n - n8;
  if (rest > 0) {
    const k0 = rest < 4 ? rest : 4;
    // Zero padding is neutral: |x| >= 0.
    m0 = f32x4.max(m0, f32x4.abs(loadPart(x + o, k0)));
    m1 = f32x4.max(m1, f32x4.abs(loadPart(x + o + 16, rest - k0)));
  }
  // f32x4.max returns NaN when either operand is NaN, so a NaN anywhere survives to here.
  return <f64>hmaxF32x4Folded(f32x4.max(m0, m1));
}
