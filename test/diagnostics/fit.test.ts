// fit(..., { diagnostics: { every, x } }): a report every N epochs in history.diagnostics, so a
// user can watch units stay locked or separate during training; the option is checked first.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { diagnose } from '../../src/diagnostics/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.planarFlower({ n: 80, seed: 3 });
const lesson = (init: sb.InitializerSpec): sb.Network =>
  new sb.Network({
    inputs: 2,
    layers: [{ units: 4, activation: 'tanh', kernelInit: init }, { units: 1, activation: 'sigmoid', kernelInit: init }],
    seed: 1,
  });
const base = { loss: 'binaryCrossEntropy' as const, optimizer: { type: 'sgd' as const, learningRate: 0.5 }, batchSize: 40 };

describe('fit with diagnostics', () => {
  it('records a report after every N epochs, equal to diagnose() at that point', async () => {
    const net = lesson(sb.init.constant({ value: 0.3 }));
    const h = await net.fit(x, y, { ...base, epochs: 7, diagnostics: { every: 3, x } });
    expect(h.diagnostics!.map((r) => r.epoch)).toEqual([2, 5]);
    for (const r of h.diagnostics!) {
      expect(r.samples).toBe(80);
      expect(r.layers[0]!.symmetry.locked).toEqual([true]);
      expect(r.findings[0]).toMatchObject({ severity: 'error', code: 'SYMMETRIC_UNITS', layer: 0 });
    }
    // The reports differ (the network trained in between), and the last one is the state after
    // epoch 5, not the final one: a twin trained for 6 epochs (same shuffles) reproduces it.
    expect(h.diagnostics![0]!.layers[0]!.preactivation).not.toEqual(h.diagnostics![1]!.layers[0]!.preactivation);
    const twin = lesson(sb.init.constant({ value: 0.3 }));
    await twin.fit(x, y, { ...base, epochs: 6 });
    const again = diagnose(twin, x);
    expect(again.layers).toEqual(h.diagnostics![1]!.layers);
    expect(h.epochs).toBe(7);
    net.dispose();
    twin.dispose();
  });

  it('shows unlocked symmetric units separating as training goes', async () => {
    const net = lesson('glorotUniform');
    const w = net.getWeights();
    const k = w[0]!.kernel.data;
    k[2] = k[0]!;
    k[3] = k[1]!;
    w[0]!.bias[1] = w[0]!.bias[0]!;
    net.setWeights(w);
    expect(diagnose(net, x).layers[0]!.symmetry.groups).toEqual([[0, 1]]);
    const h = await net.fit(x, y, { ...base, epochs: 20, diagnostics: { every: 1, x } });
    expect(h.diagnostics).toHaveLength(20);
    const distinct = h.diagnostics!.map((r) => r.layers[0]!.symmetry.distinctUnits);
    expect(distinct[distinct.length - 1]).toBe(4);
    expect(h.diagnostics![19]!.findings.some((f) => f.code === 'SYMMETRIC_UNITS')).toBe(false);
    net.dispose();
  });

  it('a run stopped by onEpochEnd keeps the report of its last epoch', async () => {
    const net = lesson('glorotUniform');
    const h = await net.fit(x, y, { ...base, epochs: 5, diagnostics: { every: 1, x }, onEpochEnd: () => false });
    expect(h.diagnostics!.map((r) => r.epoch)).toEqual([0]);
    const none = await net.fit(x, y, { ...base, epochs: 2 });
    expect(none.diagnostics).toBeUndefined();
    net.dispose();
  });

  it('checks the option before training', async () => {
    const net = lesson('glorotUniform');
    const before = net.getWeights();
    const bad: [unknown, RegExp][] = [
      [5, /diagnostics must be an object \{ every, x \}/],
      [{ every: 0, x }, /diagnostics.every must be a positive integer, got 0/],
      [{ every: 1.5, x }, /diagnostics.every/],
      [{ x }, /diagnostics.every/],
      [{ every: 2 }, /diagnostics.x \(the probe data\) is missing/],
      [{ every: 2, x, y }, /unknown option 'diagnostics.y'/],
      [{ every: 2, x: [[1, 2, 3]] }, /diagnostics.x has 3 columns, the network expects 2/],
      [{ every: 2, x: [[1, NaN]] }, /must be finite/],
    ];
    for (const [diagnostics, message] of bad) {
      await expect(net.fit(x, y, { ...base, epochs: 1, diagnostics } as never)).rejects.toThrow(message);
    }
    await expect(net.fit(x, y, { ...base, epochs: 1, diagnostics: { every: 2, x: [[1, 2, 3]] } })).rejects.toThrow(sb.ShapeError);
    expect(net.getWeights()).toEqual(before);
    net.dispose();
  });
});
