// The course's momentum, { type: 'momentum', learningRate, beta }: v <- beta·v + (1 - beta)·g
// from v = 0, w <- w - lr·v (Improving Deep Neural Networks, week 2, update_parameters_with_momentum),
// against that formula computed here step by step on net.gradients: in float32 operation by
// operation (bit for bit) and in float64 (within float32 rounding).
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.moons({ n: 64, noise: 0.2, seed: 3, rng: 'numpy' });
const spec: sb.NetworkSpec = { inputs: 2, layers: [{ units: 5, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid', kernelInit: 'heNormal' }], seed: 3, rng: 'numpy' };
const f = Math.fround;

describe("the course's momentum optimizer", () => {
  it('follows v = beta·v + (1 - beta)·g, w -= lr·v: bit for bit in float32, and within rounding of float64', () => {
    const lr = 0.07;
    const beta = 0.9;
    const net = new sb.Network(spec);
    const twin = new sb.Network(spec);
    const w32 = twin.getWeights().map((l) => [Float32Array.from(l.kernel.data), Float32Array.from(l.bias)]);
    const w64 = w32.map(([k, b]) => [Float64Array.from(k!), Float64Array.from(b!)]);
    const v32 = w32.map(([k, b]) => [new Float32Array(k!.length), new Float32Array(b!.length)]);
    const v64 = w32.map(([k, b]) => [new Float64Array(k!.length), new Float64Array(b!.length)]);
    for (let s = 0; s < 12; s++) {
      const g = twin.gradients(x, y, 'binaryCrossEntropy');
      net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'momentum', learningRate: lr, beta } });
      g.forEach((gl, l) => {
        [gl.kernel.data, gl.bias].forEach((gv, t) => {
          const w = w32[l]![t]!;
          const v = v32[l]![t]!;
          const wd = w64[l]![t]!;
          const vd = v64[l]![t]!;
          for (let i = 0; i < gv.length; i++) {
            v[i] = f(f(f(beta) * v[i]!) + f(f(1 - beta) * gv[i]!));
            w[i] = f(w[i]! - f(f(lr) * v[i]!));
            vd[i] = beta * vd[i]! + (1 - beta) * gv[i]!;
            wd[i] = wd[i]! - lr * vd[i]!;
          }
        });
      });
      twin.setWeights(w32.map(([k, b], l) => ({ kernel: { ...twin.getWeights()[l]!.kernel, data: Float32Array.from(k!) }, bias: Float32Array.from(b!) })));
    }
    const got = net.getWeights();
    got.forEach((l, i) => {
      expect(Array.from(l.kernel.data)).toEqual(Array.from(w32[i]![0]!));
      expect(Array.from(l.bias)).toEqual(Array.from(w32[i]![1]!));
      l.kernel.data.forEach((v, j) => expect(Math.abs(v - w64[i]![0]![j]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w64[i]![0]![j]!))));
    });
    net.dispose();
    twin.dispose();
  });

  it("defaults (learningRate 0.01, beta 0.9), 'momentum' by name, and bad values refused", () => {
    const net = new sb.Network(spec);
    net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: 'momentum' });
    const a = net.getWeights();
    const b = new sb.Network(spec);
    b.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'momentum', learningRate: 0.01, beta: 0.9 } });
    expect(b.getWeights()).toEqual(a);
    expect(() => net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'momentum', beta: 1 } })).toThrow(/optimizer.beta must be in \[0, 1\), got 1/);
    expect(() => net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'momentum', momentum: 0.9 } as never })).toThrow(sb.ValueError);
    net.dispose();
    b.dispose();
  });
});
