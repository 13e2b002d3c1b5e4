// The SIMD vocabulary every kernel shares: partial loads and stores for the last k < 4 lanes,
// lane masks, float32 <-> float64 lane conversions and horizontal reductions. One definition
// of each, so that two kernels doing the same thing do it with the same instructions.
//
// Partial vectors: the tails of elementwise kernels, rows and columns go through the same SIMD
// code as the rest (so a value's result never depends on its index), without reading or
// writing past the end of a buffer.
//
// Horizontal reductions are NOT interchangeable: floating-point addition is not associative,
// so each name states its order, and a kernel keeps the order its results were defined with.

// ---------------------------------------------------------------------------------------------
// Partial loads and stores.

/** The first k (0..4) floats at p in lanes 0..k-1, zeros in the others. */
// @ts-ignore: decorator
@inline export function loadPart(p: usize, k: i32): v128 {
  if (k >= 4) return v128.load(p);
  if (k == 3) return v128.load32_lane(p, v128.load64_zero(p), 2, 8);
  if (k == 2) return v128.load64_zero(p);
  if (k == 1) return v128.load32_zero(p);
  return f32x4.splat(0);
}

/**
 * The first k (0..4) floats at p in lanes 0..k-1 and `pad` in the others: a padding that is
 * neutral for what the lanes feed (-Infinity for a max or for e^x in a softmax sum).
 */
// @ts-ignore: decorator
@inline export function loadPartPad(p: usize, k: i32, pad: f32): v128 {
  if (reinterpret<u32>(pad) == 0) return loadPart(p, k); // +0: loadPart pads with it already
  return v128.bitselect(loadPart(p, k), f32x4.splat(pad), laneMask(k));
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

// ---------------------------------------------------------------------------------------------
// Lane masks.

/** All-ones in the 32-bit lanes 0..k-1, zeros in the others (k <= 0: none, k >= 4: all). */
// @ts-ignore: decorator
@inline export function laneMask(k: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k));
}

/** laneMask(k) for the two 64-bit lanes that hold 32-bit lanes 0-1 (promoteLow's). */
// @ts-ignore: decorator
@inline export function laneMaskLow64(k: i32): v128 {
  return i64x2.extend_low_i32x4_s(laneMask(k));
}

/** laneMask(k) for the two 64-bit lanes that hold 32-bit lanes 2-3 (promoteHigh's). */
// @ts-ignore: decorator
@inline export function laneMaskHigh64(k: i32): v128 {
  return i64x2.extend_high_i32x4_s(laneMask(k));
}

// ---------------------------------------------------------------------------------------------
// float32 <-> float64 lanes. Promotion is exact; demotion rounds each lane once.

/** Float32 lanes 0-1 of v as two float64 lanes. */
// @ts-ignore: decorator
@inline export function promoteLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Float32 lanes 2-3 of v as two float64 lanes. */
// @ts-ignore: decorator
@inline export function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** Two f64x2 rounded to one f32x4: lanes lo0, lo1, hi0, hi1 (the inverse of promoteLow/High). */
// @ts-ignore: decorator
@inline export function demoteJoin(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// ---------------------------------------------------------------------------------------------
// Horizontal reductions, each in the order its name states.

/** (l0 + l1) + (l2 + l3) of an f32x4, in float32. */
// @ts-ignore: decorator
@inline export function hsumF32x4Pairwise(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** l0 + l1 of an f64x2. */
// @ts-ignore: decorator
@inline export function hsumF64x2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * max(max(l0, l2), max(l1, l3)) of an f32x4, folded with two shuffles in f32x4.max (NaN if any
 * lane is NaN).
 */
// @ts-ignore: decorator
@inline export function hmaxF32x4Folded(v: v128): f32 {
  const m = f32x4.max(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.max(m, i32x4.shuffle(m, m, 1, 0, 3, 2)), 0);
}

/** max(max(l0, l1), max(l2, l3)) of an f32x4, in scalar float32 max (NaN if any lane is NaN). */
// @ts-ignore: decorator
@inline export function hmaxF32x4Pairwise(v: v128): f32 {
  return max(
    max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)),
    max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)),
  );
}
