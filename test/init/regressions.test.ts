// The mistakes other libraries ship, each pinned by a test, and every bad option.
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import { ready } from '../../src/core/load.js';
import { init, randomStream, resolveInitializer, type Initializer } from '../../src/init/index.js';
import { mean, minMax, variance } from './stats.js';

const FAN_IN = 1024;
const FAN_OUT = 512;

beforeAll(async () => {
  await ready();
});

describe('regressions (bugs users hit in tfjs and Keras)', () => {
  it('tfjs#8594: glorotNormal and heNormal have their formula variance, not 0.77x of it', () => {
    const g = init.glorotNormal().sample(FAN_IN, FAN_OUT, randomStream(1)).data;
    const h = init.heNormal().sample(FAN_IN, FAN_OUT, randomStream(1)).data;
    const rg = variance(g) / (2 / (FAN_IN + FAN_OUT));
    const rh = variance(h) / (2 / FAN_IN);
    expect(Math.abs(rg - 1)).toBeLessThan(0.03);
    expect(Math.abs(rh - 1)).toBeLessThan(0.03);
    // tfjs's truncated-without-correction ratio is 0.8796² = 0.774.
    expect(rg).toBeGreaterThan(0.9);
    expect(rh).toBeGreaterThan(0.9);
    // and nothing is cut at 2 sigma
    expect(minMax(h).max).toBeGreaterThan(3 * Math.sqrt(2 / FAN_IN));
  });

  it("truncatedNormal({std}) is the std of the samples; the underlying normal is std/0.8796 cut at 2 of its sigma", () => {
    const std = 0.1;
    const w = init.truncatedNormal({ std }).sample(FAN_IN, FAN_OUT, randomStream(1)).data;
    expect(Math.abs(Math.sqrt(variance(w)) / std - 1)).toBeLessThan(0.015);
    const sigma = std / 0.87962566103423978;
    const { min, max } = minMax(w);
    expect(max).toBeLessThanOrEqual(Math.fround(2 * sigma));
    expect(min).toBeGreaterThanOrEqual(Math.fround(-2 * sigma));
    expect(max).toBeGreaterThan(0.999 * 2 * sigma); // the cut is at 2·0.1137, not at 2·0.1
  });

  it('every explicit option is honoured, 0 included (tfjs randomUniform({minval: 0}) became -0.05)', () => {
    const u = init.randomUniform({ min: 0 }).sample(FAN_IN, FAN_OUT, randomStream(1)).data;
    expect(minMax(u).min).toBeGreaterThanOrEqual(0);
    expect(Math.abs(mean(u) - 0.025)).toBeLessThan(0.001);
    const z = init.randomUniform({ min: 0, max: 0 }).sample(4, 4, randomStream(1)).data;
    expect(Array.from(z).every((x) => x === 0)).toBe(true);
    const n = init.randomNormal({ mean: 0.25, std: 0 }).sample(3, 3, randomStream(1)).data;
    expect(Array.from(n).every((x) => x === 0.25)).toBe(true);
    expect(init.randomNormal({ mean: 0 }).config).toEqual({ mean: 0, std: 0.05 });
    for (const make of [init.glorotUniform, init.glorotNormal, init.lecunUniform, init.lecunNormal, init.orthogonal, init.identity]) {
      const w = make({ gain: 0 }).sample(5, 3, randomStream(1)).data;
      expect(Array.from(w).every((x) => x === 0)).toBe(true);
    }
    expect(Array.from(init.heNormal({ gain: 0 }).sample(5, 3, randomStream(1)).data).every((x) => x === 0)).toBe(true);
    expect(Array.from(init.scaledNormal({ scale: 0 }).sample(5, 3, randomStream(1)).data).every((x) => x === 0)).toBe(true);
    expect(Array.from(init.constant({ value: 0 }).sample(2, 2, randomStream(1)).data)).toEqual([0, 0, 0, 0]);
  });

  it('seed 0 is a valid seed (tfjs treats it as "no seed")', () => {
    const a = init.glorotUniform().sample(8, 8, randomStream(0)).data;
    const b = init.glorotUniform().sample(8, 8, randomStream(0)).data;
    const c = init.glorotUniform().sample(8, 8, randomStream(1)).data;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('one initializer object used with two streams gives two different matrices (Keras reuses one seed)', () => {
    const shared = init.heNormal();
    const net = randomStream(5);
    const w0 = shared.sample(16, 16, net.child('layer0')).data;
    const w1 = shared.sample(16, 16, net.child('layer1')).data;
    expect(w0).not.toEqual(w1);
    // Nor does one stream repeat itself: two draws in a row differ.
    const s = randomStream(5);
    expect(shared.sample(16, 16, s).data).not.toEqual(shared.sample(16, 16, s).data);
    // The same stream state gives the same matrix.
    expect(shared.sample(16, 16, randomStream(5).child('layer0')).data).toEqual(w0);
  });

  it('He: an explicit gain wins over negativeSlope', () => {
    const he = init.heUniform({ gain: 1, negativeSlope: 0.9 });
    const w = he.sample(FAN_IN, FAN_OUT, randomStream(1)).data;
    const bound = Math.sqrt(3 / FAN_IN); // gain 1, not sqrt(2/(1 + 0.81))
    expect(minMax(w).max).toBeLessThanOrEqual(Math.fround(bound));
    expect(minMax(w).max).toBeGreaterThan(0.999 * bound);
    expect(he.config).toEqual({ mode: 'fanIn', negativeSlope: 0.9, gain: 1 });
  });

  it('Glorot bound = gain·sqrt(6/(fanIn + fanOut)), as torch.nn.init.xavier_uniform_', () => {
    const w = init.glorotUniform({ gain: 3 }).sample(FAN_IN, FAN_OUT, randomStream(1)).data;
    const bound = 3 * Math.sqrt(6 / (FAN_IN + FAN_OUT));
    const { min, max } = minMax(w);
    expect(max).toBeLessThanOrEqual(Math.fround(bound));
    expect(min).toBeGreaterThanOrEqual(-Math.fround(bound));
    expect(max).toBeGreaterThan(0.9999 * bound);
    expect(min).toBeLessThan(-0.9999 * bound);
  });

  it('identity accepts rectangular shapes (tfjs refuses non-square)', () => {
    expect(init.identity().sample(5, 2, randomStream(1)).data.length).toBe(10);
  });
});

describe('bad options throw ValueError naming the option and the value', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['min > max', () => init.randomUniform({ min: 1, max: 0 }), /randomUniform: min must be <= max, got min = 1, max = 0/],
    ['min NaN', () => init.randomUniform({ min: NaN }), /randomUniform: min must be a finite number, got NaN/],
    ['max Infinity', () => init.randomUniform({ max: Infinity }), /max must be a finite number, got Infinity/],
    ['max - min overflows', () => init.randomUniform({ min: -1e308, max: 1e308 }), /max - min must be finite/],
    ['negative std', () => init.randomNormal({ std: -1 }), /randomNormal: std must be a finite number >= 0, got -1/],
    ['non-finite std', () => init.randomNormal({ std: Infinity }), /randomNormal: std must be a finite number >= 0, got Infinity/],
    ['mean as a string', () => init.randomNormal({ mean: '0' as never }), /randomNormal: mean must be a finite number, got string/],
    ['truncated negative std', () => init.truncatedNormal({ std: -0.1 }), /truncatedNormal: std must be a finite number >= 0, got -0.1/],
    ['truncated bound 0', () => init.truncatedNormal({ bound: 0 }), /truncatedNormal: bound must be a finite number > 0, got 0/],
    ['truncated bound NaN', () => init.truncatedNormal({ bound: NaN }), /truncatedNormal: bound must be a finite number > 0, got NaN/],
    ['negative scale', () => init.scaledNormal({ scale: -0.01 }), /scaledNormal: scale must be a finite number >= 0, got -0.01/],
    ['non-finite scale', () => init.varianceScaling({ scale: NaN }), /varianceScaling: scale must be a finite number >= 0, got NaN/],
    ['negative scale (vs)', () => init.varianceScaling({ scale: -2 }), /varianceScaling: scale must be a finite number >= 0, got -2/],
    ['unknown mode', () => init.varianceScaling({ mode: 'fan_in' as never }), /varianceScaling: mode must be one of 'fanIn', 'fanOut', 'fanAvg', got string "fan_in"/],
    ['unknown distribution', () => init.varianceScaling({ distribution: 'untruncated_normal' as never }), /distribution must be one of 'truncatedNormal', 'normal', 'uniform', got string "untruncated_normal"/],
    ['He fanAvg', () => init.heNormal({ mode: 'fanAvg' as never }), /heNormal: mode must be one of 'fanIn', 'fanOut', got string "fanAvg"/],
    ['He negativeSlope NaN', () => init.heUniform({ negativeSlope: NaN }), /heUniform: negativeSlope must be a finite number, got NaN/],
    ['negative gain', () => init.glorotUniform({ gain: -1 }), /glorotUniform: gain must be a finite number >= 0, got -1/],
    ['non-finite gain', () => init.glorotNormal({ gain: Infinity }), /glorotNormal: gain must be a finite number >= 0, got Infinity/],
    ['He negative gain', () => init.heNormal({ gain: -2 }), /heNormal: gain must be a finite number >= 0, got -2/],
    ['LeCun NaN gain', () => init.lecunUniform({ gain: NaN }), /lecunUniform: gain must be a finite number >= 0, got NaN/],
    ['orthogonal negative gain', () => init.orthogonal({ gain: -1 }), /orthogonal: gain must be a finite number >= 0, got -1/],
    ['identity NaN gain', () => init.identity({ gain: NaN }), /identity: gain must be a finite number >= 0, got NaN/],
    ['sparsity 1', () => init.sparse({ sparsity: 1 }), /sparse: sparsity must be a number in \[0, 1\), got 1/],
    ['sparsity negative', () => init.sparse({ sparsity: -0.1 }), /sparse: sparsity must be a number in \[0, 1\), got -0.1/],
    ['sparsity missing', () => init.sparse({} as never), /sparse: option sparsity is required/],
    ['sparse negative std', () => init.sparse({ sparsity: 0.1, std: -1 }), /sparse: std must be a finite number >= 0, got -1/],
    ['constant NaN', () => init.constant({ value: NaN }), /constant: value must be a finite number, got NaN/],
    ['unknown option (tfjs name)', () => init.randomUniform({ minval: 0 } as never), /randomUniform: unknown option 'minval' \(known: min, max\)/],
    ['unknown option (no options)', () => init.zeros({ value: 1 } as never), /zeros: unknown option 'value' \(it takes no options\)/],
    ['options not an object', () => init.glorotUniform(3 as never), /glorotUniform: options must be an object, got number/],
    ['unknown name', () => resolveInitializer('xavier'), /unknown initializer "xavier" \(known: zeros, ones, constant, randomNormal/],
    ['std overflowing float32', () => init.randomNormal({ std: 1e39 }).sample(4, 4, randomStream(1)), /randomNormal: .* gives -?Infinity, beyond the float32 range/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      expect(call).toThrow(ValueError);
      expect(call).toThrow(message);
    });
  }
});

