// Symmetry: the lesson's networks (zeros or a constant: one distinct unit, locked, an error),
// the lesson's fix (randn·0.01: every unit distinct), symmetric-but-unlocked units (a warning,
// and training separates them), bit-identical units at any position, and the groups and
// near-symmetry against brute force.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { diagnose, type DiagnosticsReport } from '../../src/diagnostics/index.js';
import * as ref from '../reference/diagnostics.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.planarFlower({ n: 120, seed: 1 });

function lessonNet(hidden: number, activation: 'tanh' | 'sigmoid', init: sb.InitializerSpec): sb.Network {
  return new sb.Network({
    inputs: 2,
    layers: [
      { units: hidden, activation, kernelInit: init },
      { units: 1, activation: 'sigmoid', kernelInit: init },
    ],
    seed: 1,
  });
}

/** Rows of a [units, inputs] kernel as arrays of float32 bit patterns. */
function rowBits(k: sb.Matrix): number[][] {
  const bits = new Uint32Array(k.data.buffer, k.data.byteOffset, k.data.length);
  return Array.from({ length: k.rows }, (_, r) => [...bits.subarray(r * k.cols, (r + 1) * k.cols)]);
}

function columnBits(m: sb.Matrix, j: number): number[] {
  const bits = new Uint32Array(m.data.buffer, m.data.byteOffset, m.data.length);
  return Array.from({ length: m.rows }, (_, r) => bits[r * m.cols + j]!);
}

function codes(r: DiagnosticsReport, code: string): { severity: string; layer: number }[] {
  return r.findings.filter((f) => f.code === code).map((f) => ({ severity: f.severity, layer: f.layer }));
}

async function train(net: sb.Network, epochs: number, optimizer: sb.OptimizerSpec = { type: 'sgd', learningRate: 0.5 }): Promise<void> {
  // 120 samples in batches of 40: 3 steps per epoch.
  await net.fit(x, y, { loss: 'binaryCrossEntropy', optimizer, epochs, batchSize: 40, seed: 2 });
}

describe("the lesson's symmetric networks", () => {
  const inits: [string, sb.InitializerSpec][] = [
    ['zeros', 'zeros'],
    ['constant 0.5', sb.init.constant({ value: 0.5 })],
  ];
  for (const hidden of [2, 4]) {
    for (const activation of ['tanh', 'sigmoid'] as const) {
      for (const [initName, init] of inits) {
        it(`2-${hidden}-1 ${activation}, ${initName}: 300 steps keep W1's rows bit-identical; one distinct, locked unit`, async () => {
          const net = lessonNet(hidden, activation, init);
          const before = net.getWeights();
          await train(net, 100);
          const w = net.getWeights();
          const rows = rowBits(w[0]!.kernel);
          for (const r of rows) expect(r).toEqual(rows[0]);
          expect(new Set(w[0]!.bias).size).toBe(1);
          if (initName === 'zeros' && activation === 'tanh') {
            // tanh(0) = 0 feeds W2 nothing and W2 = 0 sends nothing back: only b2 moves.
            expect(w[0]!.kernel.data.every((v) => v === 0)).toBe(true);
            expect(w[1]!.kernel.data.every((v) => v === 0)).toBe(true);
            expect(w[1]!.bias[0]).not.toBe(before[1]!.bias[0]);
          } else {
            // Training did move the weights, in lockstep.
            expect(w[0]!.kernel.data).not.toEqual(before[0]!.kernel.data);
          }
          const report = diagnose(net, x, y);
          const s = report.layers[0]!.symmetry;
          expect(s.distinctUnits).toBe(1);
          expect(s.groups).toEqual([Array.from({ length: hidden }, (_, i) => i)]);
          expect(s.locked).toEqual([true]);
          expect(codes(report, 'SYMMETRIC_UNITS')).toEqual([{ severity: 'error', layer: 0 }]);
          const finding = report.findings.find((f) => f.code === 'SYMMETRIC_UNITS')!;
          expect(finding.message).toContain('locked');
          expect(finding.fix?.text).toContain(activation === 'tanh' ? 'glorotUniform({ gain: 5 / 3 })' : 'glorotUniform()');
          net.dispose();
        });
      }
    }
  }

  it('the zero-initialized tanh network gets no weight gradient at all; the one error names the cause, the locked symmetry, and its fix re-initializes both kernels', () => {
    const net = lessonNet(2, 'tanh', 'zeros');
    const report = diagnose(net, x, y);
    expect(report.layers.map((l) => l.gradient!.kernelNorm)).toEqual([0, 0]);
    expect(Number.isNaN(report.gradientRatio)).toBe(true);
    // The zero gradient follows from the locked symmetry: one finding, not two.
    expect(report.findings.map((f) => [f.severity, f.code, f.layer, f.cause])).toEqual([['error', 'SYMMETRIC_UNITS', 0, 'initialization']]);
    expect(report.findings[0]!.fix!.layers!.map((l) => [l.layer, l.kernelInit])).toEqual([
      [0, { name: 'glorotUniform', config: { gain: 5 / 3 } }],
      [1, { name: 'glorotUniform', config: { gain: 1 } }],
    ]);
    expect(report.findings[0]!.fix!.layers!.every((l) => l.biasInit === undefined)).toBe(true);
    net.dispose();
  });

  for (const activation of ['tanh', 'sigmoid'] as const) {
    it(`the lesson's fix, randn·0.01 (${activation}): every unit distinct, no symmetry finding, before and after training`, async () => {
      const net = lessonNet(4, activation, sb.init.scaledNormal({ scale: 0.01 }));
      for (let round = 0; round < 2; round++) {
        const report = diagnose(net, x, y);
        const s = report.layers[0]!.symmetry;
        expect(s.groups).toEqual([]);
        expect(s.locked).toEqual([]);
        expect(s.distinctUnits).toBe(4);
        expect(s.maxAbsCosine).toBeLessThan(1);
        expect(codes(report, 'SYMMETRIC_UNITS')).toEqual([]);
        await train(net, 100);
      }
      net.dispose();
    });
  }
});

