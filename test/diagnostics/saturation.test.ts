// Saturation (tanh/sigmoid with weights x100 against Xavier) and dead units (relu with large
// negative biases), with the counts checked against direct computation on net.forward().
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { diagnose } from '../../src/diagnostics/index.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await sb.ready();
});

// Inputs in [-1, 1]: Xavier keeps |z| small (fan-in 2, limit sqrt(6/(2+8)) = 0.77, so |z| < 1.6).
const x = { rows: 200, cols: 2, data: testData(400, 11, -1, 1) };

function scaled(net: sb.Network, factor: number): void {
  net.setWeights(net.getWeights().map((w) => ({ kernel: { ...w.kernel, data: w.kernel.data.map((v) => v * factor) }, bias: w.bias })));
}

describe('saturation', () => {
  for (const activation of ['tanh', 'sigmoid'] as const) {
    it(`${activation}: weights x100 report SATURATION, Xavier does not`, () => {
      const net = new sb.Network({
        inputs: 2,
        layers: [
          { units: 8, activation, kernelInit: 'glorotUniform' },
          { units: 1, activation: 'sigmoid', kernelInit: 'glorotUniform' },
        ],
        seed: 2,
      });
      const xavier = diagnose(net, x);
      expect(xavier.findings.filter((f) => f.code === 'SATURATION')).toEqual([]);
      expect(xavier.layers[0]!.saturation.fraction).toBe(0);

      scaled(net, 100);
      const report = diagnose(net, x);
      const a = net.forward(x).activations[0]!.data;
      const saturated = a.filter((v) =>
        activation === 'tanh' ? Math.abs(v) > Math.fround(0.99) : v < Math.fround(0.01) || v > Math.fround(0.99),
      ).length;
      const layer = report.layers[0]!;
      expect(layer.saturation.fraction).toBe(saturated / a.length);
      expect(layer.saturation.fraction).toBeGreaterThan(0.8);
      const g = net.forward(x).preactivations[0]!.data;
      let meanDerivative = 0;
      for (const z of g) {
        const s = 1 / (1 + Math.exp(-z));
        meanDerivative += activation === 'tanh' ? 1 - Math.tanh(z) ** 2 : s * (1 - s);
      }
      expect(layer.saturation.meanDerivative!).toBeCloseTo(meanDerivative / g.length, 5);
      const finding = report.findings.find((f) => f.code === 'SATURATION')!;
      expect(finding).toMatchObject({ severity: 'warning', layer: 0 });
      expect(finding.fix?.text).toContain(activation === 'tanh' ? "sb.calculateGain('tanh')" : "sb.calculateGain('sigmoid')");
      net.dispose();
    });
  }

  it('a saturated sigmoid output is flagged with meanSquaredError, not with binaryCrossEntropy (computed from the logits)', () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 2 });
    const w = net.getWeights();
    w[1]!.kernel.data.forEach((v, i) => (w[1]!.kernel.data[i] = v * 1000));
    net.setWeights(w);
    const labels = Array.from({ length: x.rows }, (_, i) => i % 2);
    const bce = diagnose(net, x, labels);
    expect(bce.layers[1]!.saturation.fraction).toBeGreaterThan(0.5);
    expect(bce.layers[0]!.saturation.fraction).toBe(0);
    expect(bce.findings.filter((f) => f.code === 'SATURATION')).toEqual([]);
    expect(diagnose(net, x).findings.filter((f) => f.code === 'SATURATION')).toEqual([]); // default loss: BCE
    const mse = diagnose(net, x, labels, { loss: 'meanSquaredError' });
    expect(mse.findings.filter((f) => f.code === 'SATURATION')).toMatchObject([{ severity: 'warning', layer: 1 }]);
    net.dispose();
  });

  it('the bands and the finding threshold are options', () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1 }], seed: 2 });
    scaled(net, 3);
    const base = diagnose(net, x).layers[0]!.saturation.fraction;
    const wider = diagnose(net, x, undefined, { tanhSaturation: 0.5 }).layers[0]!.saturation.fraction;
    expect(wider).toBeGreaterThan(base);
    const a = net.forward(x).activations[0]!.data;
    expect(wider).toBe(a.filter((v) => Math.abs(v) > 0.5).length / a.length);
    const strict = diagnose(net, x, undefined, { tanhSaturation: 0.5, saturatedFraction: 0 });
    expect(strict.findings.some((f) => f.code === 'SATURATION')).toBe(true);
    net.dispose();
  });
});

