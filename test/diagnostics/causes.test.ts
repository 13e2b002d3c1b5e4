// The cause diagnose names, case by case, where a simpler rule names the wrong one: each case
// is a network broken (or healthy) in one known way, with the code, cause and fix it must get.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.circles({ n: 200, noise: 0.05, factor: 0.5, seed: 1 });
const glorot53 = sb.init.glorotUniform({ gain: 5 / 3 });
const tanhNet = (extra: Partial<sb.LayerSpec> = {}): sb.NetworkSpec => ({
  inputs: 2,
  layers: [{ units: 16, activation: 'tanh', kernelInit: glorot53, ...extra }, { units: 16, activation: 'tanh', kernelInit: glorot53, ...extra }, { units: 1, activation: 'sigmoid' }],
  seed: 1,
});
const deep = (activation: sb.ActivationSpec, scale: number, depth: number, units = 32): sb.NetworkSpec => ({
  inputs: 2,
  layers: [...Array.from({ length: depth - 1 }, () => ({ units, activation, kernelInit: sb.init.scaledNormal({ scale }) })), { units: 1, activation: 'sigmoid' as const }],
  seed: 1,
});
const codes = (r: sb.DiagnosticsReport): string[] => r.findings.map((f) => `${f.severity} ${f.code} ${f.cause}`);
const alarms = (r: sb.DiagnosticsReport): sb.Finding[] => r.findings.filter((f) => f.severity !== 'info');
const map = (m: sb.Matrix, f: (v: number) => number): sb.Matrix => ({ rows: m.rows, cols: m.cols, data: m.data.map(f) });

describe('the learning rate', () => {
  it('a loss that is falling, though still far above a constant prediction, has not diverged', async () => {
    // Regression onto 3 + 0.3·sin: the constant prediction's loss is 0.04, the first loss ~9.
    const rx = { rows: 200, cols: 1, data: Float32Array.from({ length: 200 }, (_, i) => -2 + (4 * i) / 200) };
    const ry = map(rx, (a) => 3 + 0.3 * Math.sin(2 * a));
    const net = new sb.Network({ inputs: 1, layers: [{ units: 16, activation: 'tanh' }, { units: 1 }], seed: 1 });
    const h = await net.fit(rx, ry, { loss: 'meanSquaredError', optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 25, batchSize: 200 });
    expect(h.loss.at(-1)!).toBeLessThan(h.loss[0]!);
    const r = sb.diagnose(net, rx, ry, { history: h });
    expect(r.training?.trend).toBe('falling');
    expect(codes(r)).not.toContain('error DIVERGING_LOSS learningRate');
    net.dispose();
  });

  it('a loss that never moved at an on-scale start: the rate is too small, and the fix raises it', async () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 2 });
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 1e-6 }, epochs: 50, batchSize: 200 });
    const f = sb.diagnose(net, x, y, { history: h }).findings.find((g) => g.code === 'PLATEAU')!;
    expect(f).toMatchObject({ severity: 'warning', cause: 'learningRate', fix: { learningRate: Math.fround(1e-5) } });
    expect(f.message).toContain('too small');
    net.dispose();
  });

  it('three huge steps, diagnosed with y but no history: the saturation is a warning, not what learning looks like', () => {
    const net = new sb.Network(tanhNet());
    for (let i = 0; i < 3; i++) net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 400 } });
    const r = sb.diagnose(net, x, y);
    expect(r.loss!.value).toBeGreaterThan(Math.LN2);
    expect(r.findings.find((f) => f.code === 'SATURATION')).toMatchObject({ severity: 'warning', cause: 'learningRate' });
    net.dispose();
  });

  it('fit stopped by a non-finite loss in its first epoch: DIVERGING_LOSS with a measured rate, with or without restoreBest', async () => {
    const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 16 }, { units: 1 }], seed: 1 };
    for (const restoreBest of [false, true]) {
      const net = new sb.Network(spec);
      const h = await net.fit(x, y, { loss: 'meanSquaredError', optimizer: { type: 'sgd', learningRate: 2 }, epochs: 40, batchSize: 32, restoreBest });
      expect(h.loss).toEqual([]);
      expect(h.stopped?.reason).toBe('nonFinite');
      const r = sb.diagnose(net, x, y, { loss: 'meanSquaredError', history: h });
      expect(r.findings[0]).toMatchObject({ severity: 'error', code: 'DIVERGING_LOSS', cause: 'learningRate' });
      expect(r.findings[0]!.message).toContain('non-finite in the first epoch');
      expect(r.findings[0]!.fix!.learningRate).toBeLessThan(2);
      net.dispose();
    }
  });

  it('relu units killed by too large a step: the dead layer names the rate and lowers it', async () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 16, activation: 'relu', kernelInit: 'heNormal' }, { units: 16, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 5, momentum: 0.9 }, epochs: 40, batchSize: 32 });
    const f = sb.diagnose(net, x, y, { history: h }).findings.find((g) => g.code === 'DEAD_UNITS' && g.severity === 'error')!;
    expect(f).toMatchObject({ cause: 'learningRate', fix: { learningRate: Math.fround(0.5) } });
    net.dispose();
  });
});

