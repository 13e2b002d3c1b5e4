// What fit records for the diagnostics and for the user's weights: the steps it took and its
// optimizer, restoreBest (the best epoch's weights), the step that wrecked the weights when a
// later one goes non-finite, and the network's own count of training steps (its phase).
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.moons({ n: 60, noise: 0.1, seed: 1 });
const net2 = (): sb.Network => new sb.Network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });

describe('history.steps and history.optimizer', () => {
  it('count the applied updates and record the optimizer with its defaults', async () => {
    const net = net2();
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 3, batchSize: 25 });
    expect(h.steps).toBe(3 * 3); // 60 samples in batches of 25: 25, 25, 10
    expect(h.optimizer).toMatchObject({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999 });
    net.dispose();
  });
});

describe('restoreBest', () => {
  it('leaves the weights of the epoch with the lowest validation loss, and says which', async () => {
    // SGD at a large rate: the validation loss falls, then jumps about.
    const net = net2();
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 8 }, epochs: 40, batchSize: 10, validationData: [x, y], restoreBest: true, seed: 3 });
    const best = h.valLoss!.indexOf(Math.min(...h.valLoss!));
    expect(h.bestEpoch).toBe(best);
    expect(best).toBeLessThan(39); // the last epoch is not the best: the restore matters here
    // The weights are those that gave the best epoch's validation loss, bit for bit.
    expect(net.loss(x, y, 'binaryCrossEntropy')).toBe(h.valLoss![best]);
    expect(net.loss(x, y, 'binaryCrossEntropy')).toBeLessThan(h.valLoss![39]!);
    net.dispose();
  });

  it('without validation data, each epoch is judged by the training loss of its final weights', async () => {
    const net = net2();
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 8 }, epochs: 40, batchSize: 10, restoreBest: true, seed: 3 });
    const kept = net.loss(x, y, 'binaryCrossEntropy');
    // Re-run without restoreBest, recording each epoch's end loss: the kept one is their minimum.
    const twin = net2();
    const ends: number[] = [];
    await twin.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 8 }, epochs: 40, batchSize: 10, seed: 3, onEpochEnd: () => void ends.push(twin.loss(x, y, 'binaryCrossEntropy')) });
    expect(kept).toBe(Math.min(...ends));
    expect(h.bestEpoch).toBe(ends.indexOf(kept));
    net.dispose();
    twin.dispose();
  });

  it('without restoreBest the last weights stay and bestEpoch is not set', async () => {
    const net = net2();
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 8 }, epochs: 40, batchSize: 10, validationData: [x, y], seed: 3 });
    expect(h.bestEpoch).toBeUndefined();
    expect(net.loss(x, y, 'binaryCrossEntropy')).toBe(h.valLoss![39]);
    net.dispose();
  });
});