describe('bad sample() arguments', () => {
  const every: Initializer[] = [init.glorotUniform(), init.orthogonal(), init.zeros(), init.identity()];
  it('fans must be positive integers (ShapeError naming the fan)', () => {
    for (const i of every) {
      expect(() => i.sample(0, 3, randomStream(1))).toThrow(ShapeError);
      expect(() => i.sample(3, 1.5, randomStream(1))).toThrow(new RegExp(`${i.name}: fanOut must be a positive integer, got 1.5`));
      expect(() => i.sample(NaN, 3, randomStream(1))).toThrow(/fanIn must be a positive integer, got NaN/);
    }
    expect(() => init.zeros().sampleBias(0, 3, randomStream(1))).toThrow(/zeros: units must be a positive integer, got 0/);
    expect(() => init.torchLinear().sampleBias(3, -1, randomStream(1))).toThrow(/torchLinear: fanIn must be a positive integer, got -1/);
  });

  it('rng must be a RandomStream', () => {
    expect(() => init.glorotUniform().sample(3, 3, undefined as never)).toThrow(ValueError);
    expect(() => init.glorotUniform().sample(3, 3, 42 as never)).toThrow(/glorotUniform: rng must be a RandomStream \(from randomStream\(seed\)\), got number/);
  });
});