describe('dead units', () => {
  it('a relu layer with large negative biases reports DEAD_UNITS with the right count and units', () => {
    const net = new sb.Network({
      inputs: 2,
      layers: [{ units: 10, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }],
      seed: 4,
    });
    const healthy = diagnose(net, x);
    expect(healthy.layers[0]!.dead).toEqual({ fraction: 0, count: 0, units: [] });
    expect(healthy.findings.filter((f) => f.code === 'DEAD_UNITS')).toEqual([]);

    const w = net.getWeights();
    for (const u of [1, 4, 7, 8]) w[0]!.bias[u] = -100;
    net.setWeights(w);
    const report = diagnose(net, x);
    expect(report.layers[0]!.dead).toEqual({ fraction: 0.4, count: 4, units: [1, 4, 7, 8] });
    // The four dead units output zeros: one group, not locked, and left to DEAD_UNITS.
    expect(report.layers[0]!.symmetry.groups).toEqual([[1, 4, 7, 8]]);
    expect(report.layers[0]!.symmetry.locked).toEqual([false]);
    expect(report.findings.filter((f) => f.code === 'SYMMETRIC_UNITS')).toEqual([]);
    const dead = report.findings.filter((f) => f.code === 'DEAD_UNITS');
    expect(dead).toHaveLength(1);
    // The bias is the cause (mean -40 against a per-unit spread of ~0.66), and the fix resets it:
    // the spec says zeros, but these biases were set by hand, so zeros is a change.
    expect(dead[0]).toMatchObject({ severity: 'warning', layer: 0, cause: 'bias' });
    expect(dead[0]!.message).toContain('4 of 10 relu units');
    expect(dead[0]!.message).toContain('on set or loaded weights');
    expect(dead[0]!.evidence).toMatchObject({ dead: 4, units: 10, biasMean: -40 });
    expect(dead[0]!.fix).toMatchObject({ layers: [{ layer: 0, biasInit: { name: 'zeros', config: {} } }] });
    // Judged as trained weights (a history given), the same units are info, not a warning.
    const trained = diagnose(net, x, undefined, { steps: 500 });
    expect(trained.findings.find((f) => f.code === 'DEAD_UNITS')).toMatchObject({ severity: 'info', layer: 0 });
    // The last layer is sigmoid: no dead-unit count there.
    expect(report.layers[1]!.dead.count).toBe(0);
    net.dispose();
  });

  it('every relu unit dead is an error; leakyRelu below zero is NEGATIVE_UNITS info; a unit active on one sample is alive', () => {
    const leaky = new sb.Network({ inputs: 2, layers: [{ units: 5, activation: 'leakyRelu' }, { units: 1 }], seed: 4 });
    const lw = leaky.getWeights();
    lw[0]!.bias.fill(-50);
    leaky.setWeights(lw);
    const negative = diagnose(leaky, x);
    expect(negative.layers[0]!.dead.count).toBe(5);
    expect(negative.findings.filter((f) => f.code === 'DEAD_UNITS')).toEqual([]);
    expect(negative.findings.find((f) => f.code === 'NEGATIVE_UNITS')).toMatchObject({ severity: 'info', layer: 0, cause: 'bias' });
    leaky.dispose();
    const net = new sb.Network({ inputs: 2, layers: [{ units: 5, activation: 'relu' }, { units: 1 }], seed: 4 });
    const w = net.getWeights();
    w[0]!.bias.fill(-50);
    net.setWeights(w);
    const all = diagnose(net, x);
    expect(all.layers[0]!.dead.count).toBe(5);
    expect(all.findings.find((f) => f.code === 'DEAD_UNITS')).toMatchObject({ severity: 'error', layer: 0, cause: 'bias' });
    // Unit 2 computes z = x_0 - (max x_0 - 1e-4): positive on exactly one sample.
    const first = Array.from({ length: x.rows }, (_, r) => x.data[2 * r]!).sort((p, q) => q - p);
    expect(first[0]! - first[1]!).toBeGreaterThan(1e-3);
    const k = w[0]!.kernel.data;
    k[4] = 1;
    k[5] = 0;
    w[0]!.bias[2] = -(first[0]! - 1e-4);
    net.setWeights(w);
    const one = diagnose(net, x);
    const z = net.forward(x).preactivations[0]!;
    expect(Array.from({ length: z.rows }, (_, r) => z.data[r * 5 + 2]!).filter((v) => v > 0)).toHaveLength(1);
    expect(one.layers[0]!.dead.units).toEqual([0, 1, 3, 4]);
    net.dispose();
  });
});
