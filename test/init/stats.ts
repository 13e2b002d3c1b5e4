// Statistics for the initializer tests (test-only code: host Math.* is fine here).

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Population variance about the sample mean. */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s / x.length;
}

export function minMax(x: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    min = Math.min(min, x[i]!);
    max = Math.max(max, x[i]!);
  }
  return { min, max };
}

/**
 * Standard normal CDF from Φ(x) = 1/2 + φ(x) Σ x^(2n+1)/(2n+1)!! (Abramowitz & Stegun 26.2.11):
 * absolute error ~1e-16 for |x| < 10, far below what a KS test at n = 2^19 resolves (~1e-3).
 */
export function normalCdf(x: number): number {
  if (x > 10) return 1;
  if (x < -10) return 0;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return 0.5 + (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * sum;
}

/**
 * Kolmogorov-Smirnov statistic D = sup |F_n(x) - F(x)| of the sample against the CDF `cdf`.
 */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * The KS critical value at significance 0.001 for large n: c(α)/sqrt(n) with
 * c(0.001) = sqrt(-ln(0.001/2)/2) = 1.9495 (the Kolmogorov distribution's asymptotic tail).
 * At n = 524288 (a 512x1024 sample) this is 0.002692. A correct sampler at a fixed seed fails it
 * with probability 0.001; an error of the shape (a wrong variance by 1%, truncation, a skew)
 * exceeds it by far.
 */
export function ksCritical(n: number): number {
  return Math.sqrt(-Math.log(0.001 / 2) / 2) / Math.sqrt(n);
}

/** Composite Simpson's rule on [a, b] with `steps` (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let s = f(a) + f(b);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** E[f(z)²], z ~ N(0, 1), by Simpson on [-12, 12] (the tails beyond carry < 1e-30). */
export function secondMoment(f: (z: number) => number): number {
  const phi = (z: number): number => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
  return simpson((z) => f(z) ** 2 * phi(z), -12, 12, 48000);
}

/** Pearson correlation of two equal-length samples. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
