// The natural log rounded as the C library that numpy calls rounds it (glibc's log is
// correctly rounded in practice), where JavaScript's Math.log (an fdlibm port in V8) is off by
// one ulp for about 3% of the legacy Gaussian's arguments. numpy's randn depends on it bit for
// bit: sqrt(-2·log(r2)/r2).
//
// Method: x = m·2^e with m in [√½, √2); log x = e·ln2 + 2·atanh(s), s = (m - 1)/(m + 1),
// |s| < 0.172, atanh(s) = s + s³/3 + s⁵/5 + ...; the leading terms and e·ln2 in double-double
// arithmetic (about 2^-100 relative), the tail (s⁷/7 on, under 2^-18 of the total) in double,
// then one rounding to double.

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/** a·b exactly as hi + lo. */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

/** a + b exactly as hi + lo. */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}

function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  const [h, l] = twoSum(s, e + al + bl);
  return [h, l];
}

function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + (ah * bl + al * bh));
}

function ddDiv(ah: number, al: number, bh: number, bl: number): [number, number] {
  const q = ah / bh;
  // r = a - q·b, in double-double.
  const [p, e] = twoProd(q, bh);
  const r = ((ah - p) - e + al) - q * bl;
  return twoSum(q, r / bh);
}

const view = new DataView(new ArrayBuffer(8));

/** log(x) for finite x > 0, correctly rounded (but for a vanishing fraction of arguments). */
export function log(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  // Exponent and mantissa from the bits (subnormals scaled up first).
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let m = view.getFloat64(0); // [1, 2)
  if (m > Math.SQRT2) {
    m /= 2; // exact
    e += 1;
  }
  // s = (m - 1) / (m + 1): m - 1 is exact (Sterbenz), m + 1 as a double-double.
  const [dh, dl] = twoSum(m, 1);
  const [sh, sl] = ddDiv(m - 1, 0, dh, dl);
  const [s2h, s2l] = ddMul(sh, sl, sh, sl);
  // 2·(s + s³/3 + s⁵/5) in double-double, the rest in double.
  const [s3h, s3l] = ddMul(sh, sl, s2h, s2l);
  const [s5h, s5l] = ddMul(s3h, s3l, s2h, s2l);
  const [t3h, t3l] = ddDiv(s3h, s3l, 3, 0);
  const [t5h, t5l] = ddDiv(s5h, s5l, 5, 0);
  const s2 = s2h;
  let tail = 0;
  let pow = s5h * s2;
  for (let k = 7; k < 41; k += 2) {
    tail += pow / k;
    pow *= s2;
  }
  let [ah, al] = ddAdd(sh, sl, t3h, t3l);
  [ah, al] = ddAdd(ah, al, t5h, t5l);
  [ah, al] = ddAdd(ah, al, tail, 0);
  ah *= 2;
  al *= 2;
  if (e === 0) return ah + al;
  const [eh, el] = twoProd(e, LN2_HI);
  const [fh, fl] = ddAdd(eh, el, e * LN2_LO, 0);
  const [rh, rl] = ddAdd(fh, fl, ah, al);
  return rh + rl;
}
