// fit(): options, callbacks, history, validation, and the checks that run before training.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const makeNet = (): sb.Network =>
  new sb.Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });

describe('fit', () => {
  it('records loss and accuracy per epoch and calls the callbacks', async () => {
    const { x, y } = sb.datasets.moons({ n: 50, noise: 0.1, seed: 1 });
    const net = makeNet();
    const batches: number[] = [];
    const epochs: number[] = [];
    const h = await net.fit(x, y, {
      loss: 'binaryCrossEntropy',
      optimizer: { type: 'sgd', learningRate: 0.5 },
      epochs: 4,
      batchSize: 20,
      validationData: [x, y],
      onBatchEnd: (b) => void batches.push(b),
      onEpochEnd: (e, logs) => {
        epochs.push(e);
        expect(logs.loss).toBeGreaterThan(0);
        expect(logs.valLoss).toBeGreaterThan(0);
      },
    });
    expect(h.epochs).toBe(4);
    expect(h.loss).toHaveLength(4);
    expect(h.accuracy).toHaveLength(4);
    expect(h.valLoss).toHaveLength(4);
    expect(h.valAccuracy).toHaveLength(4);
    expect(batches).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]); // 50 samples in batches of 20: 20, 20, 10
    expect(epochs).toEqual([0, 1, 2, 3]);
    expect(h.stopped).toBeUndefined();
    // The validation loss after the last epoch is the loss of the final weights.
    expect(h.valLoss![3]).toBe(net.loss(x, y, 'binaryCrossEntropy'));
    net.dispose();
  });

  it('a callback returning false stops training', async () => {
    const { x, y } = sb.datasets.xor({ n: 40, seed: 1 });
    const net = makeNet();
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', epochs: 10, onEpochEnd: (e) => e < 2 });
    expect(h.epochs).toBe(3);
    expect(h.stopped).toEqual({ reason: 'callback', epoch: 2, value: 'onEpochEnd', message: 'onEpochEnd returned false' });
    net.dispose();
  });

  it('epochs: 0 trains nothing; shuffle: false with full batches equals repeated trainStep', async () => {
    const { x, y } = sb.datasets.xor({ n: 40, seed: 2 });
    const a = makeNet();
    const before = a.getWeights();
    const h0 = await a.fit(x, y, { loss: 'binaryCrossEntropy', epochs: 0 });
    expect(h0.loss).toEqual([]);
    expect(a.getWeights()).toEqual(before);
    const b = makeNet();
    const opt = { type: 'sgd' as const, learningRate: 0.3 };
    await a.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: opt, epochs: 5, batchSize: 40, shuffle: false });
    for (let i = 0; i < 5; i++) b.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: opt });
    expect(a.getWeights()).toEqual(b.getWeights());
    a.dispose();
    b.dispose();
  });

  it('bad options are ValueErrors naming the option, and nothing changes', async () => {
    const { x, y } = sb.datasets.xor({ n: 10, seed: 1 });
    const net = makeNet();
    const before = net.getWeights();
    const mem = sb.memory();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ loss: 'binaryCrossEntropy', epochs: -1 }, /epochs must be an integer >= 0, got -1/],
      [{ loss: 'binaryCrossEntropy', epochs: 1.5 }, /epochs/],
      [{ loss: 'binaryCrossEntropy', batchSize: 0 }, /batchSize must be a positive integer, got 0/],
      [{ loss: 'binaryCrossEntropy', shuffle: 'yes' }, /shuffle must be a boolean or a function \(epoch, n\) => permutation, got string/],
      [{ loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0 } }, /learningRate/],
      [{ loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: Infinity } }, /learningRate/],
      [{ loss: 'binaryCrossEntropy', optimizer: 'rmsprop' }, /optimizer/],
      [{ loss: 'nope' }, /loss must be one of/],
      [{ loss: 'binaryCrossEntropy', seed: NaN }, /seed must be a finite number or a string/],
      [{ loss: 'binaryCrossEntropy', onEpochEnd: 3 }, /onEpochEnd must be a function/],
      [{ loss: 'binaryCrossEntropy', validationData: [x] }, /validationData must be \[x, y\]/],
      [{ loss: 'binaryCrossEntropy', epoch: 3 }, /unknown option 'epoch'/],
    ];
    for (const [options, message] of bad) {
      await expect(net.fit(x, y, options as never), JSON.stringify(options)).rejects.toThrow(message);
      await expect(net.fit(x, y, options as never)).rejects.toBeInstanceOf(sb.ValueError);
    }
    await expect(net.fit(x, [[1]], { loss: 'binaryCrossEntropy' })).rejects.toThrow(/y has 1 rows, x has 10/);
    await expect(net.fit([[1, 2, 3]], [1], { loss: 'binaryCrossEntropy' })).rejects.toThrow(/x has 3 columns/);
    expect(net.getWeights()).toEqual(before);
    expect(sb.memory()).toEqual(mem);
    net.dispose();
  });

  it('class ids out of range are rejected before training', async () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'softmax' }] });
    expect(() => net.trainStep([[0, 1]], [3], { loss: 'categoricalCrossEntropy' })).toThrow(/class id in 0\.\.2, got 3/);
    expect(() => net.trainStep([[0, 1]], [1.5], { loss: 'categoricalCrossEntropy' })).toThrow(sb.ValueError);
    expect(() => net.trainStep([[0, 1]], [[0, 1]], { loss: 'categoricalCrossEntropy' })).toThrow(/y has 2 columns, the network has 3 outputs/);
    net.dispose();
  });

  it('evaluate gives NaN accuracy for mean squared error', () => {
    const net = new sb.Network({ inputs: 1, layers: [{ units: 1 }] });
    const r = net.evaluate([[1], [2]], [3, 4], { loss: 'meanSquaredError' });
    expect(Number.isNaN(r.accuracy)).toBe(true);
    expect(r.loss).toBeGreaterThan(0);
    net.dispose();
  });
});

describe('fit and dispose', () => {
  const x = [[0, 1], [1, 0], [1, 1], [0, 0]];
  const y = [1, 1, 0, 0];

  it('on a disposed network, fit rejects (it does not throw synchronously)', async () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }] });
    net.dispose();
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = net.fit(x, y, { loss: 'binaryCrossEntropy' });
    }).not.toThrow();
    await expect(promise).rejects.toThrow(sb.DisposedError);
  });

  it('a callback that disposes the network stops fit with DisposedError and leaks nothing', async () => {
    const before = sb.memory().liveBytes;
    for (const hook of ['onBatchEnd', 'onEpochEnd'] as const) {
      const net = new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
      let calls = 0;
      const run = net.fit(x, y, {
        loss: 'binaryCrossEntropy',
        epochs: 5,
        batchSize: 2,
        [hook]: () => {
          calls++;
          net.dispose();
        },
      });
      await expect(run).rejects.toThrow(sb.DisposedError);
      expect(calls).toBe(1);
    }
    expect(sb.memory().liveBytes).toBe(before);
  });
});
