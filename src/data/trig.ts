// Float64 sin and cos built only from exactly rounded operations (+, -, *, / on doubles, and
// exact BigInt integer arithmetic), so every JavaScript engine gives the same bits. Math.sin and
// Math.cos are "implementation-approximated" in ECMAScript and do differ between engines, which
// would make the seeded datasets differ between Node and a browser.
//
// The algorithm is fdlibm 5.3's (Sun Microsystems, 1993; as in FreeBSD msun and musl):
// - |x| <= pi/4: the kernels __kernel_sin / __kernel_cos (k_sin.c, k_cos.c), polynomials of
//   degree 13 and 14 with error below 2^-58 relative, under 1 ulp in total;
// - |x| < 2^20 * pi/2: __ieee754_rem_pio2's Cody-Waite reduction, x - n*pi/2 with pi/2 split
//   into three 33-bit parts plus tails, so each n*part is exact, good to 151 bits (e_rem_pio2.c);
// - larger |x|: an exact Payne-Hanek style reduction with BigInt and 1,200 bits of 2/pi
//   (computed once, on first use, from Machin's formula), standing in for __kernel_rem_pio2.
// Accuracy: within 1 ulp of the true value (tested against Math.sin/Math.cos, which V8 also
// takes from fdlibm).

// k_sin.c
const S1 = -1.66666666666666324348e-1; // 0xBFC55555 55555549
const S2 = 8.33333333332248946124e-3; // 0x3F811111 1110F8A6
const S3 = -1.98412698298579493134e-4; // 0xBF2A01A0 19C161D5
const S4 = 2.75573137070700676789e-6; // 0x3EC71DE3 57B1FE7D
const S5 = -2.50507602534068634195e-8; // 0xBE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A 5ACFD57C
// k_cos.c
const C1 = 4.16666666666666019037e-2; // 0x3FA55555 5555554C
const C2 = -1.38888888888741095749e-3; // 0xBF56C16C 16C15177
const C3 = 2.48015872894767294178e-5; // 0x3EFA01A0 19CB1590
const C4 = -2.75573143513906633035e-7; // 0xBE927E4F 809C52AD
const C5 = 2.08757232129817482790e-9; // 0x3E21EE9E BDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4
// e_rem_pio2.c
const INV_PIO2 = 6.36619772367581382433e-1; // 0x3FE45F30 6DC9C883, 2/pi
const PIO2_1 = 1.57079632673412561417; // 0x3FF921FB 54400000, first 33 bits of pi/2
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331, pi/2 - PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461 1A600000, second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073, pi/2 - (PIO2_1 + PIO2_2)
const PIO2_3 = 2.02226624871116645580e-21; // 0x3BA3198A 2E000000, third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A 252049C1, pi/2 - (PIO2_1 + PIO2_2 + PIO2_3)

const PI_OVER_4 = 0.7853981633974483; // rounded pi/4, fdlibm's |x| <= pi/4 test (high word 0x3fe921fb)
const MEDIUM_LIMIT = 1647099; // < 2^20 * pi/2: n*PIO2_k stays exact for n < 2^20
const ROUND_MAGIC = 6755399441055744; // 1.5 * 2^52: (v + M) - M rounds v to the nearest integer

/** sin(x) for any double, identical bits on every engine. */
export function sin(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax <= PI_OVER_4) {
    if (ax < 1.4901161193847656e-8) return x; // |x| < 2^-26: sin x rounds to x (keeps -0)
    return kernelSin(x, 0, false);
  }
  if (x - x !== 0) return NaN; // ±Infinity, NaN
  const n = reduce(x);
  const [y0, y1] = REDUCED;
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, true);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, true);
    default:
      return -kernelCos(y0, y1);
  }
}

/** cos(x) for any double, identical bits on every engine. */
export function cos(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax <= PI_OVER_4) {
    if (ax < 7.450580596923828e-9) return 1; // |x| < 2^-27: cos x rounds to 1
    return kernelCos(x, 0);
  }
  if (x - x !== 0) return NaN;
  const n = reduce(x);
  const [y0, y1] = REDUCED;
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, true);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, true);
  }
}

/** __kernel_sin: sin(x + y) for |x| <= pi/4, y the tail of x (k_sin.c). */
function kernelSin(x: number, y: number, useTail: boolean): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!useTail) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/** __kernel_cos: cos(x + y) for |x| <= pi/4 (k_cos.c, the FreeBSD form without qx). */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1 - hz;
  return w + (((1 - w) - hz) + (z * r - x * y));
}

// The reduced argument y0 + y1 = x - n*pi/2, |y0| <= pi/4 (about), y1 the tail.
const REDUCED: [number, number] = [0, 0];
const BITS = new DataView(new ArrayBuffer(8));

/** The biased binary exponent of a double (exact bit access, not Math.log2). */
function exponentBits(v: number): number {
  BITS.setFloat64(0, v);
  return (BITS.getUint32(0) >>> 20) & 0x7ff;
}

