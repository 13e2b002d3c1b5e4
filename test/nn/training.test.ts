// Training runs that must learn, determinism, memory, and the non-finite guard.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

describe('networks learn', () => {
  it('planar flower, 4 tanh units, full-batch gradient descent at lr 1.2 (the course): about 90%', async () => {
    const { x, y } = sb.datasets.planarFlower({ n: 400, seed: 1 });
    const net = new sb.Network({
      inputs: 2,
      layers: [
        { units: 4, activation: 'tanh', kernelInit: sb.init.scaledNormal({ scale: 0.01 }) },
        { units: 1, activation: 'sigmoid', kernelInit: sb.init.scaledNormal({ scale: 0.01 }) },
      ],
      seed: 2,
    });
    const history = await net.fit(x, y, {
      loss: 'binaryCrossEntropy',
      optimizer: { type: 'sgd', learningRate: 1.2 },
      epochs: 5000,
      batchSize: 400,
      shuffle: false,
    });
    expect(history.epochs).toBe(5000);
    expect(history.loss[4999]!).toBeLessThan(history.loss[0]!);
    const { accuracy } = net.evaluate(x, y, { loss: 'binaryCrossEntropy' });
    // The course reports 90% on this data with this network.
    expect(accuracy).toBeGreaterThan(0.87);
    net.dispose();
  });

  it('circles with [10, 5] relu and a sigmoid output (He init, Adam)', async () => {
    const train = sb.datasets.circles({ n: 300, noise: 0.05, seed: 1 });
    const test = sb.datasets.circles({ n: 100, noise: 0.05, seed: 2 });
    const net = new sb.Network({
      inputs: 2,
      layers: [
        { units: 10, activation: 'relu', kernelInit: 'heNormal' },
        { units: 5, activation: 'relu', kernelInit: 'heNormal' },
        { units: 1, activation: 'sigmoid' },
      ],
      seed: 3,
    });
    const history = await net.fit(train.x, train.y, {
      loss: 'binaryCrossEntropy',
      optimizer: { type: 'adam', learningRate: 0.01 },
      epochs: 300,
      batchSize: 32,
      validationData: [test.x, test.y],
    });
    expect(history.accuracy![299]!).toBeGreaterThan(0.95);
    expect(history.valAccuracy![299]!).toBeGreaterThan(0.93);
    net.dispose();
  });

  it('three spirals with a softmax output and class ids', async () => {
    const { x, y } = sb.datasets.spirals({ n: 300, classes: 3, seed: 0 });
    const net = new sb.Network({
      inputs: 2,
      layers: [{ units: 64, activation: 'relu', kernelInit: 'heNormal' }, { units: 3, activation: 'softmax' }],
      seed: 4,
    });
    await net.fit(x, y, {
      loss: 'categoricalCrossEntropy',
      optimizer: { type: 'adam', learningRate: 0.02 },
      epochs: 400,
      batchSize: 300,
    });
    const { accuracy, loss } = net.evaluate(x, y, { loss: 'categoricalCrossEntropy' });
    expect(accuracy).toBeGreaterThan(0.9);
    expect(loss).toBeLessThan(0.3);
    net.dispose();
  });
});

