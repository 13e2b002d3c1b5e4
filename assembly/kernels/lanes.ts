// The SIMD vocabulary every kernel shares: partial loads and stores for the last k < 4 lanes,
// lane masks, float32 <-> float64 lane conversions and horizontal reductions, and the loops that
// kernels of different files share (the float64 dot product, the whole-array reduction walk).
// One definition of each, so that two kernels doing the same thing do it with the same
// instructions.
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

// ---------------------------------------------------------------------------------------------
// Shared loops.

/**
 * sum over i in [i0, n) of x[i]·y[i] for float64 x and y: consecutive pairs (i0 + 2q, i0 + 2q + 1)
 * in one f64x2, its lanes added, then the last element when n - i0 is odd (each product rounded
 * once). The dot products of the float64 kernels (f64_dot, the Householder QR).
 */
// @ts-ignore: decorator
@inline export function dotF64(x: usize, y: usize, i0: i32, n: i32): f64 {
  let s = f64x2.splat(0);
  const end = n - ((n - i0) & 1); // i0 + the even part of the count
  let i = i0;
  for (; i < end; i += 2) {
    const o = (<usize>i) << 3;
    s = f64x2.add(s, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  let d = hsumF64x2(s);
  if (i < n) d += load<f64>(x + ((<usize>i) << 3)) * load<f64>(y + ((<usize>i) << 3));
  return d;
}

// ---------------------------------------------------------------------------------------------
// The walk of the whole-array reductions (reduce.ts, and f32_all_finite in elementwise.ts), one
// loop for all of them. The n float32 values at x are taken 8 at a time as two f32x4 (values
// 8q..8q+3 and 8q+4..8q+7); the n % 8 tail as two zero-padded partial vectors of k0 = min(rest, 4)
// and rest - k0 values, through the same code. What each lane accumulates (kind, a compile-time
// constant, so each kernel compiles to its own branch-free loop):
//   WALK_SUM, WALK_SQUARES, WALK_CENTRED: x, x^2 or (x - centre)^2 in float64, four f64x2
//     accumulators (value 8q+j in lane j of the four); padding lanes add 0 (masked for the centred
//     sum, where they would add centre^2). Returns the f64x2 (s0 + s1) + (s2 + s3).
//   WALK_MAX_ABS: max(m, |x|) in two f32x4 accumulators (zero padding is neutral: |x| >= 0;
//     f32x4.max returns NaN when either operand is NaN, so a NaN survives). Returns max(m0, m1).
//   WALK_NAN_IF_NOT_FINITE: a + (x - x) in two f32x4 accumulators: x - x is 0 for a finite x and
//     NaN for NaN and ±Infinity, and a lane stays 0 until a non-finite value reaches it and NaN
//     afterwards (padding adds 0). Returns a0 + a1.

export const WALK_SUM: i32 = 0;
export const WALK_SQUARES: i32 = 1;
export const WALK_CENTRED: i32 = 2;
export const WALK_MAX_ABS: i32 = 3;
export const WALK_NAN_IF_NOT_FINITE: i32 = 4;

/** (x - c)^2 on two float64 lanes: the term of a centred (variance) sum. */
// @ts-ignore: decorator
@inline export function sqDev64(x: v128, c: v128): v128 {
  const d = f64x2.sub(x, c);
  return f64x2.mul(d, d);
}

/** x, x^2 or (x - c)^2 on two float64 lanes (the float64 kinds). */
// @ts-ignore: decorator
@inline function walkTerm(kind: i32, x: v128, c: v128): v128 {
  if (kind == WALK_SUM) return x;
  if (kind == WALK_SQUARES) return f64x2.mul(x, x);
  return sqDev64(x, c);
}

/** One f32x4 accumulator step of the float32 kinds. */
// @ts-ignore: decorator
@inline function walkStep32(kind: i32, acc: v128, v: v128): v128 {
  if (kind == WALK_MAX_ABS) return f32x4.max(acc, f32x4.abs(v));
  return f32x4.add(acc, f32x4.sub(v, v));
}

/** The accumulators of the walk over the n (>= 1) values at x, combined as the kind states above. */
// @ts-ignore: decorator
@inline export function walk8(kind: i32, x: usize, n: i32, centre: f64): v128 {
  const f32Kind = kind >= WALK_MAX_ABS;
  const c = f64x2.splat(centre);
  let s0 = f64x2.splat(0); // all-zero bits: +0 in float64 and float32 lanes alike
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  const n8 = n & ~7;
  const end8: usize = (<usize>n8) << 2;
  let o: usize = 0;
  for (; o < end8; o += 32) {
    const v0 = v128.load(x + o);
    const v1 = v128.load(x + o, 16);
    if (f32Kind) {
      s0 = walkStep32(kind, s0, v0);
      s1 = walkStep32(kind, s1, v1);
    } else {
      s0 = f64x2.add(s0, walkTerm(kind, promoteLow(v0), c));
      s1 = f64x2.add(s1, walkTerm(kind, promoteHigh(v0), c));
      s2 = f64x2.add(s2, walkTerm(kind, promoteLow(v1), c));
      s3 = f64x2.add(s3, walkTerm(kind, promoteHigh(v1), c));
    }
  }
  const rest = n - n8; // 0..7
  if (rest > 0) {
    const k0 = rest < 4 ? rest : 4;
    const k1 = rest - k0;
    const v0 = loadPart(x + o, k0);
    const v1 = loadPart(x + o + 16, k1);
    if (f32Kind) {
      s0 = walkStep32(kind, s0, v0);
      s1 = walkStep32(kind, s1, v1);
    } else {
      const t0 = walkTerm(kind, promoteLow(v0), c);
      const t1 = walkTerm(kind, promoteHigh(v0), c);
      const t2 = walkTerm(kind, promoteLow(v1), c);
      const t3 = walkTerm(kind, promoteHigh(v1), c);
      if (kind == WALK_CENTRED) {
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
  }
  if (kind == WALK_MAX_ABS) return f32x4.max(s0, s1);
  if (f32Kind) return f32x4.add(s0, s1);
  return f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
}
