// The core's math library: exp, expm1, log, log1p, tanh, sigmoid, erf, erfc on four float32
// lanes (v128 as f32x4), computed entirely inside the wasm with plain IEEE operations (no FMA,
// no relaxed SIMD, no host Math), so every engine gives the same bits.
//
// Every lane is computed independently with the same instruction sequence, so a value's result
// never depends on its lane, its index in an array or the array's length. The scalar versions
// (expf, logf, ...) splat their argument, run the vector code and take lane 0: they give the
// SAME bits as a lane of the vector version by construction.
//
// Accuracy (measured over dense sweeps against float64 Math / a float64 erf in
// test/kernels/math.test.ts; "ulp" is the spacing of float32 at the exact result):
//   vexp    <= 1 ulp          vexpm1  <= 1.5 ulp        vlog   <= 1 ulp
//   vlog1p  <= 1.5 ulp        vtanh   <= 1.5 ulp        vsigmoid <= 1.5 ulp
//   vsigmoidGrad, vbell <= 1.5 ulp; vexp and what uses it are 0 where e^x < FLT_MIN; verf, verfc
//   <= 0.502 ulp (evaluated in float64 lanes and rounded once)
// The exact figures the tests measure are in the report of those tests.
//
// Constants are written as their IEEE bit patterns (reinterpret<f32>(0x...) / reinterpret<f64>),
// the decimal they were first written as beside them, so the exact value is visible; the
// compiler folds them to the same constants.
//
// Special values follow C99 Annex F, except that exp flushes results below FLT_MIN to 0 (see
// vexp): exp(>88.7228) = +Inf, exp(< -87.3365) = 0, log(±0) = -Inf, log(<0) = NaN, log(+Inf) = +Inf,
// tanh(±large) = ±1 exactly, erf(±Inf) = ±1, erfc(+Inf) = 0, erfc(-Inf) = 2; NaN in gives NaN out.

import { demoteJoin, promoteHigh, promoteLow } from "./lanes";

// ---------------------------------------------------------------------------------------------
// exp and expm1: Cody-Waite range reduction x = n·ln2 + r, |r| <= ln2/2 (Cody & Waite,
// "Software Manual for the Elementary Functions", 1980; the two-part ln2 of Cephes expf.c:
// C1 = 0.693359375 has 9 significant bits, so n·C1 and x - n·C1 are exact for |n| <= 150).
// expm1(r) is its Taylor series to r^8: the truncation error r^9/9! <= 6e-10·|r| for
// |r| <= 0.3466 is far below float32 rounding. exp(x) = 2^n·(1 + expm1(r)).
// 2^n is applied as 2^n1·2^n2 (n1 = n >> 1) so that n never overflows the exponent field.
// vexp flushes x < -87.3365 (just above ln FLT_MIN), where e^x < 1.00005·FLT_MIN, to 0, as the
// flush-to-zero mode of most ML runtimes flushes results below FLT_MIN = 2^-126: a denormal
// costs an x86 core a microcode assist in every operation that touches it, and e^x feeds
// sigmoid, tanh', softmax and the losses, where a saturated layer produced them by the thousand
// (its training step ran 2x slower). The true values flushed are
// below 1.00005·2^-126: that is the only error the flush adds.

/** Past ln(FLT_MAX) = 88.7228: clamping here keeps n <= 128, and exp still overflows to +Inf. */
const EXP_HI: f32 = reinterpret<f32>(0x42B1999A); // 88.8
/** Just above ln(FLT_MIN) = -87.3365448: e^x >= FLT_MIN from here up, 0 below (see above). */
const EXP_LO: f32 = reinterpret<f32>(0xC2AEAC4A); // -87.3365
const LOG2E: f32 = reinterpret<f32>(0x3FB8AA3B); // 1.44269504088896341
/** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
const ROUND_SHIFT: f32 = 12582912.0;
const ROUND_SHIFT_BITS: i32 = 0x4b400000;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = reinterpret<f32>(0xB95E8083); // -2.12194440e-4

/** Taylor series of expm1 on the reduced argument r: r + r²(1/2 + r/6 + ... + r^6/8!). */
// @ts-ignore: decorator
@inline function expm1Reduced(r: v128): v128 {
  let q = f32x4.splat(reinterpret<f32>(0x37D00D01)); // 2.48015873015873e-5: 1/8!
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(reinterpret<f32>(0x39500D01))); // 1.984126984126984e-4: 1/7!
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(reinterpret<f32>(0x3AB60B61))); // 1.388888888888889e-3: 1/6!
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(reinterpret<f32>(0x3C088889))); // 8.333333333333333e-3: 1/5!
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(reinterpret<f32>(0x3D2AAAAB))); // 4.1666666666666664e-2: 1/4!
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(reinterpret<f32>(0x3E2AAAAB))); // 0.16666666666666666: 1/3!
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(0.5));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), q));
}