describe('determinism', () => {
  const optimizers: sb.OptimizerSpec[] = [
    { type: 'sgd', learningRate: 0.1 },
    { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
    { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
    { type: 'adam', learningRate: 0.005 },
  ];
  for (const optimizer of optimizers) {
    it(`1,000 steps of ${JSON.stringify(optimizer)} give bit-identical weights for the same seed`, () => {
      const { x, y } = sb.datasets.moons({ n: 64, noise: 0.1, seed: 5 });
      const run = (seed: number): sb.LayerWeights[] => {
        const net = new sb.Network({
          inputs: 2,
          layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
          seed,
        });
        for (let i = 0; i < 1000; i++) net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer });
        const w = net.getWeights();
        net.dispose();
        return w;
      };
      const a = run(7);
      const b = run(7);
      const c = run(8);
      a.forEach((l, i) => {
        expect(Buffer.from(l.kernel.data.buffer).equals(Buffer.from(b[i]!.kernel.data.buffer))).toBe(true);
        expect(Buffer.from(l.bias.buffer).equals(Buffer.from(b[i]!.bias.buffer))).toBe(true);
      });
      expect(a[0]!.kernel.data).not.toEqual(c[0]!.kernel.data);
    });
  }

  it('fit with the same seed gives the same history and weights', async () => {
    const { x, y } = sb.datasets.xor({ n: 100, seed: 1 });
    const run = async (): Promise<[number[], Float32Array]> => {
      const net = new sb.Network({ inputs: 2, layers: [{ units: 6, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
      const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: 'adam', epochs: 5, batchSize: 16, seed: 'shuffle' });
      const w = net.getWeights()[0]!.kernel.data;
      net.dispose();
      return [h.loss, w];
    };
    const [l1, w1] = await run();
    const [l2, w2] = await run();
    expect(l1).toEqual(l2);
    expect(w1).toEqual(w2);
  });
});

describe('memory', () => {
  it('trainStep allocates nothing after the first steps: memory identical after 5,000 steps', () => {
    const { x, y } = sb.datasets.planarFlower({ n: 64, seed: 1 });
    const xm = x;
    const net = new sb.Network({ inputs: 2, layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] });
    const opt = { loss: 'binaryCrossEntropy' as const, optimizer: { type: 'adam' as const, learningRate: 0.001 } };
    for (let i = 0; i < 100; i++) net.trainStep(xm, y, opt);
    const after100 = sb.memory();
    for (let i = 0; i < 4900; i++) net.trainStep(xm, y, opt);
    expect(sb.memory()).toEqual(after100);
    net.dispose();
  });

  it('fit leaves nothing behind, and dispose() frees everything the network owned', async () => {
    const before = sb.memory();
    const { x, y } = sb.datasets.circles({ n: 100, seed: 1 });
    const net = new sb.Network({ inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] });
    await net.fit(x, y, { loss: 'binaryCrossEntropy', epochs: 3, batchSize: 30, optimizer: 'adam' });
    net.predict(x);
    net.dispose();
    expect(sb.memory().liveBuffers).toBe(before.liveBuffers);
    expect(sb.memory().liveBytes).toBe(before.liveBytes);
  });
});

describe('non-finite training stops with the last finite weights', () => {
  it('a learning rate of 1e6 on a regression stops within the first epoch', async () => {
    const x = Array.from({ length: 64 }, (_, i) => [i / 8, (i % 7) - 3]);
    const y = x.map(([a, b]) => [100 * a! + 50 * b!]);
    const net = new sb.Network({ inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 1 }], seed: 1 });
    let lastGood = net.getWeights();
    const history = await net.fit(x, y, {
      loss: 'meanSquaredError',
      optimizer: { type: 'sgd', learningRate: 1e6 },
      epochs: 3,
      batchSize: 8,
      shuffle: false,
      onBatchEnd: () => {
        lastGood = net.getWeights();
      },
    });
    expect(history.stopped).toBeDefined();
    expect(history.stopped!.epoch).toBe(0);
    expect(history.stopped!.reason).toBe('nonFinite');
    expect(history.stopped!.batch).toBeTypeOf('number');
    expect(['loss', 'gradient', 'weights']).toContain(history.stopped!.value);
    expect(history.stopped!.message).toMatch(/non-finite|not finite|loss is/);
    const w = net.getWeights();
    for (const l of w) {
      for (const v of l.kernel.data) expect(Number.isFinite(v)).toBe(true);
      for (const v of l.bias) expect(Number.isFinite(v)).toBe(true);
    }
    // Exactly the weights after the last successful step.
    expect(w).toEqual(lastGood);
    net.dispose();
  });

  it('trainStep throws NonFiniteError and keeps the weights', () => {
    const net = new sb.Network({ inputs: 1, layers: [{ units: 1 }], seed: 1 });
    net.setWeights([{ kernel: { rows: 1, cols: 1, data: new Float32Array([1]) }, bias: new Float32Array([0]) }]);
    const before = net.getWeights();
    expect(() =>
      net.trainStep([[3e38]], [[-3e38]], { loss: 'meanSquaredError', optimizer: { type: 'sgd', learningRate: 1 } }),
    ).toThrow(sb.NonFiniteError);
    expect(net.getWeights()).toEqual(before);
    net.dispose();
  });
});
