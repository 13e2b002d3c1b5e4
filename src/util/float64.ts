// Float64 math that gives the same bits on every JavaScript engine. ECMAScript fixes +, -, *, /
// to IEEE-754 double rounding, but Math.log, Math.exp, Math.cos... are "implementation-
// approximated" and do differ across engines in the last bit. Everything the seeded streams and
// the initializers compute at run time is therefore built from +, -, *, /, Math.sqrt and bit-level
// access to the float64 encoding: log and exp below are ports of fdlibm (what V8's Math.log and
// Math.exp also compute, but other engines need not). Math.sqrt is also "implementation-approximated" on paper, but
// every engine (V8, SpiderMonkey, JavaScriptCore) emits the IEEE-754 correctly rounded square
// root instruction; the golden tests in test/init pin the bits, so a deviating engine is caught.
//
// The bit access uses typed arrays aliasing one buffer, with the host's byte order detected once
// (every current engine is little-endian, but nothing here assumes it).

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** The high 32 bits (sign, exponent, top of the mantissa) of a float64, as a signed int32. */
function highWord(x: number): number {
  F64[0] = x;
  return I32[HI]!;
}

// fdlibm e_log.c constants (Sun Microsystems, 1993), written in decimal with enough digits to
// round to exactly the hex patterns in the comments (checked by a test).
const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO54 = 1.8014398509481984e16; // 0x43500000 00000000
const LG1 = 6.666666666666735130e-1; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/** @internal The fdlibm constants of `log`, for the test that checks their bit patterns. */
export const LOG_CONSTANTS = { LN2_HI, LN2_LO, TWO54, LG1, LG2, LG3, LG4, LG5, LG6, LG7 };

/**
 * Natural logarithm, a line-by-line port of fdlibm's __ieee754_log (e_log.c): x = 2^k (1 + f)
 * with 1 + f in [sqrt(2)/2, sqrt(2)), log(1 + f) = 2s + s R(s²) with s = f / (2 + f) and a
 * degree-14 minimax polynomial R. Error < 1 ulp (fdlibm's claim; the tests measure it against
 * Math.log). Only +, -, *, / and bit access: the same bits on every engine.
 */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = I32[LO]!;
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // scale a subnormal up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  F64[0] = x;
  I32[HI] = hx | (i ^ 0x3ff00000); // normalize x or x/2 into [sqrt(2)/2, sqrt(2))
  x = F64[0]!;
  k += i >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  let i2 = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i2 |= j;
  const r = t2 + t1;
  if (i2 > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

// Powers of two 2^e for e in [-1100, 1100), by repeated doubling and halving from 1: exact
// (every step is exact down to the subnormal 2^-1074; below that they are 0 and unused).
const POW2_BIAS = 1100;
const POW2 = new Float64Array(2 * POW2_BIAS);
{
  let p = 1;
  for (let e = 0; e < POW2_BIAS; e++, p *= 2) POW2[POW2_BIAS + e] = p;
  p = 1;
  for (let e = 0; e <= POW2_BIAS; e++, p /= 2) POW2[POW2_BIAS - e] = p;
}

// fdlibm e_exp.c constants.
const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const U_THRESHOLD = -7.45133219101941108420e2; // 0xc0874910 D52D3051
const INV_LN2 = 1.44269504088896338700; // 0x3ff71547 652b82fe
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0

/** @internal The fdlibm constants of `exp`, for the test that checks their bit patterns. */
export const EXP_CONSTANTS = { O_THRESHOLD, U_THRESHOLD, INV_LN2, P1, P2, P3, P4, P5 };

/**
 * e^x, a port of fdlibm's __ieee754_exp (e_exp.c): x = k ln2 + r with |r| <= ln2/2, e^r from a
 * degree-5 minimax rational form, then scaled by 2^k. The scaling multiplies by an exact power
 * of two instead of adding k to the exponent field: the same bits whenever the result is a
 * normal number, and the correctly scaled subnormal otherwise. Error < 1 ulp (fdlibm's claim;
 * measured against Math.exp in the tests). Only +, -, *, / and bit access.
 */
export function exp(x: number): number {
  const hxFull = highWord(x);
  const negative = hxFull < 0;
  const hx = hxFull & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (x !== x) return x; // NaN
      return negative ? 0 : x; // exp(±Infinity)
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5 ln2
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5)); // C's (int) truncation
      hi = x - k * LN2_HI; // exact: k has at most 11 bits, LN2_HI ends in 32 zero bits
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  // y is in [0.5, 2): y·2^k, in two steps when 2^k alone is not a float64 (2^1024 overflows;
  // below 2^-1021 fdlibm also scales in two steps, by 2^(k+1000) then 2^-1000).
  if (k > 1023) return y * POW2[POW2_BIAS + k - 1]! * 2;
  return k >= -1021 ? y * POW2[POW2_BIAS + k]! : y * POW2[POW2_BIAS + k + 1000]! * POW2[POW2_BIAS - 1000]!;
}

/** Square root (IEEE-754 correctly rounded on every engine; see the note at the top). */
export const sqrt = Math.sqrt;

/**
 * The standard deviation of a unit normal truncated to [-bound, bound] (bound > 0):
 * sqrt(1 - 2 b φ(b) / (2Φ(b) - 1)). With the series 2Φ(b) - 1 = 2 φ(b) S(b),
 * S(b) = Σ_{n≥0} b^(2n+1) / (2n+1)!! (Abramowitz & Stegun 26.2.11), φ cancels and the variance is
 * (S - b) / S = T / S with T = Σ_{n≥1}: positive terms only, so no cancellation for small b
 * (variance → b²/3) and no exp, so the same bits on every engine. From b = 12 on, the variance
 * is 1 to float64 precision (1 - 2bφ(b) > 1 - 1e-30). For the default bound 2 the result is
 * Keras's constant 0.87962566103423978 (a test checks the series against it).
 */
export function truncatedNormalStd(bound: number): number {
  if (bound === 2) return 0.87962566103423978; // as hard-coded in Keras's VarianceScaling
  return truncatedNormalStdSeries(bound);
}

/** @internal The series of truncatedNormalStd, without the bound = 2 constant (for tests). */
export function truncatedNormalStdSeries(bound: number): number {
  if (bound >= 12) return 1;
  const b2 = bound * bound;
  let term = bound;
  let t = 0; // Σ_{n≥1}
  for (let n = 1; n < 10000; n++) {
    term *= b2 / (2 * n + 1);
    t += term;
    // Terms shrink once 2n+1 > b²; stop when they no longer change the sum.
    if (2 * n + 1 > b2 && term <= t * 1e-17) break;
  }
  return sqrt(t / (bound + t));
}
