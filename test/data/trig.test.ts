import { describe, expect, it } from 'vitest';
import { cos, piFixed, reductionConstants, sin } from '../../src/data/trig.js';
import { testData } from '../support/compare.js';

/** Doubles mapped to integers in order, so the difference counts ulps (sign crossings included). */
function ordinal(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}
const ulps = (a: number, b: number): number => Number(ordinal(a) > ordinal(b) ? ordinal(a) - ordinal(b) : ordinal(b) - ordinal(a));

/** Worst ulp distance of ours against Math over xs, and how many agree bit for bit. */
function sweep(xs: ArrayLike<number>): { worst: number; at: number; same: number } {
  let worst = 0;
  let at = NaN;
  let same = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    for (const [ours, ref] of [
      [sin(x), Math.sin(x)],
      [cos(x), Math.cos(x)],
    ] as const) {
      const d = Object.is(ours, ref) ? 0 : ulps(ours, ref);
      if (d === 0) same++;
      if (d > worst) {
        worst = d;
        at = x;
      }
    }
  }
  return { worst, at, same };
}

describe('trig: float64 sin and cos from exact operations', () => {
  it('within 1 ulp of Math.sin/Math.cos over [-40, 40] (the datasets range), 200,001 points', () => {
    const xs = Array.from({ length: 200_001 }, (_, i) => -40 + (80 * i) / 200_000);
    const r = sweep(xs);
    expect(r.worst, `worst at x = ${r.at}`).toBeLessThanOrEqual(1);
    expect(r.same / (2 * xs.length)).toBeGreaterThan(0.99);
  });

  it('within 1 ulp on random points of [-pi/4, pi/4], [-1e3, 1e3] and [-1.6e6, 1.6e6]', () => {
    for (const [lo, hi] of [
      [-Math.PI / 4, Math.PI / 4],
      [-1e3, 1e3],
      [-1.6e6, 1.6e6],
    ] as const) {
      const r = sweep(Float64Array.from(testData(50_000, 7, 0, 1), (u) => lo + (hi - lo) * u));
      expect(r.worst, `[${lo}, ${hi}] worst at ${r.at}`).toBeLessThanOrEqual(1);
    }
  });

  it('within 1 ulp next to multiples of pi/2, where reduction cancels most bits', () => {
    const xs: number[] = [];
    for (let k = 1; k <= 2000; k++) {
      const m = (k * Math.PI) / 2;
      let v = m;
      for (let s = 0; s < 4; s++) v = nextUp(v);
      for (let s = 0; s < 9; s++) {
        xs.push(v, -v);
        v = nextDown(v);
      }
    }
    const r = sweep(xs);
    expect(r.worst, `worst at ${r.at}`).toBeLessThanOrEqual(1);
  });

  it('large arguments use the exact BigInt reduction: within 1 ulp up to 1e308', () => {
    const xs = Array.from(testData(3000, 11, 0, 1), (u) => 10 ** (6.2 + 302 * u));
    xs.push(1.6e6, 1647099, 2 ** 20 * (Math.PI / 2), 1e22, 2 ** 1023, Number.MAX_VALUE, -1e22, -1e300);
    const r = sweep(xs);
    expect(r.worst, `worst at ${r.at}`).toBeLessThanOrEqual(1);
    // The classic test of a correct reduction (K. C. Ng, "Argument reduction for huge arguments").
    expect(sin(1e22)).toBe(-0.8522008497671888);
    expect(cos(1e22)).toBe(0.523214785395139); // glibc and V8 agree
  });

  it('special values', () => {
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(Object.is(sin(0), 0)).toBe(true);
    expect(cos(-0)).toBe(1);
    expect(sin(1e-300)).toBe(1e-300);
    expect(sin(-5e-324)).toBe(-5e-324);
    expect(cos(1e-9)).toBe(1);
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(sin(v)).toBeNaN();
      expect(cos(v)).toBeNaN();
    }
    // Correctly rounded values of sin(pi) and cos(pi/2) for the double nearest pi.
    expect(sin(Math.PI)).toBe(1.2246467991473532e-16);
    expect(cos(Math.PI / 2)).toBe(6.123233995736766e-17);
    expect(sin(Math.PI / 2)).toBe(1);
    expect(cos(Math.PI)).toBe(-1);
  });

  it('the BigInt constants are pi and 2/pi', () => {
    // pi's hexadecimal digits (the Blowfish P-array is the same digits).
    expect(piFixed(520).toString(16).slice(0, 129)).toBe(
      '3243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89452821e638d01377be5466cf34e90c6cc0ac29b7c97c50dd3f84d5b5b5470917',
    );
    expect(Number(piFixed(51))).toBe(Math.PI * 2 ** 51); // Math.PI is pi truncated to 53 bits
    const [twoOverPi, pio2] = reductionConstants();
    // fdlibm's ipio2 table (e_rem_pio2.c) starts 0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, ...
    expect(twoOverPi.toString(16).slice(0, 48)).toBe('a2f9836e4e441529fc2757d1f534ddc0db6295993c439041');
    expect(twoOverPi.toString(2).length).toBe(1200); // 2/pi = 0.101000101111...
    expect(Number(pio2 >> 75n)).toBe(Math.PI * 2 ** 52); // pi/2 * 2^53
  });
});

function nextUp(x: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  dv.setBigUint64(0, dv.getBigUint64(0) + (x >= 0 ? 1n : -1n));
  return dv.getFloat64(0);
}
function nextDown(x: number): number {
  return -nextUp(-x);
}