describe('weights set or loaded', () => {
  it('a trained network saved and loaded is judged as trained when y shows it learned', async () => {
    const net = new sb.Network(tanhNet({ kernelInit: 'glorotUniform' }));
    await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'adam', learningRate: 0.05 }, epochs: 600, batchSize: 200 });
    expect(net.evaluate(x, y, { loss: 'binaryCrossEntropy' }).accuracy).toBe(1);
    const back = sb.Network.load(net.save());
    const r = sb.diagnose(back, x, y);
    expect(r.phase).toBe('unknown');
    expect(alarms(r)).toEqual([]);
    net.dispose();
    back.dispose();
  });
});

describe('the kernels', () => {
  it('a first-layer gradient of exactly 0 behind saturated tanh layers is an error, caused by kernels too large', () => {
    const net = new sb.Network(deep('tanh', 1e19, 10));
    const r = sb.diagnose(net, x, y);
    expect(r.layers[0]!.gradient!.kernelNorm).toBe(0);
    expect(r.findings.find((f) => f.code === 'VANISHING_GRADIENT')).toMatchObject({ severity: 'error', cause: 'initialization' });
    // Saturated units copy each other's sign pattern: that is not reported as symmetry.
    expect(r.findings.filter((f) => f.code === 'SYMMETRIC_UNITS')).toEqual([]);
    net.dispose();
  });

  it('tanh kernels 100x too large: the gradient fades through saturated units, and the fix rescales them', () => {
    const net = new sb.Network(deep('tanh', 100, 12, 64));
    const f = sb.diagnose(net, x, y).findings.find((g) => g.code === 'VANISHING_GRADIENT')!;
    expect(f).toMatchObject({ severity: 'error', cause: 'initialization' });
    // The eleven tanh layers; the output layer is on scale.
    expect(f.fix!.layers!.map((l) => l.layer)).toEqual(Array.from({ length: 11 }, (_, l) => l));
    net.dispose();
  });

  it('a non-finite chi is an exploding verdict', () => {
    const net = new sb.Network(deep('linear', 1e5, 10));
    const t = sb.diagnose(net, x).trainability;
    expect(t.chi.some((c) => !Number.isFinite(c))).toBe(true);
    expect(t.verdict).toBe('exploding');
    net.dispose();
  });
});

