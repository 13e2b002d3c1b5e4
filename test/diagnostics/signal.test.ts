// Signal propagation and gradients: a 20-layer tanh net of width 128 with the lesson's 0.01
// (vanishing), with Xavier weights x3 (saturating), with Xavier and orthogonal (neither); a relu
// stack with He x3 (exploding); two-layer linear nets whose gradient ratio is known exactly.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { diagnose, type DiagnosticsReport } from '../../src/diagnostics/index.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await sb.ready();
});

const x = { rows: 128, cols: 16, data: testData(128 * 16, 3, -1, 1) };

function deep(init: sb.InitializerSpec, activation: 'tanh' | 'relu' = 'tanh', width = 128, depth = 20): sb.Network {
  return new sb.Network({
    inputs: 16,
    layers: Array.from({ length: depth }, () => ({ units: width, activation, kernelInit: init })),
    seed: 1,
  });
}

function scaled(net: sb.Network, factor: number): void {
  net.setWeights(net.getWeights().map((w) => ({ kernel: { ...w.kernel, data: w.kernel.data.map((v) => v * factor) }, bias: w.bias })));
}

function has(r: DiagnosticsReport, code: string): boolean {
  return r.findings.some((f) => f.code === code);
}

function stats(d: Float32Array): { mean: number; std: number } {
  let m = 0;
  for (const v of d) m += v;
  m /= d.length;
  let s = 0;
  for (const v of d) s += (v - m) ** 2;
  return { mean: m, std: Math.sqrt(s / d.length) };
}

describe('signal propagation through 20 tanh layers of width 128', () => {
  it("the lesson's 0.01 reports VANISHING_SIGNAL at the first layer below 1e-3 of the input's std", () => {
    const net = deep(sb.init.scaledNormal({ scale: 0.01 }));
    const r = diagnose(net, x);
    const ratios = r.layers.map((l) => l.preactivation.std / r.input.std);
    const first = ratios.findIndex((q) => q < 1e-3);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(5);
    // Each layer multiplies the std by about 0.01·sqrt(128) = 0.11.
    expect(ratios[10]! / ratios[9]!).toBeGreaterThan(0.05);
    expect(ratios[10]! / ratios[9]!).toBeLessThan(0.2);
    expect(r.findings.filter((f) => f.code === 'VANISHING_SIGNAL')).toMatchObject([{ severity: 'warning', layer: first }]);
    expect(has(r, 'EXPLODING_SIGNAL')).toBe(false);
    // The statistics are those of the forward pass.
    const f = net.forward(x);
    for (const l of [0, 7, 19]) {
      const z = stats(f.preactivations[l]!.data);
      const a = stats(f.activations[l]!.data);
      expect(r.layers[l]!.preactivation.std).toBeCloseTo(z.std, 12);
      expect(Math.abs(r.layers[l]!.preactivation.std - z.std)).toBeLessThanOrEqual(1e-9 * z.std);
      expect(Math.abs(r.layers[l]!.activation.mean - a.mean)).toBeLessThanOrEqual(1e-9 * a.std + 1e-30);
    }
    expect(r.input.std).toBeCloseTo(stats(x.data).std, 12);
    net.dispose();
  });

  it('Xavier weights x3 report EXPLODING_SIGNAL or SATURATION', () => {
    const net = deep('glorotUniform');
    scaled(net, 3);
    const r = diagnose(net, x);
    expect(has(r, 'EXPLODING_SIGNAL') || has(r, 'SATURATION')).toBe(true);
    expect(has(r, 'SATURATION')).toBe(true);
    expect(has(r, 'VANISHING_SIGNAL')).toBe(false);
    net.dispose();
  });

  for (const init of ['glorotUniform', 'orthogonal'] as const) {
    it(`${init} reports neither`, () => {
      const net = deep(init);
      const r = diagnose(net, x);
      for (const code of ['VANISHING_SIGNAL', 'EXPLODING_SIGNAL', 'SATURATION']) expect(has(r, code), code).toBe(false);
      if (init === 'orthogonal') {
        for (const l of r.layers) expect(l.weights.conditionNumber).toBeCloseTo(1, 5);
      }
      net.dispose();
    });
  }

  it('a relu stack with He weights x3 reports EXPLODING_SIGNAL where the std passes 1e3 x the input', () => {
    const net = deep('heNormal', 'relu', 32, 12);
    scaled(net, 3);
    const r = diagnose(net, x);
    const first = r.layers.findIndex((l) => l.preactivation.std / r.input.std > 1e3);
    expect(first).toBeGreaterThan(2);
    expect(r.findings.filter((f) => f.code === 'EXPLODING_SIGNAL')).toMatchObject([{ severity: 'warning', layer: first }]);
    expect(r.findings.find((f) => f.code === 'EXPLODING_SIGNAL')!.fix?.text).toContain('sb.init.heNormal()');
    net.dispose();
  });

  it('non-finite values are an EXPLODING_SIGNAL error', () => {
    const net = new sb.Network({ inputs: 16, layers: [{ units: 4 }, { units: 4 }, { units: 1 }], seed: 1 });
    scaled(net, 1e30); // layer 0: |z| ~ 1e30, layer 1: ~1e60, beyond float32
    const r = diagnose(net, x);
    expect(Number.isFinite(r.layers[0]!.preactivation.std)).toBe(true);
    expect(Number.isFinite(r.layers[1]!.preactivation.std)).toBe(false);
    expect(r.findings[0]).toMatchObject({ severity: 'error', code: 'EXPLODING_SIGNAL', layer: 1 });
    net.dispose();
  });
});

