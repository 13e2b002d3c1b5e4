// The course's published figures, reproduced by porting its notebooks line by line
// (rng: 'numpy' with the notebooks' seeds; full-batch or mini-batch gradient descent as written):
// - Neural Networks and Deep Learning week 3: the flower, 4 tanh units, lr 1.2, 10,000
//   iterations, weights from np.random.seed(2): costs 0.693048 / 0.288083 / 0.254386 at
//   iterations 0 / 1000 / 2000, and "Accuracy: 90%".
// - Improving Deep Neural Networks week 1, Initialization: circles (seeds 1 and 2), [2, 10, 5, 1],
//   lr 0.01, 15,000 iterations, weights from seed 3: zeros 0.50/0.50 at cost ln 2, random*10
//   0.83/0.86, He 0.9933/0.96 with first cost 0.8830537.
// - Improving Deep Neural Networks week 2, Optimization: moons (seed 3), [2, 5, 2, 1], lr 0.0007,
//   mini-batches of 64 reseeded each epoch from seed 11 on, 10,000 epochs: gradient descent
//   79.7%, momentum 79.7%, Adam 94%.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const bce = 'binaryCrossEntropy' as const;
const accuracy = (net: sb.Network, d: { x: sb.Matrix; y: sb.Matrix }): number => net.evaluate(d.x, d.y, { loss: bce }).accuracy;

describe("the course's notebooks, reproduced", () => {
  it('week 3: the planar flower with 4 tanh units prints "Accuracy: 90%"', async () => {
    const d = sb.datasets.planarFlower({ n: 400, seed: 1, rng: 'numpy' });
    const small = sb.init.scaledNormal({ scale: 0.01 });
    const net = new sb.Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh', kernelInit: small }, { units: 1, activation: 'sigmoid', kernelInit: small }], seed: 2, rng: 'numpy' });
    const h = await net.fit(d.x, d.y, { loss: bce, optimizer: { type: 'sgd', learningRate: 1.2 }, epochs: 10000, batchSize: 400, shuffle: false });
    expect([0, 1000, 2000].map((i) => h.loss[i]!.toFixed(6))).toEqual(['0.693048', '0.288083', '0.254386']);
    expect(Math.floor(100 * accuracy(net, d))).toBe(90);
    net.dispose();
  });

  it('Initialization: zeros 0.50/0.50, random*10 0.83/0.86, He 0.9933/0.96 with first cost 0.8830537', async () => {
    const train = sb.datasets.circles({ n: 300, noise: 0.05, seed: 1, rng: 'numpy' });
    const test = sb.datasets.circles({ n: 100, noise: 0.05, seed: 2, rng: 'numpy' });
    const got: Record<string, [number, number, number]> = {};
    for (const [name, init] of [
      ['zeros', 'zeros'],
      ['random*10', sb.init.scaledNormal({ scale: 10 })],
      ['he', 'heNormal'],
    ] as const) {
      const net = new sb.Network({ inputs: 2, layers: [{ units: 10, activation: 'relu', kernelInit: init }, { units: 5, activation: 'relu', kernelInit: init }, { units: 1, activation: 'sigmoid', kernelInit: init }], seed: 3, rng: 'numpy' });
      const h = await net.fit(train.x, train.y, { loss: bce, optimizer: { type: 'sgd', learningRate: 0.01 }, epochs: 15000, batchSize: 300, shuffle: false });
      got[name] = [Number(accuracy(net, train).toFixed(4)), Number(accuracy(net, test).toFixed(2)), h.loss[0]!];
      net.dispose();
    }
    expect(got.zeros!.slice(0, 2)).toEqual([0.5, 0.5]);
    expect(got.zeros![2]).toBe(Math.fround(Math.LN2));
    expect(got['random*10']!.slice(0, 2)).toEqual([0.83, 0.86]);
    expect(got.he!.slice(0, 2)).toEqual([0.9933, 0.96]);
    expect(got.he![2].toFixed(7)).toBe('0.8830538'); // the notebook prints 0.883053746342 (float64); float32 0.88305378
  });

  it('Optimization: gradient descent 79.7%, momentum 79.7%, Adam 94%', async () => {
    const d = sb.datasets.moons({ n: 300, noise: 0.2, seed: 3, rng: 'numpy' });
    const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 5, activation: 'relu', kernelInit: 'heNormal' }, { units: 2, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid', kernelInit: 'heNormal' }], seed: 3, rng: 'numpy' };
    const shuffle = (e: number, n: number): Float64Array => sb.numpy.RandomState(11 + e).permutation(n);
    const got: number[] = [];
    for (const optimizer of [
      { type: 'sgd', learningRate: 0.0007 },
      { type: 'momentum', learningRate: 0.0007, beta: 0.9 },
      { type: 'adam', learningRate: 0.0007, epsilon: 1e-8 },
    ] as const) {
      const net = new sb.Network(spec);
      await net.fit(d.x, d.y, { loss: bce, optimizer, epochs: 10000, batchSize: 64, shuffle });
      got.push(Number((100 * accuracy(net, d)).toFixed(1)));
      net.dispose();
    }
    expect(got).toEqual([79.7, 79.7, 94]);
  }, 60_000);
});
