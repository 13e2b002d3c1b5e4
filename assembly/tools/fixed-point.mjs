// Fixed-point arithmetic on BigInt for the table generators in this folder: values are
// integers scaled by 2^prec, with exp, log, sqrt, π and ln2 to (nearly) that precision, and the
// conversions to and from float64 (rounding to nearest, ties to even). No Math.exp/Math.log:
// those are not exactly specified in JavaScript, so results would depend on the engine.

/** The arithmetic at `bits` fraction bits. */
export function fixedPoint(bits) {
  const PREC = BigInt(bits);
  const ONE = 1n << PREC;

  const mul = (a, b) => (a * b) >> PREC;
  const div = (a, b) => (a << PREC) / b;
  function isqrt(n) {
    if (n < 2n) return n;
    let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
    for (;;) {
      const y = (x + n / x) >> 1n;
      if (y >= x) return x;
      x = y;
    }
  }
  const sqrt = (a) => isqrt(a << PREC);

  /** atanh(1/q) for an integer q > 1, by its series. */
  function atanhInv(q) {
    const q2 = q * q;
    let term = ONE / q;
    let sum = 0n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += term / k;
      term /= q2;
    }
    return sum;
  }
  /** atan(1/q) for an integer q > 1, by its series. */
  function atanInv(q) {
    const q2 = q * q;
    let term = ONE / q;
    let sum = 0n;
    let sign = 1n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += (sign * term) / k;
      term /= q2;
      sign = -sign;
    }
    return sum;
  }
  const LN2 = 2n * atanhInv(3n);
  const PI = 16n * atanInv(5n) - 4n * atanInv(239n); // Machin

  /** e^x: x = k·ln2 + r with k = trunc(x/ln2), so |r| < ln2; Taylor series of e^r. */
  function exp(x) {
    const k = x / LN2; // BigInt division truncates
    const r = x - k * LN2;
    let term = ONE;
    let sum = ONE;
    for (let n = 1n; term !== 0n; n++) {
      term = mul(term, r) / n;
      sum += term;
    }
    return k >= 0n ? sum << k : sum >> -k;
  }

  /** log(y) for y > 0: Halley's iteration z <- z + 2(y - e^z)/(y + e^z), cubic, from a float64 guess. */
  function log(y) {
    let z = fromNumber(Math.log(toNumber(y)));
    for (let i = 0; i < 4; i++) {
      const e = exp(z);
      z += div(2n * (y - e), y + e);
    }
    return z;
  }

  /** A fixed-point value from a float64 (exact). */
  function fromNumber(d) {
    if (d === 0) return 0n;
    const neg = d < 0;
    let m = Math.abs(d);
    let e = 0;
    while (m !== Math.floor(m)) { m *= 2; e++; }
    const n = (BigInt(m) << PREC) >> BigInt(e);
    return neg ? -n : n;
  }
  /** The nearest float64 (ties to even) of a positive fixed-point value. */
  function toNumber(a) {
    if (a < 0n) return -toNumber(-a);
    if (a === 0n) return 0;
    const bits = a.toString(2).length;
    const shift = bits - 53;
    let q;
    let exp2;
    if (shift > 0) {
      q = a >> BigInt(shift);
      const rem = a - (q << BigInt(shift));
      const half = 1n << BigInt(shift - 1);
      if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
      exp2 = shift - Number(PREC);
    } else {
      q = a << BigInt(-shift);
      exp2 = shift - Number(PREC);
    }
    return Number(q) * 2 ** exp2; // q < 2^54 and no underflow here: both steps exact
  }

  return { PREC, ONE, mul, div, sqrt, isqrt, exp, log, LN2, PI, fromNumber, toNumber };
}