/** The integer n held in the low bits of k = n + ROUND_SHIFT. */
// @ts-ignore: decorator
@inline function roundedInt(k: v128): v128 {
  return i32x4.sub(k, i32x4.splat(ROUND_SHIFT_BITS));
}

/** 2^n for integer lanes n in [-126, 127], as float32 bits. */
// @ts-ignore: decorator
@inline function pow2(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/**
 * e^x (minus1 false) or e^x - 1 (minus1 true) on four float32 lanes: one reduction and scaling.
 * e^x = 2^n·(1 + expm1(r)) with 2^n applied as 2^n1·2^n2.
 * e^x - 1: for n = 0 it is the series itself; otherwise 2^n·expm1(r) + (2^n - 1), where
 * 2^n - 1 is exact for n >= -24 and the two terms do not cancel. At n = 128, 2^n overflows, so
 * e^x (which rounds identically there) is used.
 */
// @ts-ignore: decorator
@inline function expOrExpm1(x: v128, minus1: bool): v128 {
  // pmin/pmax return their first operand when it is NaN, so NaN flows through to the result.
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const k = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(ROUND_SHIFT));
  const nf = f32x4.sub(k, f32x4.splat(ROUND_SHIFT));
  let r = f32x4.sub(xc, f32x4.mul(nf, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(nf, f32x4.splat(LN2_LO)));
  const p = expm1Reduced(r);
  const n = roundedInt(k);
  const n1 = i32x4.shr_s(n, 1);
  const s1 = pow2(n1);
  const s2 = pow2(i32x4.sub(n, n1));
  const e = f32x4.mul(f32x4.mul(f32x4.add(f32x4.splat(1.0), p), s1), s2); // 2^n·(1 + expm1(r))
  if (!minus1) return v128.andnot(e, f32x4.lt(x, f32x4.splat(EXP_LO)));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, s1), s2), f32x4.sub(f32x4.mul(s1, s2), f32x4.splat(1.0)));
  const result = v128.bitselect(e, small, i32x4.ge_s(n, i32x4.splat(128)));
  // ±0 -> ±0: the reduction turns -0 into +0 (-0 - (-0) = +0 in round-to-nearest).
  return v128.bitselect(x, result, f32x4.eq(x, f32x4.splat(0.0)));
}

/** e^x on four float32 lanes. <= 1 ulp (see the header). */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  return expOrExpm1(x, false);
}

/** e^x - 1 on four float32 lanes, accurate near 0 (<= 1.5 ulp; see expOrExpm1). */
// @ts-ignore: decorator
@inline export function vexpm1(x: v128): v128 {
  return expOrExpm1(x, true);
}

// ---------------------------------------------------------------------------------------------
// log: x = 2^e·m with m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact), and
// log(1 + f) = f - f²/2 + f³·P(f) with the degree-8 minimax polynomial P of Cephes logf.c
// (S. L. Moshier, Cephes Math Library 2.2; relative error 7.6e-8 peak over [0.5, 2] there).
// e·ln2 is added in two parts (the Cody-Waite pair above) so that it adds no rounding error of
// its own. Denormal inputs are scaled by 2^23 first.

const SQRT2: f32 = reinterpret<f32>(0x3FB504F3); // 1.41421356237309505
const MIN_NORMAL: f32 = reinterpret<f32>(0x00800000); // 1.17549435e-38