describe('the activation, with another cause in front of it', () => {
  it('a tiny first kernel before five sigmoid layers: the fix changes the activation and rescales the tiny kernel, and works', () => {
    const spec: sb.NetworkSpec = {
      inputs: 2,
      layers: [{ units: 16, activation: 'tanh', kernelInit: sb.init.scaledNormal({ scale: 1e-5 }) }, ...Array.from({ length: 5 }, () => ({ units: 16, activation: 'sigmoid' as const })), { units: 1, activation: 'sigmoid' }],
      seed: 1,
    };
    const net = new sb.Network(spec);
    const f = sb.diagnose(net, x, y).findings.find((g) => g.code === 'VANISHING_SIGNAL')!;
    expect(f).toMatchObject({ severity: 'error', layer: 0, cause: 'activation' });
    expect(f.fix!.layers!.map((l) => l.layer)).toEqual([1, 2, 3, 4, 5, 0]);
    const fixed = sb.Network.fromJSON(sb.applyFix(spec, f.fix));
    expect(alarms(sb.diagnose(fixed, x, y))).toEqual([]);
    net.dispose();
    fixed.dispose();
  });
});

describe('the inputs and the bias', () => {
  it('inputs offset by +50 saturate tanh: the cause is the inputs, and standardizing them is the fix', () => {
    const net = new sb.Network(tanhNet());
    const f = sb.diagnose(net, map(x, (v) => 0.5 * v + 50), y).findings.find((g) => g.code === 'SATURATION')!;
    expect(f).toMatchObject({ severity: 'warning', cause: 'inputs', fix: { standardizeInputs: true } });
    net.dispose();
  });

  it('biases of 3 saturate both tanh layers, whatever the inputs: the fix resets both, and then nothing saturates', () => {
    const spec = tanhNet({ biasInit: sb.init.constant({ value: 3 }) });
    const net = new sb.Network(spec);
    const f = sb.diagnose(net, map(x, (v) => 0.1 * v), y).findings.find((g) => g.code === 'SATURATION')!;
    expect(f).toMatchObject({ severity: 'warning', cause: 'bias' });
    expect(f.fix!.layers!.map((l) => [l.layer, l.biasInit])).toEqual([
      [0, { name: 'zeros', config: {} }],
      [1, { name: 'zeros', config: {} }],
    ]);
    const fixed = sb.Network.fromJSON(sb.applyFix(spec, f.fix));
    expect(sb.diagnose(fixed, x, y).findings.filter((g) => g.code === 'SATURATION')).toEqual([]);
    net.dispose();
    fixed.dispose();
  });

  it('one dead layer: the layers after it, which see a constant input, are not reported again', () => {
    const net = new sb.Network({
      inputs: 2,
      layers: [{ units: 16, activation: 'relu', kernelInit: 'heNormal', biasInit: sb.init.constant({ value: -10 }) }, { units: 16, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }],
      seed: 1,
    });
    const dead = sb.diagnose(net, x, y).findings.filter((f) => f.code === 'DEAD_UNITS');
    expect(dead.map((f) => [f.severity, f.layer, f.cause])).toEqual([['error', 0, 'bias']]);
    net.dispose();
  });
});

describe('bad history and fix arguments get typed errors that name them', () => {
  it('history', () => {
    const net = new sb.Network(tanhNet());
    expect(() => sb.diagnose(net, x, y, { history: { loss: ['a'] } as never })).toThrow(/history.loss must be an array of losses \(numbers\), got string at index 0/);
    expect(() => sb.diagnose(net, x, y, { history: { loss: [1], steps: -5 } as never })).toThrow(/history.steps must be an integer >= 0, got -5/);
    expect(() => sb.diagnose(net, x, y, { history: { loss: [1], optimizer: 'sgd' } as never })).toThrow(/history.optimizer/);
    net.dispose();
  });

  it('applyFix', () => {
    const spec = tanhNet();
    expect(() => sb.applyFix(spec, 5 as never)).toThrow(/applyFix: fix must be a finding's fix \(an object\) or null, got number/);
    expect(() => sb.applyFix(spec, { text: '', layers: [null] } as never)).toThrow(/applyFix: fix.layers\[0\] must be an object/);
    expect(() => sb.applyFix(spec, { text: '', layers: [{ layer: 0, kernelInit: 'bogus' }] } as never)).toThrow(/applyFix: fix.layers\[0\].kernelInit: /);
    expect(() => sb.applyFix(spec, { text: 5 } as never)).toThrow(/fix.text must be a string/);
  });
});
