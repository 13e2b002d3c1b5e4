// Partial vector loads and stores for the tails of elementwise kernels: the last n % 4 values
// go through the same SIMD code as the rest (so a value's result never depends on its index),
// without reading or writing past the end of a buffer.

/** The first k (0..4) floats at p in lanes 0..k-1, zeros in the others. */
// @ts-ignore: decorator
@inline export function loadPart(p: usize, k: i32): v128 {
  if (k >= 4) return v128.load(p);
  if (k == 3) return v128.load32_lane(p, v128.load64_zero(p), 2, 8);
  if (k == 2) return v128.load64_zero(p);
  if (k == 1) return v128.load32_zero(p);
  return f32x4.splat(0);
}

/** Stores lanes 0..k-1 (k in 0..4) of v at p; memory past them is untouched. */
// @ts-ignore: decorator
@inline export function storePart(p: usize, v: v128, k: i32): void {
  if (k >= 4) {
    v128.store(p, v);
  } else if (k == 3) {
    v128.store64_lane(p, v, 0);
    v128.store32_lane(p, v, 2, 8);
  } else if (k == 2) {
    v128.store64_lane(p, v, 0);
  } else if (k == 1) {
    v128.store32_lane(p, v, 0);
  }
}