/** log(x) on four float32 lanes. <= 1 ulp (see the header). */
// @ts-ignore: decorator
@inline export function vlog(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(MIN_NORMAL));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608.0)), x, tiny); // 2^23
  let e = i32x4.sub(i32x4.shr_u(xs, 23), i32x4.splat(127));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  let m = v128.or(v128.and(xs, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000)); // [1, 2)
  const high = f32x4.gt(m, f32x4.splat(SQRT2));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, high);
  e = i32x4.sub(e, high); // a true compare lane is -1
  const ef = f32x4.convert_i32x4_s(e);
  const f = f32x4.sub(m, f32x4.splat(1.0));
  const z = f32x4.mul(f, f);
  let p = f32x4.splat(reinterpret<f32>(0x3D9021BB)); // 7.0376836292e-2
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0xBDEBD1B8))); // -1.1514610310e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0x3DEF251A))); // 1.1676998740e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0xBDFE5D4F))); // -1.2420140846e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0x3E11E9BF))); // 1.4249322787e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0xBE2AAE50))); // -1.6668057665e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0x3E4CCEAC))); // 2.0000714765e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0xBE7FFFFC))); // -2.4999993993e-1
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(reinterpret<f32>(0x3EAAAAAA))); // 3.3333331174e-1
  let y = f32x4.mul(f32x4.mul(f, z), p);
  y = f32x4.add(y, f32x4.mul(ef, f32x4.splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  let r = f32x4.add(f, y);
  r = f32x4.add(r, f32x4.mul(ef, f32x4.splat(LN2_HI)));
  // Special lanes: +Inf -> +Inf, ±0 -> -Inf, negative -> NaN, NaN -> NaN.
  r = v128.bitselect(x, r, f32x4.eq(x, f32x4.splat(Infinity)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(0.0)));
  const bad = v128.or(f32x4.lt(x, f32x4.splat(0.0)), f32x4.ne(x, x));
  return v128.bitselect(f32x4.splat(NaN), r, bad);
}

/**
 * log(1 + x) on four float32 lanes, accurate near 0 (<= 1.5 ulp). w = 1 + x is rounded; the
 * rounding is undone to first order by c = (x - (w - 1))/w, since log(1 + x) = log(w) +
 * log(1 + (1 + x - w)/w) (the correction of fdlibm's log1p; w - 1 is exact for w in [1/2, 2]).
 */
// @ts-ignore: decorator
@inline export function vlog1p(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const w = f32x4.add(one, x);
  let c = f32x4.div(f32x4.sub(x, f32x4.sub(w, one)), w);
  // w = 0 (x = -1) or w = Inf give 0/0 or Inf - Inf: no correction is needed there.
  c = v128.and(c, f32x4.eq(c, c));
  return f32x4.add(vlog(w), c);
}

// ---------------------------------------------------------------------------------------------
// tanh: for |x| < 0.625 the odd minimax polynomial of Cephes tanhf.c, x + x³·P(x²); above it
// 1 - 2/(e^{2|x|} + 1), which saturates to exactly 1 once 2/(e^{2|x|} + 1) < 2^-25 (|x| > 9.01)
// and stays finite when e^{2|x|} overflows. The sign is copied back, so tanh(-0) = -0.

const TANH_SMALL: f32 = 0.625;

/** tanh(x) on four float32 lanes. <= 1.5 ulp (see the header). */
// @ts-ignore: decorator
@inline export function vtanh(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(a, a);
  let p = f32x4.splat(reinterpret<f32>(0xBBBAF0EA)); // -5.70498872745e-3
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(reinterpret<f32>(0x3CA9134E))); // 2.06390887954e-2
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(reinterpret<f32>(0xBD5C1E2D))); // -5.37397155531e-2
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(reinterpret<f32>(0x3E088393))); // 1.33314422036e-1
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(reinterpret<f32>(0xBEAAAA99))); // -3.33332819422e-1
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), a), a);
  const e = vexp(f32x4.add(a, a));
  const large = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  const t = v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(TANH_SMALL)));
  // copysign(t, x); a NaN x gives a NaN t (the large branch), whatever its sign.
  return v128.or(t, v128.and(x, f32x4.splat(-0.0)));
}

/**
 * The logistic function 1/(1 + e^{-x}) on four float32 lanes, stable for any x: with
 * e = e^{-|x|} in (0, 1] (vexp), it is 1/(1 + e) for x >= 0 and e/(1 + e) for x < 0, never an
 * overflow. The quotient is formed in float64, where 1 + e is exact, and rounded once, so the
 * only other error is exp's (scaled by 1/(1 + e) <= 1): <= 1.5 ulp. Saturates to exactly 1 for
 * x > 17.33 and to 0 below -103.98, where the float32 result does.
 */
// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(f32x4.splat(1.0), e, f32x4.ge(x, f32x4.splat(0.0)));
  const one = f64x2.splat(1.0);
  const lo = f64x2.div(promoteLow(num), f64x2.add(one, promoteLow(e)));
  const hi = f64x2.div(promoteHigh(num), f64x2.add(one, promoteHigh(e)));
  return demoteJoin(lo, hi);
}

