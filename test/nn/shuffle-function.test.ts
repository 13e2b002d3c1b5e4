// fit's shuffle as a function (epoch, n) => permutation: the course's per-epoch reseeding,
// np.random.seed(seed + e); permutation(m), with batches as consecutive slices of that order
// (the last one partial). Checked against the same batches fed to trainStep by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.moons({ n: 150, noise: 0.2, seed: 3, rng: 'numpy' });
const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 5, activation: 'relu', kernelInit: 'heNormal' }, { units: 2, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid', kernelInit: 'heNormal' }], seed: 3, rng: 'numpy' };
const optimizer = { type: 'adam' as const, learningRate: 0.0007, epsilon: 1e-8 };
const order = (e: number, n: number): Float64Array => sb.numpy.RandomState(10 + e).permutation(n);

function rows(m: sb.Matrix, idx: ArrayLike<number>): sb.Matrix {
  const data = new Float32Array(idx.length * m.cols);
  for (let i = 0; i < idx.length; i++) data.set(m.data.subarray(idx[i]! * m.cols, (idx[i]! + 1) * m.cols), i * m.cols);
  return { rows: idx.length, cols: m.cols, data };
}

describe('fit({ shuffle: (epoch, n) => permutation })', () => {
  it("gives the batches the course's random_mini_batches gives: consecutive slices of each epoch's permutation", async () => {
    const net = new sb.Network(spec);
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer, epochs: 3, batchSize: 64, shuffle: order });
    const twin = new sb.Network(spec);
    const losses: number[] = [];
    for (let e = 0; e < 3; e++) {
      const p = order(e, x.rows);
      let sum = 0;
      for (let start = 0; start < x.rows; start += 64) {
        const idx = p.subarray(start, Math.min(start + 64, x.rows));
        sum += twin.trainStep(rows(x, idx), rows(y, idx), { loss: 'binaryCrossEntropy', optimizer }) * idx.length;
      }
      losses.push(Math.fround(sum / x.rows));
    }
    expect(net.getWeights()).toEqual(twin.getWeights());
    expect(h.loss).toEqual(losses);
    expect(h.steps).toBe(3 * 3); // 150 rows in batches of 64: 64, 64, 22
    net.dispose();
    twin.dispose();
  });

  it('refuses what is not a permutation of 0..n-1, naming the epoch and the value', async () => {
    const net = new sb.Network(spec);
    const fit = (shuffle: unknown): Promise<unknown> => net.fit(x, y, { loss: 'binaryCrossEntropy', epochs: 1, shuffle: shuffle as never });
    await expect(fit(() => [0, 1, 2])).rejects.toThrow(/shuffle\(0, 150\) must return a permutation of 0..149, got 3 values/);
    await expect(fit((_e: number, n: number) => Array.from({ length: n }, () => 0))).rejects.toThrow(/got 0 at index 1 \(a repeat\)/);
    await expect(fit((_e: number, n: number) => Array.from({ length: n }, (_, i) => i + 0.5))).rejects.toThrow(sb.ValueError);
    await expect(fit('yes')).rejects.toThrow(/shuffle must be a boolean or a function/);
    net.dispose();
  });
});