describe('damage: weights that are finite but unusable', () => {
  // A deep relu net at randn*1: its first loss is enormous (logits ~1e5), and the first accepted
  // step leaves weights whose next loss is not finite.
  const spec: sb.NetworkSpec = {
    inputs: 2,
    layers: [...Array.from({ length: 9 }, () => ({ units: 64, activation: 'relu' as const, kernelInit: sb.init.scaledNormal({ scale: 1 }) })), { units: 1, activation: 'sigmoid' as const }],
    seed: 1,
  };

  it('history.stopped names the step that did the damage and says the kept weights are unusable', async () => {
    const net = new sb.Network(spec);
    const first = net.loss(x, y, 'binaryCrossEntropy');
    expect(first).toBeGreaterThan(1e4);
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 }, epochs: 5, batchSize: 60 });
    // Epoch 0's step took the loss from ~1e5 to ~4e37 (epoch 1's, still finite); epoch 2's is NaN.
    expect(h.loss[1]).toBeGreaterThan(1e3 * h.loss[0]!);
    expect(h.stopped).toMatchObject({ reason: 'nonFinite', epoch: 2, batch: 0, value: 'loss' });
    expect(h.stopped!.damage).toEqual({ epoch: 0, batch: 0, lossBefore: h.loss[0], lossAfter: h.loss[1] });
    expect(h.stopped!.message).toContain('finite and unusable');
    expect(h.stopped!.message).toContain('epoch 0 batch 0');
    // diagnose with the history names the initialization, not the learning rate: this init
    // diverges at any step size.
    const r = sb.diagnose(net, x, y, { history: h });
    expect(r.findings[0]).toMatchObject({ severity: 'error', code: 'DIVERGING_LOSS', cause: 'initialization' });
    expect(r.findings[0]!.fix!.layers!.every((l) => l.kernelInit?.name === 'heNormal' || l.kernelInit?.name === 'glorotUniform')).toBe(true);
    net.dispose();
  });

  it('with restoreBest the network is left with the weights fit started from (bestEpoch -1)', async () => {
    const net = new sb.Network(spec);
    const before = net.getWeights();
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 }, epochs: 5, batchSize: 60, restoreBest: true });
    // Each epoch is judged by the loss of its final weights: epoch 0's are the damaged ones, so
    // nothing beats the start.
    expect(h.stopped!.damage).toBeDefined();
    expect(h.bestEpoch).toBe(-1);
    expect(h.stopped!.message).toContain('restoreBest put back');
    expect(net.getWeights()).toEqual(before);
    net.dispose();
  });

  it('a first step that goes non-finite leaves the starting weights, with no damage reported', async () => {
    const net = new sb.Network(spec);
    const w = net.getWeights();
    w[0]!.kernel.data.fill(1e36);
    net.setWeights(w);
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 }, epochs: 2, batchSize: 60 });
    expect(h.stopped).toMatchObject({ reason: 'nonFinite', epoch: 0, batch: 0 });
    expect(h.stopped!.damage).toBeUndefined();
    expect(h.steps).toBe(0);
    expect(net.getWeights()).toEqual(w);
    net.dispose();
  });
});

describe("the network's phase", () => {
  it('counts its training steps; weights set by hand make the phase unknown', async () => {
    const net = net2();
    expect(sb.diagnose(net, x).phase).toBe('initialization');
    expect(sb.diagnose(net, x).steps).toBe(0);
    net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } });
    await net.fit(x, y, { loss: 'binaryCrossEntropy', epochs: 2, batchSize: 30 });
    const r = sb.diagnose(net, x);
    expect(r.phase).toBe('training');
    expect(r.steps).toBe(1 + 2 * 2);
    expect(r.findings.every((f) => !f.message.includes('at initialization'))).toBe(true);
    net.setWeights(net.getWeights());
    expect(sb.diagnose(net, x).phase).toBe('unknown');
    // The caller can say: a step count, or a history.
    expect(sb.diagnose(net, x, undefined, { steps: 0 }).phase).toBe('initialization');
    expect(sb.diagnose(net, x, undefined, { steps: 12 })).toMatchObject({ phase: 'training', steps: 12 });
    expect(sb.diagnose(net, x, undefined, { history: [0.7, 0.5, 0.3] }).phase).toBe('training');
    net.dispose();
  });
});

describe('targets that cannot be learned are refused', () => {
  it('a softmax over one unit, with the sigmoid alternative named', () => {
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 1, activation: 'softmax' }] })).toThrow(sb.ValueError);
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 1, activation: 'softmax' }] })).toThrow(/softmax over 1 unit.*sigmoid.*binaryCrossEntropy/);
  });

  it('one-hot rows that are all zero or do not sum to 1', () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'softmax' }], seed: 1 });
    const px = { rows: 2, cols: 2, data: Float32Array.from([0.1, 0.2, 0.3, 0.4]) };
    const ok = { rows: 2, cols: 3, data: Float32Array.from([0, 1, 0, 0.25, 0.25, 0.5]) };
    expect(Number.isFinite(net.loss(px, ok, 'categoricalCrossEntropy'))).toBe(true);
    const zero = { rows: 2, cols: 3, data: Float32Array.from([0, 1, 0, 0, 0, 0]) };
    expect(() => net.loss(px, zero, 'categoricalCrossEntropy')).toThrow(/sum to 1, got a row summing to 0 at row 1 \(no class set\)/);
    const two = { rows: 2, cols: 3, data: Float32Array.from([1, 1, 0, 0, 0, 1]) };
    expect(() => net.trainStep(px, two, { loss: 'categoricalCrossEntropy' })).toThrow(sb.ValueError);
    expect(() => net.trainStep(px, two, { loss: 'categoricalCrossEntropy' })).toThrow(/summing to 2 at row 0/);
    net.dispose();
  });
});