/** __ieee754_rem_pio2: writes x - n*pi/2 into REDUCED and returns n (mod 4 is what matters). */
function reduce(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax >= MEDIUM_LIMIT) return reduceLarge(x);
  const fn = x * INV_PIO2 + ROUND_MAGIC - ROUND_MAGIC;
  let r = x - fn * PIO2_1; // exact: fn*PIO2_1 has at most 53 bits and is close to x
  let w = fn * PIO2_1T;
  let y0 = r - w;
  const j = exponentBits(x);
  // When the first difference cancels more than 16 bits, subtract the next 33 bits of pi/2
  // too; after 49 bits, the third part (fdlibm's tests, verbatim).
  if (j - exponentBits(y0) > 16) {
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - ((t - r) - w);
    y0 = r - w;
    if (j - exponentBits(y0) > 49) {
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - ((t - r) - w);
      y0 = r - w;
    }
  }
  REDUCED[0] = y0;
  REDUCED[1] = r - y0 - w;
  return fn;
}

// ---- large arguments: exact reduction with BigInt -------------------------------------------

const FRACTION_BITS = 1200; // bits of 2/pi below the binary point: enough for x up to 2^1024
let twoOverPi: bigint | undefined; // floor(2/pi * 2^1200)
let piOver2Q128: bigint | undefined; // floor(pi/2 * 2^128)

/** floor(pi * 2^bits) within a few units, from Machin's formula pi = 16 atan(1/5) - 4 atan(1/239). */
export function piFixed(bits: number): bigint {
  const guard = 32n;
  const one = 1n << (BigInt(bits) + guard);
  const atanInv = (m: bigint): bigint => {
    let power = one / m;
    let sum = power;
    const m2 = m * m;
    for (let k = 1n; power > 0n; k++) {
      power /= m2;
      const term = power / (2n * k + 1n);
      sum += k % 2n === 1n ? -term : term;
    }
    return sum;
  };
  return (16n * atanInv(5n) - 4n * atanInv(239n)) >> guard;
}

/** [floor(2/pi * 2^1200), floor(pi/2 * 2^128)], computed on first use. Exported for tests. */
export function reductionConstants(): [bigint, bigint] {
  if (twoOverPi === undefined || piOver2Q128 === undefined) {
    const w = FRACTION_BITS + 64;
    const pi = piFixed(w); // pi * 2^w
    twoOverPi = (1n << BigInt(FRACTION_BITS + w + 1)) / pi;
    piOver2Q128 = pi >> BigInt(w - 127);
  }
  return [twoOverPi, piOver2Q128];
}

/** 2^e as a double, built from its bits (exact; for -1022 <= e <= 1023). */
function pow2(e: number): number {
  BITS.setUint32(0, (e + 1023) << 20);
  BITS.setUint32(4, 0);
  return BITS.getFloat64(0);
}

function reduceLarge(x: number): number {
  const [p, pio2] = reductionConstants();
  const negative = x < 0;
  BITS.setFloat64(0, negative ? -x : x);
  const hi = BITS.getUint32(0);
  const lo = BITS.getUint32(4);
  const e = ((hi >>> 20) & 0x7ff) - 1075; // |x| = m * 2^e, m a 53-bit integer (x is normal here)
  const m = (BigInt((hi & 0xfffff) | 0x100000) << 32n) | BigInt(lo);
  // |x| * 2/pi = m * p * 2^(e - 1200): split at the binary point into n and a fraction f,
  // rounded to the nearest n so that f is in [-1/2, 1/2).
  const s = BigInt(FRACTION_BITS - e);
  const prod = m * p;
  let n = Number((prod >> s) & 3n);
  let frac = prod & ((1n << s) - 1n);
  if (frac >= 1n << (s - 1n)) {
    frac -= 1n << s;
    n += 1;
  }
  // r = f * pi/2 = frac * pio2 * 2^-(s + 128), as a double-double from its top 110 bits.
  const rFixed = frac * pio2;
  let y0 = 0;
  let y1 = 0;
  if (rFixed !== 0n) {
    const mag = rFixed < 0n ? -rFixed : rFixed;
    const drop = Math.max(0, mag.toString(2).length - 110);
    const top = mag >> BigInt(drop);
    const h = Number(top); // correctly rounded (ECMAScript's BigInt -> Number conversion)
    const l = Number(top - BigInt(h));
    const scale = drop - Number(s) - 128; // top * 2^scale = |r|, scale around -110 - 60
    const sign = rFixed < 0n ? -1 : 1;
    // Two exact power-of-two steps keep each factor a normal double.
    const half = Math.trunc(scale / 2);
    y0 = sign * h * pow2(half) * pow2(scale - half);
    y1 = sign * l * pow2(half) * pow2(scale - half);
  }
  if (negative) {
    y0 = -y0;
    y1 = -y1;
    n = -n;
  }
  REDUCED[0] = y0;
  REDUCED[1] = y1;
  return n;
}
