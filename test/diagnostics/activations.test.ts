// Every activation of the registry works in the diagnostics: a network of each trains a step,
// diagnose reports it with the activation's own saturation band and dead-unit rule, and the
// recommended initializer is the registry's.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { infoOf } from '../../src/registry/activations.js';

beforeAll(() => sb.ready());

const { x, y } = sb.datasets.moons({ n: 64, noise: 0.1, seed: 2 });

describe('diagnose on every hidden activation', () => {
  for (const name of sb.activations.filter((a) => a !== 'softmax')) {
    it(name, () => {
      const net = new sb.Network({ inputs: 2, layers: [{ units: 6, activation: name, kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }], seed: 5 });
      try {
        const before = net.loss(x, y, 'binaryCrossEntropy');
        for (let i = 0; i < 20; i++) net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'adam', learningRate: 0.01 } });
        expect(net.loss(x, y, 'binaryCrossEntropy')).toBeLessThan(before);
        const report = sb.diagnose(net, x, y);
        const layer = report.layers[0]!;
        expect(layer.activation.name).toBe(name);
        expect(Number.isFinite(layer.activation.std)).toBe(true);
        expect(layer.saturation.meanDerivative).toBeGreaterThan(0);
        if (!infoOf(name).saturation) expect(layer.saturation.fraction).toBe(0);
        if (!infoOf(name).rectifier) expect(layer.dead).toEqual({ fraction: 0, count: 0, units: [] });
        const rec = infoOf(name).recommend(infoOf(name).alpha?.default ?? 0, String);
        expect(rec.code).toMatch(/^sb\.init\./);
        expect(sb.resolveInitializer(rec.init as sb.InitializerSpec).name).toBe(rec.init.name);
        expect(sb.formatReport(report)).toContain(name);
      } finally {
        net.dispose();
      }
    });
  }
});
