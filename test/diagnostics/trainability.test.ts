// The mean-field χ per layer (report.layers[l].chi, report.trainability) against a float64
// computation from the forward pass: χ_l = mean over samples of ‖D_s W‖_F² / units, with
// D_s = diag(f'(z_s)); the product over the hidden-to-hidden layers, the depth scale and the
// verdicts at the two ends and at the edge of chaos.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await sb.ready();
});

const x = { rows: 96, cols: 8, data: testData(96 * 8, 5, -1, 1) };

const DERIVATIVE: Record<string, (z: number) => number> = {
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  sigmoid: (z) => {
    const s = 1 / (1 + Math.exp(-z));
    return s * (1 - s);
  },
  linear: () => 1,
};

/** χ of every layer in float64 from net.forward and net.getWeights; the last with f' = 1 when `logits`. */
function referenceChi(net: sb.Network, activations: string[], logits: boolean): number[] {
  const f = net.forward(x);
  const w = net.getWeights();
  return w.map((layer, l) => {
    const { rows: units, cols: inputs, data: k } = layer.kernel;
    const z = f.preactivations[l]!;
    const d = logits && l === w.length - 1 ? DERIVATIVE.linear! : DERIVATIVE[activations[l]!]!;
    let s = 0;
    for (let r = 0; r < x.rows; r++) {
      // ‖D_s W‖_F² for sample r, entry by entry.
      for (let i = 0; i < units; i++) {
        const di = d(z.data[r * units + i]!);
        for (let j = 0; j < inputs; j++) s += (di * k[i * inputs + j]!) ** 2;
      }
    }
    return s / (x.rows * units);
  });
}

function stack(activation: 'tanh' | 'relu' | 'sigmoid', depth: number, kernelInit: sb.InitializerSpec): sb.Network {
  return new sb.Network({
    inputs: 8,
    layers: [...Array.from({ length: depth }, () => ({ units: 24, activation, kernelInit })), { units: 1, activation: 'sigmoid' as const, kernelInit }],
    seed: 3,
  });
}

describe('chi per layer', () => {
  for (const [activation, init] of [
    ['tanh', 'glorotUniform'],
    ['relu', 'heNormal'],
    ['sigmoid', 'glorotNormal'],
  ] as const) {
    it(`${activation} with ${init}: each layer's chi is the float64 mean of ‖D W‖_F² / units`, () => {
      const net = stack(activation, 4, init);
      const r = sb.diagnose(net, x);
      const acts = [...Array(4).fill(activation), 'sigmoid'];
      // diagnose's default loss for a sigmoid output is BCE, computed from the logits: f' = 1 there.
      const ref = referenceChi(net, acts, true);
      r.layers.forEach((layer, l) => expect(Math.abs(layer.chi - ref[l]!)).toBeLessThanOrEqual(1e-5 * ref[l]!));
      expect(r.trainability.chi).toEqual(r.layers.map((layer) => layer.chi));
      // The product through the network, and the depth scale.
      const product = ref.reduce((p, c) => p * c, 1);
      expect(Math.abs(r.trainability.product - product)).toBeLessThanOrEqual(1e-5 * product);
      const meanLog = ref.reduce((s, c) => s + Math.log(c), 0) / ref.length;
      expect(r.trainability.depthScale).toBeCloseTo(1 / Math.abs(meanLog), 3);
      net.dispose();
    });
  }

  it('with meanSquaredError the sigmoid output counts its derivative', () => {
    const net = stack('tanh', 2, 'glorotUniform');
    const y = { rows: x.rows, cols: 1, data: testData(x.rows, 6, 0, 1) };
    const r = sb.diagnose(net, x, y, { loss: 'meanSquaredError' });
    const ref = referenceChi(net, ['tanh', 'tanh', 'sigmoid'], false);
    expect(Math.abs(r.layers[2]!.chi - ref[2]!)).toBeLessThanOrEqual(1e-5 * ref[2]!);
    // σ' <= 1/4: at most 1/16 of the same layer counted from its logits.
    expect(r.layers[2]!.chi).toBeLessThanOrEqual(sb.diagnose(net, x, y).layers[2]!.chi / 16);
    net.dispose();
  });
});

describe('the verdict', () => {
  it('randn*0.01 through 12 tanh layers vanishes; He through 12 relu layers is trainable; He x3 explodes', () => {
    const small = stack('tanh', 12, sb.init.scaledNormal({ scale: 0.01 }));
    const r1 = sb.diagnose(small, x).trainability;
    // Each hidden-to-hidden layer: χ ≈ 24 · 0.01² = 2.4e-3, eleven of them.
    expect(Math.log10(r1.product)).toBeLessThan(-20);
    expect(r1.verdict).toBe('vanishing');
    expect(r1.depthScale).toBeLessThan(0.2);
    const he = stack('relu', 12, 'heNormal');
    const r2 = sb.diagnose(he, x).trainability;
    expect(r2.verdict).toBe('trainable');
    for (const c of r2.chi.slice(1, -1)) expect(c).toBeGreaterThan(0.4), expect(c).toBeLessThan(2.5);
    const big = stack('relu', 12, sb.init.heNormal());
    big.setWeights(big.getWeights().map((w) => ({ kernel: { ...w.kernel, data: w.kernel.data.map((v) => 3 * v) }, bias: w.bias })));
    const r3 = sb.diagnose(big, x).trainability;
    // χ scales with the square of the weights: 9x He's per layer (13 layers, ReLU's units the same).
    expect(Math.abs(Math.log10(r3.product) - Math.log10(r2.product) - 13 * Math.log10(9))).toBeLessThan(1e-3);
    expect(r3.verdict).toBe('exploding');
    for (const n of [small, he, big]) n.dispose();
  });

  it("one hidden layer: the input layer and the logits decide; the lesson's 0.01 starts at a saddle (vanishing), He does not", () => {
    const small = sb.init.scaledNormal({ scale: 0.01 });
    const lesson = new sb.Network({ inputs: 8, layers: [{ units: 4, activation: 'tanh', kernelInit: small }, { units: 1, activation: 'sigmoid', kernelInit: small }], seed: 1 });
    const t = sb.diagnose(lesson, x).trainability;
    // χ_0 ≈ 8·1e-4, χ_1 = ‖W_1‖² ≈ 4·1e-4 (the logits count f' = 1).
    expect(Math.log10(t.product)).toBeCloseTo(Math.log10(8e-4 * 4e-4), 0);
    expect(t.verdict).toBe('vanishing');
    const he = new sb.Network({ inputs: 8, layers: [{ units: 4, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
    expect(sb.diagnose(he, x).trainability.verdict).toBe('trainable');
    lesson.dispose();
    he.dispose();
  });
});
