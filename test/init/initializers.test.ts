// Statistics of every initializer on a 512x1024 sample (units = fanOut = 512, inputs = fanIn =
// 1024): variance within 3% of the formula, mean near the configured one, bounds respected and
// approached, and a Kolmogorov-Smirnov test of the shape at a fixed seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { init, randomStream, type Initializer } from '../../src/init/index.js';
import { truncatedNormalStd } from '../../src/util/float64.js';
import { ksCritical, ksStatistic, mean, minMax, normalCdf, variance } from './stats.js';

const FAN_IN = 1024;
const FAN_OUT = 512;
const N = FAN_IN * FAN_OUT;

type Shape =
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'truncated'; mean: number; sigma: number; bound: number }
  | { kind: 'moments'; mean: number; variance: number };

interface Case {
  label: string;
  make: () => Initializer;
  shape: Shape;
}

const fanAvg = (FAN_IN + FAN_OUT) / 2;
const T2 = 0.87962566103423978;

const cases: Case[] = [
  { label: 'randomNormal()', make: () => init.randomNormal(), shape: { kind: 'normal', mean: 0, std: 0.05 } },
  { label: 'randomNormal({mean: 0.5, std: 0.2})', make: () => init.randomNormal({ mean: 0.5, std: 0.2 }), shape: { kind: 'normal', mean: 0.5, std: 0.2 } },
  { label: 'randomUniform()', make: () => init.randomUniform(), shape: { kind: 'uniform', min: -0.05, max: 0.05 } },
  { label: 'randomUniform({min: 0, max: 1})', make: () => init.randomUniform({ min: 0, max: 1 }), shape: { kind: 'uniform', min: 0, max: 1 } },
  { label: 'truncatedNormal()', make: () => init.truncatedNormal(), shape: { kind: 'truncated', mean: 0, sigma: 0.05 / T2, bound: 2 } },
  {
    label: 'truncatedNormal({mean: 1, std: 0.3, bound: 1.5})',
    make: () => init.truncatedNormal({ mean: 1, std: 0.3, bound: 1.5 }),
    shape: { kind: 'truncated', mean: 1, sigma: 0.3 / truncatedNormalStd(1.5), bound: 1.5 },
  },
  { label: 'scaledNormal()', make: () => init.scaledNormal(), shape: { kind: 'normal', mean: 0, std: 0.01 } },
  { label: 'scaledNormal({scale: 1})', make: () => init.scaledNormal({ scale: 1 }), shape: { kind: 'normal', mean: 0, std: 1 } },
  {
    label: 'varianceScaling()',
    make: () => init.varianceScaling(),
    shape: { kind: 'truncated', mean: 0, sigma: Math.sqrt(1 / FAN_IN) / T2, bound: 2 },
  },
  {
    label: "varianceScaling({scale: 2, mode: 'fanOut', distribution: 'normal'})",
    make: () => init.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal' }),
    shape: { kind: 'normal', mean: 0, std: Math.sqrt(2 / FAN_OUT) },
  },
  {
    label: "varianceScaling({scale: 3, mode: 'fanAvg', distribution: 'uniform'})",
    make: () => init.varianceScaling({ scale: 3, mode: 'fanAvg', distribution: 'uniform' }),
    shape: { kind: 'uniform', min: -Math.sqrt(9 / fanAvg), max: Math.sqrt(9 / fanAvg) },
  },
  {
    label: "varianceScaling({mode: 'fanAvg', distribution: 'truncatedNormal'})",
    make: () => init.varianceScaling({ mode: 'fanAvg', distribution: 'truncatedNormal' }),
    shape: { kind: 'truncated', mean: 0, sigma: Math.sqrt(1 / fanAvg) / T2, bound: 2 },
  },
  {
    label: 'glorotUniform()',
    make: () => init.glorotUniform(),
    shape: { kind: 'uniform', min: -Math.sqrt(6 / (FAN_IN + FAN_OUT)), max: Math.sqrt(6 / (FAN_IN + FAN_OUT)) },
  },
  {
    label: 'glorotUniform({gain: 5/3})',
    make: () => init.glorotUniform({ gain: 5 / 3 }),
    shape: { kind: 'uniform', min: (-5 / 3) * Math.sqrt(6 / (FAN_IN + FAN_OUT)), max: (5 / 3) * Math.sqrt(6 / (FAN_IN + FAN_OUT)) },
  },
  { label: 'glorotNormal()', make: () => init.glorotNormal(), shape: { kind: 'normal', mean: 0, std: Math.sqrt(2 / (FAN_IN + FAN_OUT)) } },
  {
    label: 'glorotNormal({gain: 2})',
    make: () => init.glorotNormal({ gain: 2 }),
    shape: { kind: 'normal', mean: 0, std: 2 * Math.sqrt(2 / (FAN_IN + FAN_OUT)) },
  },
  { label: 'heUniform()', make: () => init.heUniform(), shape: { kind: 'uniform', min: -Math.sqrt(6 / FAN_IN), max: Math.sqrt(6 / FAN_IN) } },
  {
    label: "heUniform({mode: 'fanOut', negativeSlope: 0.2})",
    make: () => init.heUniform({ mode: 'fanOut', negativeSlope: 0.2 }),
    shape: { kind: 'uniform', min: -Math.sqrt(2 / 1.04) * Math.sqrt(3 / FAN_OUT), max: Math.sqrt(2 / 1.04) * Math.sqrt(3 / FAN_OUT) },
  },
  { label: 'heNormal()', make: () => init.heNormal(), shape: { kind: 'normal', mean: 0, std: Math.sqrt(2 / FAN_IN) } },
  {
    label: "heNormal({mode: 'fanOut'})",
    make: () => init.heNormal({ mode: 'fanOut' }),
    shape: { kind: 'normal', mean: 0, std: Math.sqrt(2 / FAN_OUT) },
  },
  {
    label: 'heNormal({gain: 1, negativeSlope: 0.5}) (the gain wins)',
    make: () => init.heNormal({ gain: 1, negativeSlope: 0.5 }),
    shape: { kind: 'normal', mean: 0, std: Math.sqrt(1 / FAN_IN) },
  },
  { label: 'lecunUniform()', make: () => init.lecunUniform(), shape: { kind: 'uniform', min: -Math.sqrt(3 / FAN_IN), max: Math.sqrt(3 / FAN_IN) } },
  { label: 'lecunNormal()', make: () => init.lecunNormal(), shape: { kind: 'normal', mean: 0, std: Math.sqrt(1 / FAN_IN) } },
  {
    label: 'lecunNormal({gain: 0.5})',
    make: () => init.lecunNormal({ gain: 0.5 }),
    shape: { kind: 'normal', mean: 0, std: 0.5 * Math.sqrt(1 / FAN_IN) },
  },
  { label: 'torchLinear()', make: () => init.torchLinear(), shape: { kind: 'uniform', min: -1 / Math.sqrt(FAN_IN), max: 1 / Math.sqrt(FAN_IN) } },
  // Rows of a 512x1024 orthogonal W have norm gain: element variance gain²/1024.
  { label: 'orthogonal()', make: () => init.orthogonal(), shape: { kind: 'moments', mean: 0, variance: 1 / FAN_IN } },
  { label: 'orthogonal({gain: 2})', make: () => init.orthogonal({ gain: 2 }), shape: { kind: 'moments', mean: 0, variance: 4 / FAN_IN } },
  // ceil(0.1 · 512) = 52 zeros per column: variance std² (1 - 52/512).
  {
    label: 'sparse({sparsity: 0.1})',
    make: () => init.sparse({ sparsity: 0.1 }),
    shape: { kind: 'moments', mean: 0, variance: 0.01 ** 2 * (1 - 52 / FAN_OUT) },
  },
  {
    label: 'sparse({sparsity: 0.5, std: 1})',
    make: () => init.sparse({ sparsity: 0.5, std: 1 }),
    shape: { kind: 'moments', mean: 0, variance: 0.5 },
  },
];