describe('symmetric but not locked', () => {
  it('equal incoming weights and bias, different outgoing weights: a warning, and training separates them', async () => {
    const net = lessonNet(4, 'tanh', 'glorotUniform');
    const w = net.getWeights();
    const k = w[0]!.kernel.data;
    k[2] = k[0]!; // row 1 := row 0 ([units, inputs] = [4, 2])
    k[3] = k[1]!;
    w[0]!.bias[1] = w[0]!.bias[0]!;
    expect(w[1]!.kernel.data[0]).not.toBe(w[1]!.kernel.data[1]); // outgoing weights differ
    net.setWeights(w);

    const report = diagnose(net, x, y);
    const s = report.layers[0]!.symmetry;
    expect(s.groups).toEqual([[0, 1]]);
    expect(s.locked).toEqual([false]);
    expect(s.distinctUnits).toBe(3);
    expect(codes(report, 'SYMMETRIC_UNITS')).toEqual([{ severity: 'warning', layer: 0 }]);

    await train(net, 70);
    const after = net.getWeights()[0]!.kernel.data;
    expect([after[0], after[1]]).not.toEqual([after[2], after[3]]);
    const trained = diagnose(net, x, y);
    expect(trained.layers[0]!.symmetry.groups).toEqual([]);
    expect(trained.layers[0]!.symmetry.distinctUnits).toBe(4);
    expect(codes(trained, 'SYMMETRIC_UNITS')).toEqual([]);
    net.dispose();
  });

  it('the same units with equal outgoing weights too are locked (an error) and stay equal', async () => {
    const net = lessonNet(4, 'tanh', 'glorotUniform');
    const w = net.getWeights();
    const k = w[0]!.kernel.data;
    k[2] = k[0]!;
    k[3] = k[1]!;
    w[0]!.bias[1] = w[0]!.bias[0]!;
    w[1]!.kernel.data[1] = w[1]!.kernel.data[0]!;
    net.setWeights(w);
    const report = diagnose(net, x);
    expect(report.layers[0]!.symmetry.locked).toEqual([true]);
    expect(codes(report, 'SYMMETRIC_UNITS')).toEqual([{ severity: 'error', layer: 0 }]);
    await train(net, 70);
    const rows = rowBits(net.getWeights()[0]!.kernel);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).not.toEqual(rows[0]);
    net.dispose();
  });
});

describe('position independence', () => {
  it('identical units at lanes 0, 4 and 6 (a tail lane) stay bit-identical through Adam training', async () => {
    const inputs = 5;
    const net = new sb.Network({
      inputs,
      layers: [
        { units: 7, activation: 'tanh' },
        { units: 9, activation: 'relu', kernelInit: 'heNormal' },
        { units: 3, activation: 'softmax' },
      ],
      seed: 3,
    });
    const w = net.getWeights();
    const same = [0, 4, 6];
    for (const u of same) {
      for (let i = 0; i < inputs; i++) w[0]!.kernel.data[u * inputs + i] = w[0]!.kernel.data[i]!;
      w[0]!.bias[u] = 0.125;
      for (let r = 0; r < 9; r++) w[1]!.kernel.data[r * 7 + u] = w[1]!.kernel.data[r * 7]!;
    }
    net.setWeights(w);
    const px = { rows: 61, cols: inputs, data: testData(61 * inputs, 9, -2, 2) };
    const labels = Array.from(testData(61, 10, 0, 3), (v) => Math.floor(v));
    const check = (): void => {
      const a = net.forward(px).activations[0]!;
      const z = net.forward(px).preactivations[0]!;
      for (const u of same) {
        expect(columnBits(a, u)).toEqual(columnBits(a, 0));
        expect(columnBits(z, u)).toEqual(columnBits(z, 0));
      }
      expect(columnBits(a, 1)).not.toEqual(columnBits(a, 0));
      const report = diagnose(net, px, labels);
      expect(report.layers[0]!.symmetry.groups).toEqual([same]);
      expect(report.layers[0]!.symmetry.locked).toEqual([true]);
    };
    check();
    await net.fit(px, labels, {
      loss: 'categoricalCrossEntropy',
      optimizer: { type: 'adam', learningRate: 0.01 },
      epochs: 40,
      batchSize: 16,
    });
    const rows = rowBits(net.getWeights()[0]!.kernel);
    for (const u of same) expect(rows[u]).toEqual(rows[0]);
    expect(net.getWeights()[0]!.kernel.data).not.toEqual(w[0]!.kernel.data);
    check();
    net.dispose();
  });
});

