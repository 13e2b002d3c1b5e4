import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const spec = (): sb.NetworkSpec => ({
  inputs: 2,
  layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
  seed: 1,
});

describe('Network construction', () => {
  it('builds [units, inputs] kernels and zero biases by default', () => {
    const net = new sb.Network(spec());
    const w = net.getWeights();
    expect(w.map((l) => [l.kernel.rows, l.kernel.cols])).toEqual([
      [4, 2],
      [1, 4],
    ]);
    expect(Array.from(w[0]!.bias)).toEqual([0, 0, 0, 0]);
    // glorotUniform: bound sqrt(6 / (fanIn + fanOut)) = sqrt(6 / 6) = 1 for layer 0.
    for (const v of w[0]!.kernel.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    expect(new Set(w[0]!.kernel.data).size).toBe(8);
    net.dispose();
  });

  it('the same seed gives the same bits; another seed differs', () => {
    const a = new sb.Network(spec());
    const b = new sb.Network(spec());
    const c = new sb.Network({ ...spec(), seed: 2 });
    expect(a.getWeights()[0]!.kernel.data).toEqual(b.getWeights()[0]!.kernel.data);
    expect(a.getWeights()[0]!.kernel.data).not.toEqual(c.getWeights()[0]!.kernel.data);
    for (const n of [a, b, c]) n.dispose();
  });

  it('two same-shaped layers do not start equal', () => {
    const net = new sb.Network({
      inputs: 3,
      layers: [{ units: 3, activation: 'tanh' }, { units: 3, activation: 'tanh' }],
    });
    const [l0, l1] = net.getWeights();
    expect(l0!.kernel.data).not.toEqual(l1!.kernel.data);
    net.dispose();
  });

  it('rejects bad specs with ValueError naming the problem', () => {
    expect(() => new sb.Network({ inputs: 0, layers: [{ units: 1 }] })).toThrow(/inputs must be a positive integer, got 0/);
    expect(() => new sb.Network({ inputs: 2, layers: [] })).toThrow(sb.ValueError);
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 1.5 }] })).toThrow(/layers\[0\]\.units/);
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 2, activation: 'swish' as never }] })).toThrow(
      /unknown activation 'swish'/,
    );
    expect(
      () =>
        new sb.Network({ inputs: 2, layers: [{ units: 2, activation: 'softmax' }, { units: 1 }] }),
    ).toThrow(/softmax is allowed only on the last layer/);
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 2, kernelInit: 'nope' as never }] })).toThrow(sb.ValueError);
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 2, extra: 1 } as never] })).toThrow(/unknown option 'extra'/);
    expect(() => new sb.Network({ inputs: 2, layers: [{ units: 2, activation: { name: 'leakyRelu', alpha: NaN } }] })).toThrow(
      /alpha must be a finite number/,
    );
    expect(sb.memory().liveBuffers).toBe(0);
  });
});

describe('inputs are checked before anything changes', () => {
  it('shape and value errors name what was expected and given', () => {
    const net = new sb.Network(spec());
    const before = net.getWeights();
    expect(() => net.predict([[1, 2, 3]])).toThrow(/x has 3 columns, the network expects 2/);
    expect(() => net.predict([])).toThrow(sb.ShapeError);
    expect(() => net.predict([[1, NaN]])).toThrow(sb.ValueError);
    const x = [
      [0, 1],
      [1, 0],
    ];
    expect(() => net.trainStep(x, [1], { loss: 'binaryCrossEntropy' })).toThrow(/y has 1 rows, x has 2/);
    expect(() => net.trainStep(x, [1, 2], { loss: 'binaryCrossEntropy' })).toThrow(/targets must be in \[0, 1\], got 2/);
    expect(() => net.trainStep(x, [1, 0], { loss: 'hinge' as never })).toThrow(/loss must be one of/);
    expect(() => net.trainStep(x, [1, 0], { loss: 'categoricalCrossEntropy' })).toThrow(/needs a softmax last layer/);
    expect(() =>
      net.trainStep(x, [1, 0], { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: -1 } }),
    ).toThrow(sb.ValueError);
    expect(() => net.setWeights([before[0]!])).toThrow(/setWeights needs 2 layers, got 1/);
    expect(() =>
      net.setWeights([before[0]!, { kernel: { rows: 2, cols: 2, data: new Float32Array(4) }, bias: new Float32Array(1) }]),
    ).toThrow(/weights\[1\]\.kernel is 2x2, layer 1 needs 1x4/);
    expect(net.getWeights()).toEqual(before);
    net.dispose();
  });

  it('trainStep rejects a non-finite Matrix (checked on the core) and changes nothing', () => {
    const net = new sb.Network(spec());
    const before = net.getWeights();
    const data = new Float32Array([0, 1, 1, 0, 0.5, 0.5]);
    for (const [i, v] of [[0, NaN], [3, Infinity], [5, -Infinity]] as const) {
      const x = { rows: 3, cols: 2, data: data.slice() };
      x.data[i] = v;
      expect(() => net.trainStep(x, [1, 0, 1], { loss: 'binaryCrossEntropy' })).toThrow(sb.ValueError);
      expect(() => net.trainStep(x, [1, 0, 1], { loss: 'binaryCrossEntropy' })).toThrow(
        `x must be finite, got ${v} at row ${Math.floor(i / 2)}, column ${i % 2}`,
      );
    }
    expect(net.getWeights()).toEqual(before);
    expect(net.trainStep({ rows: 3, cols: 2, data }, [1, 0, 1], { loss: 'binaryCrossEntropy' })).toBeGreaterThan(0);
    net.dispose();
  });

  it('a disposed network throws DisposedError; disposing twice is harmless', () => {
    const before = sb.memory();
    const net = new sb.Network(spec());
    net.predict([[0, 1]]);
    net.dispose();
    net.dispose();
    expect(() => net.predict([[0, 1]])).toThrow(sb.DisposedError);
    expect(() => net.getWeights()).toThrow(sb.DisposedError);
    expect(sb.memory().liveBuffers).toBe(before.liveBuffers);
    expect(sb.memory().liveBytes).toBe(before.liveBytes);
  });
});

describe('forward', () => {
  it('matches a hand computation for a tiny network', () => {
    const net = new sb.Network({
      inputs: 2,
      layers: [{ units: 2, activation: 'relu' }, { units: 1, activation: 'linear' }],
    });
    net.setWeights([
      { kernel: { rows: 2, cols: 2, data: new Float32Array([1, -1, 0.5, 2]) }, bias: new Float32Array([0, -1]) },
      { kernel: { rows: 1, cols: 2, data: new Float32Array([3, -2]) }, bias: new Float32Array([0.25]) },
    ]);
    const { preactivations, activations } = net.forward([
      [1, 2],
      [3, -1],
    ]);
    // z1 = x·Wᵀ + b: row0 [1-2, 0.5+4-1] = [-1, 3.5]; row1 [3+1, 1.5-2-1] = [4, -1.5]
    expect(Array.from(preactivations[0]!.data)).toEqual([-1, 3.5, 4, -1.5]);
    expect(Array.from(activations[0]!.data)).toEqual([0, 3.5, 4, 0]);
    // z2 = 3·a0 - 2·a1 + 0.25: row0 -7 + 0.25, row1 12 + 0.25
    expect(Array.from(activations[1]!.data)).toEqual([-6.75, 12.25]);
    expect(Array.from(net.predict([[1, 2]]).data)).toEqual([-6.75]);
    net.dispose();
  });
});
