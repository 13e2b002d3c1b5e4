// Changing only the learning rate between steps keeps the optimizer's state (velocity, Adam's
// moments and step count), as PyTorch does when param_groups[0]['lr'] changes: 20 steps at 0.01
// then 20 at 0.005, against torch.optim.Adam and torch.optim.SGD(momentum=0.9)
// (test/vectors/torch_lr_change.py). Any other change still starts a fresh state.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

type Weights = { kernel0: number[]; bias0: number[]; kernel1: number[]; bias1: number[] };
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'torch-lr-change.json'), 'utf8')) as {
  x: number[];
  y: number[];
  kernel0: number[];
  kernel1: number[];
  adam: Weights;
  sgd_momentum: Weights;
};
const x = { rows: 8, cols: 3, data: Float32Array.from(ref.x) };
const y = { rows: 8, cols: 1, data: Float32Array.from(ref.y) };

function start(): sb.Network {
  const net = new sb.Network({ inputs: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
  net.setWeights([
    { kernel: { rows: 4, cols: 3, data: Float32Array.from(ref.kernel0) }, bias: new Float32Array(4) },
    { kernel: { rows: 1, cols: 4, data: Float32Array.from(ref.kernel1) }, bias: new Float32Array(1) },
  ]);
  return net;
}

function train(net: sb.Network, optimizer: (lr: number) => sb.OptimizerSpec): number[] {
  for (const lr of [0.01, 0.005]) for (let i = 0; i < 20; i++) net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: optimizer(lr) });
  const w = net.getWeights();
  return [...w[0]!.kernel.data, ...w[0]!.bias, ...w[1]!.kernel.data, ...w[1]!.bias];
}

const flat = (w: Weights): number[] => [...w.kernel0, ...w.bias0, ...w.kernel1, ...w.bias1];

/** Largest difference, relative to the largest weight (float32 trajectories of 40 steps). */
function maxDiff(a: number[], b: number[]): number {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / scale;
}

describe('a new learning rate keeps the optimizer state', () => {
  it("Adam: 20 steps at 0.01 then 20 at 0.005 follow torch.optim.Adam's param_groups change", () => {
    const net = start();
    const got = train(net, (lr) => ({ type: 'adam', learningRate: lr, epsilon: 1e-8 }));
    expect(maxDiff(got, flat(ref.adam))).toBeLessThan(2e-6);
    net.dispose();
  });

  it('SGD with momentum 0.9: the velocity carries over, as torch.optim.SGD', () => {
    const net = start();
    const got = train(net, (lr) => ({ type: 'sgd', learningRate: lr, momentum: 0.9 }));
    expect(maxDiff(got, flat(ref.sgd_momentum))).toBeLessThan(2e-6);
    net.dispose();
  });

  it('another change (a beta, the momentum, the type) still starts afresh', () => {
    const a = start();
    const b = start();
    train(a, (lr) => ({ type: 'adam', learningRate: lr, epsilon: 1e-8 }));
    // b changes beta1 at step 21: its moments restart, so the weights part from a's.
    for (const [lr, beta1] of [
      [0.01, 0.9],
      [0.005, 0.8],
    ] as const) {
      for (let i = 0; i < 20; i++) b.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'adam', learningRate: lr, beta1, epsilon: 1e-8 } });
    }
    expect(b.getWeights()).not.toEqual(a.getWeights());
    a.dispose();
    b.dispose();
  });
});
