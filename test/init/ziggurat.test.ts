// The ziggurat behind RandomStream.normal(): its tables, and the distribution in the regions
// where the algorithm has separate branches (rectangles, wedges, tail).
import { describe, expect, it } from 'vitest';
import { randomStream } from '../../src/init/random.js';
import { ZIG_F, ZIG_K, ZIG_R, ZIG_X } from '../../src/init/ziggurat-tables.js';
import { ksStatistic, normalCdf } from './stats.js';

const f = (x: number): number => Math.exp((-x * x) / 2);
// r and the common layer area v, to 30 digits (mpmath), as the generator of the tables found them.
const R = 3.44261985589665212142432049147;
const V = 0.00991256303533646107909568530581;

describe('ziggurat tables', () => {
  it('have 128 layers, r = x_127 and the base width v / f(r)', () => {
    expect(ZIG_X.length).toBe(128);
    expect(ZIG_F.length).toBe(128);
    expect(ZIG_K.length).toBe(128);
    expect(ZIG_R).toBe(R);
    expect(ZIG_X[127]).toBe(R);
    expect(Math.abs(ZIG_X[0]! / (V / f(R)) - 1)).toBeLessThan(1e-15);
  });

  it('are increasing, with f(x_i) in ZIG_F and 1 at the top', () => {
    expect(ZIG_F[0]).toBe(1);
    for (let i = 2; i < 128; i++) expect(ZIG_X[i]!).toBeGreaterThan(ZIG_X[i - 1]!);
    for (let i = 1; i < 128; i++) expect(Math.abs(ZIG_F[i]! / f(ZIG_X[i]!) - 1)).toBeLessThan(4e-16 * (1 + ZIG_X[i]! ** 2));
  });

  it('every layer has the area v (the base one with its tail)', () => {
    const tail = Math.sqrt(Math.PI / 2) * 2 * (1 - normalCdf(R)); // ∫_r^∞ f
    expect(Math.abs((R * f(R) + tail) / V - 1)).toBeLessThan(1e-12);
    expect(Math.abs(ZIG_X[1]! * (1 - ZIG_F[1]!) / V - 1)).toBeLessThan(1e-12);
    for (let i = 2; i < 128; i++) {
      expect(Math.abs((ZIG_X[i]! * (ZIG_F[i - 1]! - ZIG_F[i]!)) / V - 1)).toBeLessThan(1e-12);
    }
  });

  it('ZIG_K[i] = floor(2^31 · x_(i-1) / x_i), ZIG_K[0] = floor(2^31 · r / x_0), ZIG_K[1] = 0', () => {
    expect(ZIG_K[0]).toBe(Math.floor((2 ** 31 * R) / ZIG_X[0]!));
    expect(ZIG_K[0]).toBe(1991057938); // Marsaglia & Tsang's kn[0]
    expect(ZIG_K[1]).toBe(0);
    for (let i = 2; i < 128; i++) expect(ZIG_K[i]).toBe(Math.floor((2 ** 31 * ZIG_X[i - 1]!) / ZIG_X[i]!));
  });
});

describe('normal() through every branch of the ziggurat', () => {
  const n = 1 << 22;
  const z = new Float64Array(n);
  const r = randomStream('ziggurat');
  for (let i = 0; i < n; i++) z[i] = r.normal();

  it('puts the right mass in the tail beyond r (5.7566e-4) and the tail has the right shape', () => {
    const tail: number[] = [];
    for (const x of z) if (Math.abs(x) > R) tail.push(Math.abs(x));
    const p = 2 * (1 - normalCdf(R));
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(tail.length - n * p)).toBeLessThan(5 * sd);
    // KS of |z| given |z| > r; critical value 1.9495/sqrt(m) at α = 0.001.
    const d = ksStatistic(tail, (x) => (normalCdf(x) - normalCdf(R)) / (1 - normalCdf(R)));
    expect(d).toBeLessThan(1.9495 / Math.sqrt(tail.length));
  });

  it('fills every layer as N(0, 1) does: chi-square over the 2·128 layer strips + 2 tails', () => {
    // Bins with edges at ±x_i: each layer's rectangle/wedge boundary is a bin edge.
    const edges = [-Infinity, ...Array.from(ZIG_X.subarray(1)).reverse().map((x) => -x), 0, ...ZIG_X.subarray(1), Infinity];
    const counts = new Float64Array(edges.length - 1);
    const sorted = Float64Array.from(z).sort();
    let b = 0;
    for (const x of sorted) {
      while (x >= edges[b + 1]!) b++;
      counts[b]!++;
    }
    let chi2 = 0;
    for (let k = 0; k < counts.length; k++) {
      const e = n * (normalCdf(edges[k + 1]!) - normalCdf(edges[k]!));
      chi2 += (counts[k]! - e) ** 2 / e;
    }
    // Critical value at α = 0.001 for k = bins - 1 degrees of freedom (Wilson-Hilferty).
    const k = counts.length - 1;
    const crit = k * (1 - 2 / (9 * k) + 3.0902 * Math.sqrt(2 / (9 * k))) ** 3;
    expect(chi2).toBeLessThan(crit);
  });

  it('has mean 0, variance 1, kurtosis 3 and passes KS against Φ at 2^22 samples', () => {
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const x of z) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    expect(ksStatistic(z, normalCdf)).toBeLessThan(1.9495 / Math.sqrt(n));
  });

  it('is symmetric: as many negatives as positives', () => {
    let neg = 0;
    for (const x of z) if (x < 0) neg++;
    expect(Math.abs(neg - n / 2)).toBeLessThan(5 * Math.sqrt(n / 4));
  });
});