/**
 * scale·e/(1 + e)² with e = e^t, t <= 0, on four float32 lanes: the logistic density
 * σ'(x) = e/(1 + e)² with t = -|x| (scale 1) and tanh'(x) = 1/cosh²(x) = 4e/(1 + e)² with
 * t = -2|x| (scale 4). Accurate also where σ or tanh round to their limits (unlike σ(1 - σ) or
 * 1 - tanh²). e comes from the float32 vexp (<= 1 ulp); the rest is formed in float64 and rounded
 * once. The result's relative sensitivity to e is |1 - 2e/(1 + e)| <= 1, so the error is
 * <= 1.5 ulp; where e^t is below FLT_MIN (t < -87.3) vexp flushes it and the result is 0, an
 * absolute error below scale·2^-126.
 * This is the backward pass of every tanh and sigmoid layer: a float32 exp here instead of a
 * float64 one makes the lesson's 2-4-1 training step about a third faster.
 */
// @ts-ignore: decorator
@inline export function vbell(t: v128, scale: f64): v128 {
  return bellImpl(t, scale);
}

function bellImpl(t: v128, scale: f64): v128 {
  const e = vexp(t);
  return demoteJoin(bell64(promoteLow(e), scale), bell64(promoteHigh(e), scale));
}

/** scale·e/(1 + e)² on two float64 lanes holding float32 values of e. */
// @ts-ignore: decorator
@inline function bell64(e: v128, scale: f64): v128 {
  const d = f64x2.add(f64x2.splat(1.0), e);
  return f64x2.div(f64x2.mul(f64x2.splat(scale), e), f64x2.mul(d, d));
}

/** σ'(x) = e/(1 + e)², e = e^{-|x|}: symmetric, 0 at ±Inf. */
// @ts-ignore: decorator
@inline export function vsigmoidGrad(x: v128): v128 {
  return vbell(f32x4.neg(f32x4.abs(x)), 1.0);
}

// ---------------------------------------------------------------------------------------------
// Float64 lanes (v128 as f64x2). erf and erfc are evaluated in float64 and rounded once to
// float32: x² is exact there for a float32 x, which removes the argument error that makes
// float32 erfc hard (fdlibm's erfcf splits x for the same reason).

const F64_LOG2E: f64 = reinterpret<f64>(0x3FF71547652B82FE); // 1.4426950408889634
const F64_ROUND_SHIFT: f64 = 6755399441055744.0; // 1.5·2^52
/** ln2 with its low 21 bits cleared (0x3fe62e42fee00000): n·LN2_HI is exact for |n| < 2^11. */
const F64_LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 0.6931471803691238
const F64_LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76); // 1.9082149292705877e-10

/**
 * e^x on two float64 lanes, relative error < 1e-15 for x in [-708, 709] (Cody-Waite reduction
 * as above; Taylor series of e^r to r^11, truncation < 7e-15 for |r| <= ln2/2). Arguments are
 * clamped to [-708, 709]: callers use it where e^-708 is already far below float32 range.
 */
function exp64Impl(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, f64x2.splat(709.0)), f64x2.splat(-708.0));
  const k = f64x2.add(f64x2.mul(xc, f64x2.splat(F64_LOG2E)), f64x2.splat(F64_ROUND_SHIFT));
  const nf = f64x2.sub(k, f64x2.splat(F64_ROUND_SHIFT));
  let r = f64x2.sub(xc, f64x2.mul(nf, f64x2.splat(F64_LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(nf, f64x2.splat(F64_LN2_LO)));
  let p = f64x2.splat(reinterpret<f64>(0x3E5AE64567F544E4)); // 2.505210838544172e-8: 1/11!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3E927E4FB7789F5C))); // 2.755731922398589e-7: 1/10!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3EC71DE3A556C734))); // 2.7557319223985893e-6: 1/9!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3EFA01A01A01A01A))); // 2.48015873015873e-5
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3F2A01A01A01A01A))); // 1.984126984126984e-4
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3F56C16C16C16C17))); // 1.388888888888889e-3
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3F81111111111111))); // 8.333333333333333e-3
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3FA5555555555555))); // 4.1666666666666664e-2
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(reinterpret<f64>(0x3FC5555555555555))); // 0.16666666666666666
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // The low bits of k hold 2^51 + n; shifting (k + 1023) left by 52 leaves (n + 1023) << 52.
  const scale = i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/**
 * log(1 + u) for u in [0, 1] on two float64 lanes, relative error < 2e-14: 2·atanh(s) with
 * s = u/(2 + u) in [0, 1/3], by its series 2(s + s³/3 + s⁵/5 + ...) (A&S 4.1.27) to s^27
 * (truncation < (1/9)^13/27). No range reduction, so no cancellation anywhere in [0, 1].
 */
