// LSUV (Mishkin & Matas 2015) on 10-layer tanh and relu nets: every layer's pre-activation
// variance ends within tolerance of the target, biases stay, kernels stay orthogonal up to
// scale, results are seeded, and the options behave as documented.
import { beforeAll, describe, expect, it } from 'vitest';
import { viewOf } from '../../src/nn/network.js';
import type { Model } from '../../src/nn/model.js';

import * as sb from '../../src/index.js';
import { diagnose, lsuv } from '../../src/diagnostics/index.js';
import { testData } from '../support/compare.js';

/** The model behind a network (its optimizer state is not public). */
const modelOf = (net: sb.Network): Model => viewOf(net, 'test') as Model;

beforeAll(async () => {
  await sb.ready();
});

const x = { rows: 200, cols: 16, data: testData(200 * 16, 21, -1, 1) };

function deep(activation: 'tanh' | 'relu', seed: number | string = 1, biasInit: sb.InitializerSpec = 'zeros'): sb.Network {
  return new sb.Network({
    inputs: 16,
    layers: Array.from({ length: 10 }, () => ({
      units: 32,
      activation,
      kernelInit: sb.init.scaledNormal({ scale: 0.01 }), // the lesson's init: vanishing before LSUV
      biasInit,
    })),
    seed,
  });
}

/** Population variance of every element, in float64. */
function variance(d: Float32Array): number {
  let m = 0;
  for (const v of d) m += v;
  m /= d.length;
  let s = 0;
  for (const v of d) s += (v - m) ** 2;
  return s / d.length;
}

describe('lsuv', () => {
  for (const activation of ['tanh', 'relu'] as const) {
    it(`10-layer ${activation}: every layer's pre-activation variance ends within 0.1 of 1`, async () => {
      const net = deep(activation);
      expect(diagnose(net, x).findings.some((f) => f.code === 'VANISHING_SIGNAL')).toBe(true);
      const result = await lsuv(net, x);
      expect(result).toHaveLength(10);
      const z = net.forward(x).preactivations;
      result.forEach((r, l) => {
        const v = variance(z[l]!.data);
        expect(Math.abs(v - 1), `layer ${l}`).toBeLessThanOrEqual(0.1);
        expect(Math.abs(r.variance - v)).toBeLessThanOrEqual(1e-12);
        // Zero biases: one rescaling lands on the target up to float32 rounding.
        expect(r.iterations).toBeLessThanOrEqual(1);
      });
      const after = diagnose(net, x);
      for (const code of ['VANISHING_SIGNAL', 'EXPLODING_SIGNAL']) expect(after.findings.some((f) => f.code === code)).toBe(false);
      net.dispose();
    });
  }

  it('re-initializes orthogonal kernels (up to scale) from the network seed, keeps the biases, resets the optimizer', async () => {
    const net = deep('tanh', 7, sb.init.randomNormal({ std: 0.1 }));
    const y = { rows: 200, cols: 32, data: testData(200 * 32, 2, -1, 1) };
    net.trainStep(x, y, { loss: 'meanSquaredError', optimizer: { type: 'adam' } });
    expect(modelOf(net).optimizer).not.toBeNull();
    const before = net.getWeights();
    const result = await lsuv(net, x, { tolerance: 0.01 });
    expect(modelOf(net).optimizer).toBeNull();
    const after = net.getWeights();
    after.forEach((w, l) => {
      expect(w.bias).toEqual(before[l]!.bias);
      // An orthogonal kernel times a scale: its rows (wide) or columns (tall) are orthogonal
      // and share one norm.
      const k = w.kernel;
      const wide = k.rows <= k.cols;
      const n = wide ? k.rows : k.cols;
      const gram = (i: number, j: number): number => {
        let s = 0;
        if (wide) for (let c = 0; c < k.cols; c++) s += k.data[i * k.cols + c]! * k.data[j * k.cols + c]!;
        else for (let r = 0; r < k.rows; r++) s += k.data[r * k.cols + i]! * k.data[r * k.cols + j]!;
        return s;
      };
      const d0 = gram(0, 0);
      expect(d0).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(gram(i, i) / d0 - 1)).toBeLessThanOrEqual(1e-5);
        for (let j = i + 1; j < n; j++) expect(Math.abs(gram(i, j) / d0)).toBeLessThanOrEqual(1e-5);
      }
    });
    const z = net.forward(x).preactivations;
    result.forEach((_, l) => expect(Math.abs(variance(z[l]!.data) - 1)).toBeLessThanOrEqual(0.01));
    // Same seed, same result bit for bit; another seed, other kernels.
    const twin = deep('tanh', 7, sb.init.randomNormal({ std: 0.1 }));
    twin.trainStep(x, y, { loss: 'meanSquaredError', optimizer: { type: 'adam' } });
    expect(await lsuv(twin, x, { tolerance: 0.01 })).toEqual(result);
    expect(twin.getWeights()).toEqual(after);
    const other = deep('tanh', 8, sb.init.randomNormal({ std: 0.1 }));
    await lsuv(other, x, { tolerance: 0.01 });
    expect(other.getWeights()[0]!.kernel.data).not.toEqual(after[0]!.kernel.data);
    for (const n of [net, twin, other]) n.dispose();
  });

  it('orthogonalFirst: false only rescales the existing kernels; targetVariance and maxIterations are honoured', async () => {
    const net = deep('relu', 3);
    const before = net.getWeights();
    const result = await lsuv(net, x, { orthogonalFirst: false, targetVariance: 2, tolerance: 0.05 });
    const after = net.getWeights();
    after.forEach((w, l) => {
      const ratio = w.kernel.data[0]! / before[l]!.kernel.data[0]!;
      for (let i = 0; i < w.kernel.data.length; i += 37) {
        expect(Math.abs(w.kernel.data[i]! - ratio * before[l]!.kernel.data[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(w.kernel.data[i]!));
      }
      expect(Math.abs(result[l]!.variance - 2)).toBeLessThanOrEqual(0.05);
    });
    // A tolerance below float32 resolution is never met: every layer stops at maxIterations.
    const stubborn = await lsuv(net, x, { tolerance: 1e-12, maxIterations: 3 });
    expect(stubborn.map((r) => r.iterations)).toEqual(new Array(10).fill(3));
    net.dispose();
  });

  it('pre-activations with variance 0 cannot be rescaled: left as they are, reported with variance 0', async () => {
    const net = deep('tanh');
    const zeros = { rows: 4, cols: 16, data: new Float32Array(64) };
    const result = await lsuv(net, zeros);
    expect(result).toEqual(new Array(10).fill({ iterations: 0, variance: 0 }));
    net.dispose();
  });
});
