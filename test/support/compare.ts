// Comparing the float32 core with the float64 reference. NaN never equals anything: a NaN on
// either side is a mismatch unless both sides are expected to be NaN at that index.

/**
 * Asserts |actual[i] - expected[i]| <= bound(i) for every i. Returns nothing; throws with the
 * first offending index, both values and the bound.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  bound: (i: number) => number,
  what = 'value',
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  }
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const b = bound(i);
    const err = Math.abs(a - e);
    if (!(err <= b)) {
      throw new Error(`${what}[${i}]: got ${a}, expected ${e} (error ${err}, bound ${b})`);
    }
    worst = Math.max(worst, b > 0 ? err / b : 0);
  }
}

/** Bound for one element of a length-K dot product in float32: c * K * 2^-24 * sum|a_i b_i|. */
export function dotBound(k: number, sumAbs: number, c = 2): number {
  return c * k * 2 ** -24 * sumAbs + Number.MIN_VALUE;
}

/** Elementwise relative bound: ulps * 2^-24 * |expected| + abs. */
export function relBound(expected: ArrayLike<number>, ulps: number, abs = 0): (i: number) => number {
  return (i) => ulps * 2 ** -24 * Math.abs(expected[i]!) + abs;
}

/** A deterministic test input generator (xorshift32; tests only, not the library's RNG). */
export function testData(n: number, seed = 1, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
}