// @ts-ignore: decorator
@inline export function vlog1pUnit64(u: v128): v128 {
  const s = f64x2.div(u, f64x2.add(f64x2.splat(2.0), u));
  const z = f64x2.mul(s, s);
  let p = f64x2.splat(1.0 / 27.0);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 25.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 23.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 21.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 19.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 17.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 3.0));
  const s2 = f64x2.add(s, s);
  return f64x2.add(s2, f64x2.mul(f64x2.mul(s2, z), p));
}

/** erf(x)/x for |x| <= 1/2: its Maclaurin series (Abramowitz & Stegun 7.1.5) to x^20, truncation < 2e-14. */
// @ts-ignore: decorator
@inline function erfSeries64(x: v128): v128 {
  const t = f64x2.mul(x, x);
  let p = f64x2.splat(reinterpret<f64>(0x3E4FCC5720624C1C)); // 1.4807192815879218e-8
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0xBE85F742EC43E71A))); // -1.6365844691234924e-7
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0x3EBB9E6C9DC651A3))); // 1.6462114365889248e-6
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0xBEEF4D25C3E0C2EB))); // -1.492565035840625e-5
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0x3F1F9A326F9B89B7))); // 1.2055332981789664e-4
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0xBF4C02DB40040B86))); // -8.548327023450853e-4
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0x3F7565BCD0E6A53F))); // 5.223977625442188e-3
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0xBF9B82CE31288B51))); // -2.6866170645131252e-2
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0x3FBCE2F21A042BE2))); // 0.11283791670955126
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0xBFD812746B0379E7))); // -0.37612638903183754
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(reinterpret<f64>(0x3FF20DD750429B6D))); // 1.1283791670955126
  return p;
}

const ERF_SERIES_MAX: f64 = 0.5;
/**
 * The end of G's fitted range. erfc(11) < 2e-54, so erfc is 0 in float32 from there on, and so
 * is GELU's x·erfc(-x/√2)/2 (below 1e-50 for x <= -15.5); the polynomial is not evaluated beyond.
 */
const ERFC_ZERO: f64 = 11.0;
/**
 * t_mid = (t_lo + t_hi)/2 and 1/t_half = 1/((t_hi - t_lo)/2) for t's range [t_lo, t_hi] =
 * [1/(1 + 11/2), 1/(1 + 1/4)] (|x| in [1/2, 11]), evaluated in float64 (these bits are that
 * chain's): t_mid is 31/65 rounded; 1/t_half is one ulp below 65/21 rounded, harmless since G's
 * stated error is measured with this same map.
 */
const ERFC_T_MID: f64 = reinterpret<f64>(0x3FDE85E85E85E85F); // 0.47692307692307695
const ERFC_T_INV_HALF: f64 = reinterpret<f64>(0x4008C30C30C30C30); // 3.095238095238095

/**
 * erfc(|x|) for |x| >= 1/2 as e^{-x²}·G(t), t = 1/(1 + |x|/2), where G(t) = e^{x²}·erfc(x) is a
 * degree-11 polynomial in s = (t - t_mid)/t_half fitted for this library (weighted least
 * squares with Lawson iterations against mpmath on [1/2, 11]; relative error 7e-11).
 * 0 beyond |x| = 11.
 */
// @ts-ignore: decorator
@inline function erfcTail64(a: v128): v128 {
  const t = f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), f64x2.mul(a, f64x2.splat(0.5))));
  const s = f64x2.mul(f64x2.sub(t, f64x2.splat(ERFC_T_MID)), f64x2.splat(ERFC_T_INV_HALF));
  // G's coefficients, s^11 first (assembly/tools/erf-coefficients.mjs records them and checks
  // the fit's error; the erf series above it re-derives).
  let g = f64x2.splat(reinterpret<f64>(0x3E90EDFC0A647D88)); // 2.5227110213469613e-7
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3E2922558B21B987))); // 2.925996411355222e-9
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0xBECE0B8F8D925932))); // -3.5816620820957717e-6
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3ECF4D6E3627AAB3))); // 3.7315443688253567e-6
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3F077AC2A4534045))); // 4.4783654212233094e-5
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0xBF1627D06AA84228))); // -8.451661657483316e-5
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0xBF48CCDCB9D80DB6))); // -7.568433535997596e-4
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3F4E5F806C01C574))); // 9.26912027365541e-4
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3F95964938F93612))); // 2.108110819090398e-2
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3FB8AA957EE33A88))); // 9.635290477602088e-2
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3FD0C39C72C0030A))); // 0.26193915563639847
  g = f64x2.add(f64x2.mul(g, s), f64x2.splat(reinterpret<f64>(0x3FCE3B5B6AB38768))); // 0.2361864348413818
  const e = f64x2.mul(exp64Impl(f64x2.neg(f64x2.mul(a, a))), g);
  return v128.andnot(e, f64x2.ge(a, f64x2.splat(ERFC_ZERO)));
}

