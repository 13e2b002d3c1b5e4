// Findings from a history (fit's History or a list of losses): divergence with a measured
// learning rate, the plateau at a saddle, slow learning, what they do to the other findings;
// and the probe-size caveat.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.circles({ n: 200, noise: 0.05, factor: 0.5, seed: 1 });
const tanh = (): sb.NetworkSpec => ({
  inputs: 2,
  layers: [{ units: 16, activation: 'tanh', kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) }, { units: 16, activation: 'tanh', kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) }, { units: 1, activation: 'sigmoid' }],
  seed: 1,
});

describe('DIVERGING_LOSS', () => {
  it('names the learning rate and measures a smaller one that keeps the loss falling', async () => {
    const net = new sb.Network(tanh());
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 30 }, epochs: 30, batchSize: 32, shuffle: false });
    const r = sb.diagnose(net, x, y, { history: h });
    expect(r.training?.trend).toBe('diverging');
    expect(r.training?.learningRate).toBe(30);
    const f = r.findings[0]!;
    expect(f).toMatchObject({ severity: 'error', code: 'DIVERGING_LOSS', layer: -1, cause: 'learningRate' });
    expect(f.message).toContain('with learning rate 30');
    // The measured rate: the largest of 3, 0.3, 0.03 whose 20 full-batch steps from the
    // network's initialization keep the loss falling. Check it by doing that here.
    const lr = f.fix!.learningRate!;
    expect([3, 0.3, 0.03].map(Math.fround)).toContain(lr);
    const check = new sb.Network(tanh());
    let prev = check.loss(x, y, 'binaryCrossEntropy');
    for (let s = 0; s < 20; s++) {
      check.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: lr } });
      const now = check.loss(x, y, 'binaryCrossEntropy');
      expect(now).toBeLessThanOrEqual(prev * (1 + 1e-6));
      prev = now;
    }
    check.dispose();
    // Every other finding is the divergence's damage: info, with the learning rate as its cause.
    for (const g of r.findings.slice(1)) expect(g).toMatchObject({ severity: 'info', cause: 'learningRate', fix: null });
    net.dispose();
  });

  it('from a list of losses: non-finite or up 100x diverges; without y the smaller rate is not measured', () => {
    const net = new sb.Network(tanh());
    expect(sb.diagnose(net, x, undefined, { history: [0.7, 5, 900] }).training?.trend).toBe('diverging');
    expect(sb.diagnose(net, x, undefined, { history: [0.7, 0.6, NaN] }).training?.trend).toBe('diverging');
    expect(sb.diagnose(net, x, undefined, { history: [0.7, 0.5, 0.3, 0.2] }).training?.trend).toBe('falling');
    const r = sb.diagnose(net, x, undefined, { history: [0.7, 5, 900] });
    expect(r.findings[0]).toMatchObject({ code: 'DIVERGING_LOSS', cause: 'learningRate', fix: null });
    expect(() => sb.diagnose(net, x, undefined, { history: ['0.7'] as never })).toThrow(sb.ValueError);
    expect(() => sb.diagnose(net, x, undefined, { history: { loss: 3 } as never })).toThrow(/history must be fit's History or an array of losses/);
    net.dispose();
  });
});

describe('PLATEAU and SLOW_LEARNING', () => {
  it("XOR with sigmoid units at randn*0.01 sits at the saddle: the init scale is named, and its fix trains", async () => {
    const xor = sb.datasets.xor({ n: 200, seed: 3 });
    const small = sb.init.scaledNormal({ scale: 0.01 });
    const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 2, activation: 'sigmoid', kernelInit: small }, { units: 1, activation: 'sigmoid', kernelInit: small }], seed: 1 };
    const net = new sb.Network(spec);
    const h = await net.fit(xor.x, xor.y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0.5 }, epochs: 400, batchSize: 200, shuffle: false });
    const r = sb.diagnose(net, xor.x, xor.y, { history: h });
    expect(r.training?.trend).toBe('flat');
    // The constant predictor's loss: the entropy of the label frequency.
    const p = xor.y.data.reduce((a, v) => a + v, 0) / xor.y.rows;
    expect(r.training?.constantLoss).toBeCloseTo(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)), 6);
    const f = r.findings.find((g) => g.code === 'PLATEAU')!;
    expect(f).toMatchObject({ severity: 'warning', layer: -1, cause: 'initialization' });
    expect(f.fix!.layers!.map((l) => l.layer)).toEqual([0, 1]);
    net.dispose();
  });

  it('a well-initialized net driven to the constant prediction names the learning rate', async () => {
    // 30 tanh layers at their critical scale under Adam at 0.01: the loss collapses to log 2.
    const deep: sb.NetworkSpec = {
      inputs: 2,
      layers: [...Array.from({ length: 29 }, () => ({ units: 16, activation: 'tanh' as const, kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) })), { units: 1, activation: 'sigmoid' as const }],
      seed: 1,
    };
    const net = new sb.Network(deep);
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 300, batchSize: 200, shuffle: false });
    const r = sb.diagnose(net, x, y, { history: h });
    const f = r.findings.find((g) => g.code === 'PLATEAU');
    expect(f, JSON.stringify(r.findings.map((g) => [g.code, g.cause, g.message]))).toMatchObject({ severity: 'warning', cause: 'learningRate' });
    expect(f!.fix).toMatchObject({ learningRate: Math.fround(0.001) });
    net.dispose();
  });

  it("SLOW_LEARNING: the loss falling but still above a constant prediction's, from kernels far off scale", async () => {
    const big = sb.init.scaledNormal({ scale: 10 });
    const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 10, activation: 'relu', kernelInit: big }, { units: 5, activation: 'relu', kernelInit: big }, { units: 1, activation: 'sigmoid', kernelInit: big }], seed: 1 };
    const net = new sb.Network(spec);
    const h = await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 0.01 }, epochs: 300, batchSize: 200, shuffle: false });
    const r = sb.diagnose(net, x, y, { history: h });
    expect(h.loss[h.loss.length - 1]).toBeGreaterThan(Math.LN2);
    const f = r.findings.find((g) => g.code === 'SLOW_LEARNING')!;
    expect(f).toMatchObject({ severity: 'warning', layer: -1, cause: 'initialization' });
    expect(f.fix!.layers!.map((l) => l.kernelInit!.name)).toEqual(['heNormal', 'heNormal', 'glorotUniform']);
    net.dispose();
  });
});

describe('SMALL_PROBE', () => {
  it('below 32 samples: an info that says so, and dead units only as info', () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 16, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }], seed: 2 });
    const w = net.getWeights();
    for (const u of [0, 3, 5, 9]) w[0]!.bias[u] = -0.5;
    net.setWeights(w);
    for (const rows of [1, 8]) {
      const probe = { rows, cols: 2, data: x.data.slice(0, rows * 2) };
      const r = sb.diagnose(net, probe);
      expect(r.findings.find((f) => f.code === 'SMALL_PROBE')).toMatchObject({ severity: 'info', cause: 'probe', evidence: { samples: rows } });
      for (const f of r.findings.filter((g) => g.code === 'DEAD_UNITS' || g.code === 'SYMMETRIC_UNITS')) expect(f.severity, f.message).toBe('info');
    }
    expect(sb.diagnose(net, x).findings.some((f) => f.code === 'SMALL_PROBE')).toBe(false);
    net.dispose();
  });
});