function expected(shape: Shape): { mean: number; variance: number } {
  switch (shape.kind) {
    case 'normal':
      return { mean: shape.mean, variance: shape.std ** 2 };
    case 'uniform':
      return { mean: (shape.min + shape.max) / 2, variance: (shape.max - shape.min) ** 2 / 12 };
    case 'truncated': {
      const s = shape.sigma * truncatedNormalStd(shape.bound);
      return { mean: shape.mean, variance: s * s };
    }
    case 'moments':
      return { mean: shape.mean, variance: shape.variance };
  }
}

describe('every initializer on a 512x1024 sample', () => {
  beforeAll(async () => {
    await ready();
  });

  for (const c of cases) {
    it(c.label, () => {
      const w = c.make().sample(FAN_IN, FAN_OUT, randomStream(2024));
      expect(w.rows).toBe(FAN_OUT);
      expect(w.cols).toBe(FAN_IN);
      expect(w.data).toBeInstanceOf(Float32Array);
      expect(w.data.length).toBe(N);
      const e = expected(c.shape);
      const v = variance(w.data);
      expect(Math.abs(v / e.variance - 1), `variance ${v}, formula ${e.variance}`).toBeLessThan(0.03);
      // The mean's standard error is sqrt(variance / N): 5 of them.
      expect(Math.abs(mean(w.data) - e.mean)).toBeLessThan(5 * Math.sqrt(e.variance / N));
      const { min, max } = minMax(w.data);
      const shape = c.shape;
      if (shape.kind === 'uniform') {
        // Respected (float32 rounding may reach the bound itself) and approached: N uniform draws
        // leave gaps of about width/N at the ends.
        expect(min).toBeGreaterThanOrEqual(Math.fround(shape.min));
        expect(max).toBeLessThanOrEqual(Math.fround(shape.max));
        const width = shape.max - shape.min;
        expect(min).toBeLessThan(shape.min + width * 1e-4);
        expect(max).toBeGreaterThan(shape.max - width * 1e-4);
        const d = ksStatistic(w.data, (x) => Math.min(1, Math.max(0, (x - shape.min) / width)));
        expect(d).toBeLessThan(ksCritical(N));
      } else if (shape.kind === 'normal') {
        const d = ksStatistic(w.data, (x) => normalCdf((x - shape.mean) / shape.std));
        expect(d).toBeLessThan(ksCritical(N));
        // No truncation: about 33 of 524288 samples lie beyond 4 sigma.
        expect(Math.max(max - shape.mean, shape.mean - min)).toBeGreaterThan(4 * shape.std);
      } else if (shape.kind === 'truncated') {
        const lim = shape.bound * shape.sigma;
        expect(min).toBeGreaterThanOrEqual(Math.fround(shape.mean - lim) - 1e-7 * Math.abs(lim + shape.mean));
        expect(max).toBeLessThanOrEqual(Math.fround(shape.mean + lim) + 1e-7 * Math.abs(lim + shape.mean));
        expect(min).toBeLessThan(shape.mean - 0.999 * lim);
        expect(max).toBeGreaterThan(shape.mean + 0.999 * lim);
        const mass = normalCdf(shape.bound) - normalCdf(-shape.bound);
        const d = ksStatistic(w.data, (x) => {
          const z = Math.min(shape.bound, Math.max(-shape.bound, (x - shape.mean) / shape.sigma));
          return (normalCdf(z) - normalCdf(-shape.bound)) / mass;
        });
        expect(d).toBeLessThan(ksCritical(N));
      }
    });
  }

  it('orthogonal entries are approximately N(0, 1/1024) (KS)', () => {
    const w = init.orthogonal().sample(FAN_IN, FAN_OUT, randomStream(2024));
    const s = Math.sqrt(1 / FAN_IN);
    expect(ksStatistic(w.data, (x) => normalCdf(x / s))).toBeLessThan(ksCritical(N));
  });

  it('sparse zeroes exactly ceil(sparsity · units) entries of every column', () => {
    const w = init.sparse({ sparsity: 0.1 }).sample(FAN_IN, FAN_OUT, randomStream(3));
    for (let c = 0; c < FAN_IN; c++) {
      let zeros = 0;
      for (let r = 0; r < FAN_OUT; r++) if (w.data[r * FAN_IN + c] === 0) zeros++;
      expect(zeros).toBe(52);
    }
    // torch's rounding: math.ceil(0.07 * 100) = ceil(7.000000000000001) = 8.
    const t = init.sparse({ sparsity: 0.07, std: 1 }).sample(3, 100, randomStream(3));
    for (let c = 0; c < 3; c++) {
      let zeros = 0;
      for (let r = 0; r < 100; r++) if (t.data[r * 3 + c] === 0) zeros++;
      expect(zeros).toBe(8);
    }
    const none = init.sparse({ sparsity: 0, std: 1 }).sample(4, 4, randomStream(3));
    expect(Array.from(none.data).every((x) => x !== 0)).toBe(true);
  });

  it('constants are exact', () => {
    const rng = randomStream(1);
    expect(Array.from(init.zeros().sample(3, 2, rng).data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(init.ones().sample(2, 2, rng).data)).toEqual([1, 1, 1, 1]);
    expect(Array.from(init.constant({ value: 0.3 }).sample(2, 1, rng).data)).toEqual([Math.fround(0.3), Math.fround(0.3)]);
    expect(Array.from(init.constant().sample(2, 1, rng).data)).toEqual([0, 0]);
  });

  it('identity puts gain on the diagonal, square or rectangular', () => {
    const rng = randomStream(1);
    expect(Array.from(init.identity().sample(3, 3, rng).data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // wide: 2 units, 3 inputs
    expect(Array.from(init.identity({ gain: 2 }).sample(3, 2, rng).data)).toEqual([2, 0, 0, 0, 2, 0]);
    // tall: 3 units, 2 inputs
    expect(Array.from(init.identity({ gain: 0.5 }).sample(2, 3, rng).data)).toEqual([0.5, 0, 0, 0.5, 0, 0]);
  });
});

describe('sampleBias', () => {
  beforeAll(async () => {
    await ready();
  });
  const UNITS = 100000;

  it('constants fill the bias', () => {
    const rng = randomStream(1);
    expect(Array.from(init.zeros().sampleBias(3, 5, rng))).toEqual([0, 0, 0]);
    expect(Array.from(init.ones().sampleBias(2, 5, rng))).toEqual([1, 1]);
    expect(Array.from(init.constant({ value: -2 }).sampleBias(2, 5, rng))).toEqual([-2, -2]);
  });

  it('torchLinear: U(±1/sqrt(fanIn)) of the layer fanIn', () => {
    const b = init.torchLinear().sampleBias(UNITS, 16, randomStream(4));
    const { min, max } = minMax(b);
    expect(min).toBeGreaterThanOrEqual(-0.25);
    expect(max).toBeLessThanOrEqual(0.25);
    expect(min).toBeLessThan(-0.249);
    expect(max).toBeGreaterThan(0.249);
    expect(Math.abs(variance(b) / (0.25 ** 2 / 3) - 1)).toBeLessThan(0.03);
  });

  it('fixed distributions draw `units` values of the kernel distribution', () => {
    const b = init.randomNormal({ mean: 1, std: 2 }).sampleBias(UNITS, 7, randomStream(4));
    expect(b.length).toBe(UNITS);
    expect(Math.abs(mean(b) - 1)).toBeLessThan(5 * 2 / Math.sqrt(UNITS));
    expect(Math.abs(variance(b) / 4 - 1)).toBeLessThan(0.03);
    const u = init.randomUniform({ min: 2, max: 3 }).sampleBias(1000, 7, randomStream(4));
    expect(minMax(u).min).toBeGreaterThanOrEqual(2);
    expect(minMax(u).max).toBeLessThanOrEqual(3);
  });

  it('variance scaling treats a bias as fanIn = fanOut = units (Keras 1-D fans)', () => {
    const bound = Math.sqrt(6 / (2 * UNITS));
    const g = init.glorotUniform().sampleBias(UNITS, 3, randomStream(4));
    expect(minMax(g).max).toBeLessThanOrEqual(Math.fround(bound));
    expect(minMax(g).max).toBeGreaterThan(bound * 0.999);
    const h = init.heNormal().sampleBias(UNITS, 3, randomStream(4));
    expect(Math.abs(variance(h) / (2 / UNITS) - 1)).toBeLessThan(0.03);
  });

  it('sparse treats a bias as one column of `units`', () => {
    const b = init.sparse({ sparsity: 0.25, std: 1 }).sampleBias(8, 3, randomStream(4));
    expect(Array.from(b).filter((x) => x === 0).length).toBe(2);
  });

  it('orthogonal and identity are kernel-only: ValueError naming them', () => {
    expect(() => init.orthogonal().sampleBias(4, 4, randomStream(1))).toThrow(/orthogonal is a kernel initializer only/);
    expect(() => init.identity().sampleBias(4, 4, randomStream(1))).toThrow(/identity is a kernel initializer only/);
  });
});