/** erf(x) on two float64 lanes, relative error < 1e-10. erf(±Inf) = ±1, NaN -> NaN. */
function erf64Impl(x: v128): v128 {
  const a = f64x2.abs(x);
  const series = f64x2.mul(x, erfSeries64(x));
  const tail = f64x2.sub(f64x2.splat(1.0), erfcTail64(a));
  const signed = v128.or(tail, v128.and(x, f64x2.splat(-0.0)));
  // A NaN x fails the compare and takes the tail branch, which is NaN too.
  return v128.bitselect(series, signed, f64x2.lt(a, f64x2.splat(ERF_SERIES_MAX)));
}

/**
 * erfc(x) on two float64 lanes, relative error < 1e-10 wherever the result is a normal float32
 * (erfc(x) = 2 - erfc(-x) for x <= -1/2, 1 - erf(x) in between). NaN -> NaN.
 */
function erfc64Impl(x: v128): v128 {
  const a = f64x2.abs(x);
  const mid = f64x2.sub(f64x2.splat(1.0), f64x2.mul(x, erfSeries64(x)));
  const tail = erfcTail64(a);
  const side = v128.bitselect(f64x2.sub(f64x2.splat(2.0), tail), tail, f64x2.lt(x, f64x2.splat(0.0)));
  return v128.bitselect(mid, side, f64x2.lt(a, f64x2.splat(ERF_SERIES_MAX)));
}

/** erf(x) on four float32 lanes, rounded once from float64 (<= 0.502 ulp). */
function erfImpl(x: v128): v128 {
  return demoteJoin(erf64Impl(promoteLow(x)), erf64Impl(promoteHigh(x)));
}

/** erfc(x) on four float32 lanes, rounded once from float64 (<= 0.502 ulp). */
function erfcImpl(x: v128): v128 {
  return demoteJoin(erfc64Impl(promoteLow(x)), erfc64Impl(promoteHigh(x)));
}

// The larger functions live in private functions and are exported through @inline wrappers:
// a call costs nothing next to their work, and the module never exports a v128 signature.

/** e^x on two float64 lanes (see exp64Impl). */
// @ts-ignore: decorator
@inline export function vexp64(x: v128): v128 {
  return exp64Impl(x);
}
/** erfc on two float64 lanes (see erfc64Impl). */
// @ts-ignore: decorator
@inline export function verfc64(x: v128): v128 {
  return erfc64Impl(x);
}
/** erf on four float32 lanes (see erfImpl). */
// @ts-ignore: decorator
@inline export function verf(x: v128): v128 {
  return erfImpl(x);
}
/** erfc on four float32 lanes (see erfcImpl). */
// @ts-ignore: decorator
@inline export function verfc(x: v128): v128 {
  return erfcImpl(x);
}

// ---------------------------------------------------------------------------------------------
// Scalar versions: lane 0 of the vector code, so they give the same bits as any lane of it.

export function expf(x: f32): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x)), 0);
}
export function expm1f(x: f32): f32 {
  return f32x4.extract_lane(vexpm1(f32x4.splat(x)), 0);
}
export function logf(x: f32): f32 {
  return f32x4.extract_lane(vlog(f32x4.splat(x)), 0);
}
export function log1pf(x: f32): f32 {
  return f32x4.extract_lane(vlog1p(f32x4.splat(x)), 0);
}
export function tanhf(x: f32): f32 {
  return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0);
}
export function sigmoidf(x: f32): f32 {
  return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0);
}
export function erff(x: f32): f32 {
  return f32x4.extract_lane(verf(f32x4.splat(x)), 0);
}
export function erfcf(x: f32): f32 {
  return f32x4.extract_lane(verfc(f32x4.splat(x)), 0);
}