describe('groups and near-symmetry against brute force', () => {
  it('finds planted duplicates, near-copies within the tolerance, and the largest cosine', () => {
    const units = 37;
    const inputs = 6;
    const net = new sb.Network({ inputs, layers: [{ units, activation: 'tanh' }, { units: 2 }], seed: 5 });
    const w = net.getWeights();
    const k = w[0]!.kernel.data;
    const copy = (from: number, to: number, factor = 1): void => {
      for (let i = 0; i < inputs; i++) k[to * inputs + i] = k[from * inputs + i]! * factor;
      w[0]!.bias[to] = w[0]!.bias[from]!;
    };
    copy(3, 8);
    copy(3, 36);
    copy(10, 11);
    copy(20, 21, 1 + 2 ** -20); // a near-copy: columns differ by about 1e-6 of their scale
    copy(30, 31, 0.9); // a scaled copy: distinct, but highly correlated
    net.setWeights(w);
    const px = { rows: 50, cols: inputs, data: testData(50 * inputs, 4, -1, 1) };
    const a = net.forward(px).activations[0]!;
    for (const tol of [0, 1e-5]) {
      const report = diagnose(net, px, undefined, { symmetryTolerance: tol });
      const s = report.layers[0]!.symmetry;
      const expected = ref.symmetryGroups(a.data, a.rows, a.cols, tol);
      expect(s.groups).toEqual(expected);
      expect(s.groups).toEqual(tol === 0 ? [[3, 8, 36], [10, 11]] : [[3, 8, 36], [10, 11], [20, 21]]);
      expect(s.distinctUnits).toBe(units - (tol === 0 ? 3 : 4));
      // Near-copies are symmetric, not locked (their weights differ).
      expect(s.locked).toEqual(tol === 0 ? [false, false] : [false, false, false]);
      const cos = ref.maxAbsCosine(a.data, a.rows, a.cols, expected)!;
      expect(Math.abs(s.maxAbsCosine! - cos)).toBeLessThanOrEqual(1e-5);
      if (tol === 0) expect(s.mostSimilar).toEqual([20, 21]);
      else expect(s.mostSimilar).toEqual([30, 31]);
    }
    net.dispose();
  });

  it('agrees with brute force on 64 units copied from 5 with perturbations of every size, at several tolerances', () => {
    const units = 64;
    const inputs = 3;
    const net = new sb.Network({ inputs, layers: [{ units, activation: 'tanh' }, { units: 1 }], seed: 9 });
    const w = net.getWeights();
    const k = w[0]!.kernel.data;
    const deltas = [0, 1e-7, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 1e-3];
    for (let u = 5; u < units; u++) {
      const from = u % 5;
      const factor = 1 + deltas[u % deltas.length]! * (u % 2 ? 1 : -1);
      for (let i = 0; i < inputs; i++) k[u * inputs + i] = k[from * inputs + i]! * factor;
      w[0]!.bias[u] = w[0]!.bias[from]!;
    }
    net.setWeights(w);
    const px = { rows: 33, cols: inputs, data: testData(33 * inputs, 12, -2, 2) };
    const a = net.forward(px).activations[0]!;
    for (const tol of [0, 1e-6, 1e-5, 1e-4, 1e-2]) {
      const report = diagnose(net, px, undefined, { symmetryTolerance: tol });
      expect(report.layers[0]!.symmetry.groups, `tol ${tol}`).toEqual(ref.symmetryGroups(a.data, a.rows, a.cols, tol));
    }
    net.dispose();
  });

  it('an output layer with equal units is reported but locked only with equal targets', () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 3, kernelInit: 'zeros' }], seed: 1 });
    const t1 = { rows: x.rows, cols: 3, data: testData(x.rows * 3, 1) };
    const t2 = { rows: x.rows, cols: 3, data: new Float32Array(x.rows * 3).fill(0.25) };
    const noY = diagnose(net, x);
    expect(noY.layers[1]!.symmetry.groups).toEqual([[0, 1, 2]]);
    expect(noY.layers[1]!.symmetry.locked).toEqual([false]);
    expect(codes(noY, 'SYMMETRIC_UNITS')).toEqual([]); // a zero output layer trains fine
    expect(diagnose(net, x, t1).layers[1]!.symmetry.locked).toEqual([false]);
    const same = diagnose(net, x, t2);
    expect(same.layers[1]!.symmetry.locked).toEqual([true]);
    expect(codes(same, 'SYMMETRIC_UNITS')).toEqual([{ severity: 'error', layer: 1 }]);
    net.dispose();
  });
});
