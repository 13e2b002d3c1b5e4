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
// The loop is walk8 in lanes.ts, which f32_max_abs (and f32_all_finite) run too.

import { hmaxF32x4Folded, hsumF64x2, walk8, WALK_CENTRED, WALK_MAX_ABS, WALK_SQUARES, WALK_SUM } from "./lanes";
import { F32Ptr } from "./ptr";

/** The float64 sum over i < n of x_i, x_i^2 or (x_i - centre)^2 (kind), in the fixed order above. */
@inline
function accumulate(kind: i32, x: usize, n: i32, centre: f64): f64 {
  if (n <= 0) return 0;
  // ((l0 + l2) + (l4 + l6)) + ((l1 + l3) + (l5 + l7)) as two-lane vector sums.
  return hsumF64x2(walk8(kind, x, n, centre));
}

/** Sum of the n values, in float64 (0 for n <= 0). */
export function f32_sum(x: F32Ptr, n: i32): f64 {
  return accumulate(WALK_SUM, x, n, 0);
}

/** Sum of squares of the n values, in float64 (each square is exact). */
export function f32_sum_squares(x: F32Ptr, n: i32): f64 {
  return accumulate(WALK_SQUARES, x, n, 0);
}

/** Mean of the n values (n >= 1): the float64 sum divided by n. */
export function f32_mean(x: F32Ptr, n: i32): f64 {
  return accumulate(WALK_SUM, x, n, 0) / <f64>n;
}

/**
 * Population variance of the n values (n >= 1), two-pass: m = sum/n, then sum (x - m)^2 / n,
 * both in float64. The second pass avoids the cancellation of E[x^2] - m^2 (Chan, Golub and
 * LeVeque, "Algorithms for computing the sample variance", Am. Stat. 1983).
 */
export function f32_variance(x: F32Ptr, n: i32): f64 {
  const m = accumulate(WALK_SUM, x, n, 0) / <f64>n;
  return accumulate(WALK_CENTRED, x, n, m) / <f64>n;
}

/** max |x_i| over the n values (0 for n = 0); NaN when any value is NaN. */
export function f32_max_abs(x: F32Ptr, n: i32): f64 {
  if (n <= 0) return 0;
  // NaN anywhere survives the walk's f32x4.max, and the fold's.
  return <f64>hmaxF32x4Folded(walk8(WALK_MAX_ABS, x, n, 0));
}