describe('gradients', () => {
  // z0 = a·x (hidden, linear), z1 = b·z0: dW1 = dZ1ᵀ·(a·x), dW0 = (b·dZ1)ᵀ·x, so the ratio
  // |dW0| / |dW1| is exactly b / a.
  function linear(a: number, b: number): sb.Network {
    const net = new sb.Network({ inputs: 3, layers: [{ units: 3 }, { units: 3 }], seed: 1 });
    const eye = (s: number): sb.Matrix => ({ rows: 3, cols: 3, data: Float32Array.from([s, 0, 0, 0, s, 0, 0, 0, s]) });
    net.setWeights([
      { kernel: eye(a), bias: new Float32Array(3) },
      { kernel: eye(b), bias: new Float32Array(3) },
    ]);
    return net;
  }
  const px = { rows: 40, cols: 3, data: testData(120, 8, -1, 1) };
  const py = { rows: 40, cols: 3, data: testData(120, 9, -1, 1) };

  it('first/last ratio 1e-4 is VANISHING_GRADIENT, 1e4 is EXPLODING_GRADIENT, and the norms are those of net.gradients', () => {
    for (const [a, b, code] of [
      [100, 0.01, 'VANISHING_GRADIENT'],
      [0.01, 100, 'EXPLODING_GRADIENT'],
    ] as const) {
      const net = linear(a, b);
      const r = diagnose(net, px, py, { loss: 'meanSquaredError' });
      expect(Math.abs(r.gradientRatio! / (b / a) - 1)).toBeLessThanOrEqual(1e-5);
      expect(r.findings.filter((f) => f.code === code)).toMatchObject([{ severity: 'warning', layer: 0 }]);
      expect(has(r, 'VANISHING_SIGNAL') || has(r, 'EXPLODING_SIGNAL')).toBe(false);
      const g = net.gradients(px, py, 'meanSquaredError');
      g.forEach((gl, l) => {
        const kn = Math.sqrt(gl.kernel.data.reduce((s, v) => s + v * v, 0));
        const bn = Math.sqrt(gl.bias.reduce((s, v) => s + v * v, 0));
        expect(Math.abs(r.layers[l]!.gradient!.kernelNorm - kn)).toBeLessThanOrEqual(1e-12 * kn);
        expect(Math.abs(r.layers[l]!.gradient!.biasNorm - bn)).toBeLessThanOrEqual(1e-12 * bn);
      });
      expect(r.loss!.name).toBe('meanSquaredError');
      expect(r.loss!.value).toBe(net.loss(px, py, 'meanSquaredError'));
      // The thresholds are options.
      const quiet = diagnose(net, px, py, { vanishingGradient: 1e-5, explodingGradient: 1e5 });
      expect(has(quiet, code)).toBe(false);
      net.dispose();
    }
  });

  it('without y there are no gradients; the default loss follows the last layer', () => {
    const net = new sb.Network({ inputs: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
    const r = diagnose(net, px);
    expect(r.gradientRatio).toBeUndefined();
    expect(r.loss).toBeUndefined();
    expect(r.layers[0]!.gradient).toBeUndefined();
    const labels = Array.from(testData(40, 2, 0, 1), (v) => (v > 0.5 ? 1 : 0));
    const withY = diagnose(net, px, labels);
    expect(withY.loss).toEqual({ name: 'binaryCrossEntropy', value: net.loss(px, labels, 'binaryCrossEntropy') });
    net.dispose();
  });

  it('diagnose leaves the weights, the predictions and the optimizer state as they were', () => {
    const net = new sb.Network({ inputs: 3, layers: [{ units: 5, activation: 'relu' }, { units: 3 }], seed: 2 });
    const twin = new sb.Network({ inputs: 3, layers: [{ units: 5, activation: 'relu' }, { units: 3 }], seed: 2 });
    const opt = { loss: 'meanSquaredError' as const, optimizer: { type: 'adam' as const, learningRate: 0.01 } };
    net.trainStep(px, py, opt);
    twin.trainStep(px, py, opt);
    const before = net.getWeights();
    diagnose(net, px, py);
    expect(net.getWeights()).toEqual(before);
    // The Adam moments survived: the next step matches the twin's bit for bit.
    expect(net.trainStep(px, py, opt)).toBe(twin.trainStep(px, py, opt));
    expect(net.getWeights()).toEqual(twin.getWeights());
    net.dispose();
    twin.dispose();
  });
});
