// assembly/kernels/reduce.ts: whole-array reductions of n floats (x, n), accumulated in float64
// and returned unrounded (callers round to float32 where they return a float32 value):
//   sum, sumSquares, mean, variance (population: divides by n, two-pass), maxAbs (NaN if any is NaN).
export {
  f32_sum as sum,
  f32_sum_squares as sumSquares,
  f32_mean as mean,
  f32_variance as variance,
  f32_max_abs as maxAbs,
} from '../core/abi.generated.js';
