// Networks with rng: 'numpy': the kernels are float32 of the course's numpy expressions, exactly
// (vectors from test/vectors/numpy_random.py); constant initializers draw nothing; the spec
// round-trips; bad seeds and rng values are refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const course = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'numpy-random.json'), 'utf8')) as { course: Record<string, number[][]> & { randn_10x2_times_sqrt_1: number[] } }).course;

function kernels(spec: sb.NetworkSpec): number[][] {
  const net = new sb.Network(spec);
  const w = net.getWeights().map((l) => Array.from(l.kernel.data));
  net.dispose();
  return w;
}

const stackOf = (dims: number[], kernelInit: sb.InitializerSpec, seed: number): sb.NetworkSpec => ({
  inputs: dims[0]!,
  layers: dims.slice(1).map((units, i) => ({ units, activation: i === dims.length - 2 ? ('sigmoid' as const) : ('relu' as const), kernelInit })),
  seed,
  rng: 'numpy',
});

describe("rng: 'numpy'", () => {
  it("the course's circles network with He: np.random.seed(3); randn(n, m) * sqrt(2 / m), layer by layer", () => {
    expect(kernels(stackOf([2, 10, 5, 1], 'heNormal', 3))).toEqual(course.he_2_10_5_1_seed3);
    // The first kernel is np.random.randn(10, 2) * np.sqrt(2/2) itself, rounded to float32.
    expect(kernels(stackOf([2, 10, 5, 1], 'heNormal', 3))[0]).toEqual(course.randn_10x2_times_sqrt_1.map((v) => Math.fround(v)));
  });

  it("random * 10 (the course's large init), the flower's randn * 0.01, and a uniform initializer", () => {
    expect(kernels(stackOf([2, 10, 5, 1], sb.init.scaledNormal({ scale: 10 }), 3))).toEqual(course.random10_2_10_5_1_seed3);
    expect(kernels(stackOf([2, 4, 1], sb.init.scaledNormal({ scale: 0.01 }), 2))).toEqual(course.flower_2_4_1_seed2);
    expect(kernels(stackOf([3, 8, 2], 'glorotUniform', 7))).toEqual(course.glorot_uniform_3_8_2_seed7);
  });

  it('constant initializers draw nothing: a zeros layer leaves the next layer the draws numpy would give it', () => {
    const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 10, kernelInit: 'zeros' }, { units: 5, kernelInit: 'heNormal' }], seed: 3, rng: 'numpy' };
    const w = kernels(spec);
    expect(w[0]!.every((v) => v === 0)).toBe(true);
    // The second layer gets the first draws of seed 3: randn(5, 10) * sqrt(2/10).
    const rs = sb.numpy.RandomState(3);
    expect(w[1]).toEqual(Array.from(rs.randn(5, 10) as Float64Array, (v) => Math.fround(v * Math.sqrt(2 / 10))));
  });

  it('other initializers draw from a stream seeded by one 32-bit word of the RandomState, reproducibly', () => {
    const spec: sb.NetworkSpec = { inputs: 4, layers: [{ units: 4, kernelInit: 'orthogonal' }, { units: 1 }], seed: 5, rng: 'numpy' };
    expect(kernels(spec)).toEqual(kernels(spec));
    const word = sb.numpy.RandomState(5).nextUint32();
    expect(kernels(spec)[0]).toEqual(Array.from(sb.init.orthogonal().sample(4, 4, sb.randomStream(word)).data));
  });

  it('round-trips through toJSON and save/load; bad rng values and seeds are refused', () => {
    const spec = stackOf([2, 4, 1], 'heNormal', 1);
    const net = new sb.Network(spec);
    expect(net.toJSON().rng).toBe('numpy');
    const back = sb.Network.load(net.save());
    expect(back.toJSON()).toEqual(net.toJSON());
    expect(sb.Network.fromJSON(net.toJSON()).getWeights()).toEqual(net.getWeights());
    net.dispose();
    back.dispose();
    expect(() => new sb.Network({ ...spec, rng: 'torch' as never })).toThrow(/rng must be 'numpy'/);
    for (const seed of [-1, 2 ** 32, 1.5, 'abc']) {
      expect(() => new sb.Network({ ...spec, seed })).toThrow(/with rng 'numpy' the seed must be an integer between 0 and 2\*\*32 - 1/);
    }
  });
});
