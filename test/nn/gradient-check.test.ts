// Every activation x loss combination, and a 3-layer network: the core's float32 gradients
// against central finite differences of the float64 reference loss (test/reference/network.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { lossRef, forwardRef, type RefLayer } from '../reference/network.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await sb.ready();
});

type Act = sb.ActivationName;
// Every activation a hidden layer can use, from the registry (softmax is last-layer only).
const HIDDEN: Act[] = sb.activations.filter((a) => a !== 'softmax');
const ALPHA: Partial<Record<Act, number>> = { leakyRelu: 0.1, elu: 0.7 };

function act(name: Act): sb.ActivationSpec {
  return ALPHA[name] === undefined ? name : { name, alpha: ALPHA[name] };
}

function refLayers(net: sb.Network, acts: Act[]): RefLayer[] {
  return net.getWeights().map((w, l) => ({
    units: w.kernel.rows,
    inputs: w.kernel.cols,
    activation: acts[l]!,
    alpha: ALPHA[acts[l]!] ?? 0,
    kernel: Float64Array.from(w.kernel.data),
    bias: Float64Array.from(w.bias),
  }));
}

/**
 * Checks every kernel and bias gradient entry: |g - fd| <= 1e-3·max(|fd|, floor), where the floor
 * (1e-3 of the largest finite difference of the layer) keeps entries whose true gradient is ~0
 * from failing on float32 rounding alone. Returns the largest relative error seen.
 */
function check(net: sb.Network, acts: Act[], x: Float32Array, rows: number, y: Float32Array, loss: sb.LossName, classIds = false): number {
  const layers = refLayers(net, acts);
  // Stay away from the kinks at 0 (relu, leakyRelu, selu): finite differences across them are meaningless.
  const { z } = forwardRef(layers, x, rows);
  for (let l = 0; l < layers.length; l++) {
    if (['relu', 'leakyRelu', 'selu'].includes(acts[l]!)) for (const v of z[l]!) expect(Math.abs(v)).toBeGreaterThan(1e-4);
  }
  const grads = net.gradients({ rows, cols: layers[0]!.inputs, data: x }, { rows, cols: classIds ? 1 : layers[layers.length - 1]!.units, data: y }, loss);
  const h = 1e-6;
  let worst = 0;
  layers.forEach((layer, l) => {
    const params: [Float64Array, Float32Array][] = [
      [layer.kernel, grads[l]!.kernel.data],
      [layer.bias, grads[l]!.bias],
    ];
    const fds: number[][] = params.map(([p]) =>
      Array.from(p, (_, i) => {
        const keep = p[i]!;
        p[i] = keep + h;
        const up = lossRef(layers, x, y, rows, loss, classIds);
        p[i] = keep - h;
        const down = lossRef(layers, x, y, rows, loss, classIds);
        p[i] = keep;
        return (up - down) / (2 * h);
      }),
    );
    const scale = Math.max(...fds.flat().map(Math.abs));
    params.forEach(([, g], k) => {
      fds[k]!.forEach((fd, i) => {
        const err = Math.abs(g[i]! - fd);
        const rel = err / Math.max(Math.abs(fd), 1e-3 * scale, 1e-12);
        worst = Math.max(worst, rel);
        if (!(rel < 1e-3)) {
          throw new Error(`layer ${l} ${k ? 'bias' : 'kernel'}[${i}]: core ${g[i]}, finite difference ${fd} (rel ${rel})`);
        }
      });
    });
  });
  return worst;
}

const ROWS = 5;
// Non-zero biases: they exercise the bias gradients and keep ReLU units off exact zeros.
const B = (): sb.Initializer => sb.init.randomNormal({ std: 0.3 });
const x = testData(ROWS * 3, 11, -1.5, 1.5);

describe('gradients match finite differences of the float64 reference', () => {
  for (const hidden of HIDDEN) {
    it(`${hidden} hidden layer with every loss`, () => {
      // meanSquaredError through the activation at the output too.
      const mseNet = new sb.Network({ inputs: 3, layers: [{ units: 4, activation: act(hidden), biasInit: B() }, { units: 2, activation: act(hidden), biasInit: B() }], seed: 3 });
      const t = testData(ROWS * 2, 5, -1, 1);
      expect(check(mseNet, [hidden, hidden], x, ROWS, t, 'meanSquaredError')).toBeLessThan(1e-3);
      mseNet.dispose();

      const bceNet = new sb.Network({ inputs: 3, layers: [{ units: 4, activation: act(hidden), biasInit: B() }, { units: 2, activation: 'sigmoid', biasInit: B() }], seed: 4 });
      const yb = testData(ROWS * 2, 6, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
      expect(check(bceNet, [hidden, 'sigmoid'], x, ROWS, yb, 'binaryCrossEntropy')).toBeLessThan(1e-3);
      bceNet.dispose();

      const cceNet = new sb.Network({ inputs: 3, layers: [{ units: 4, activation: act(hidden), biasInit: B() }, { units: 3, activation: 'softmax', biasInit: B() }], seed: 5 });
      const ids = new Float32Array([0, 2, 1, 1, 0]);
      expect(check(cceNet, [hidden, 'softmax'], x, ROWS, ids, 'categoricalCrossEntropy', true)).toBeLessThan(1e-3);
      const onehot = new Float32Array(ROWS * 3);
      ids.forEach((c, r) => (onehot[r * 3 + c] = 1));
      expect(check(cceNet, [hidden, 'softmax'], x, ROWS, onehot, 'categoricalCrossEntropy')).toBeLessThan(1e-3);
      cceNet.dispose();
    });
  }

  it('binary cross-entropy from probabilities (softmax output) and squared error through softmax', () => {
    const net = new sb.Network({ inputs: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], seed: 8 });
    const yb = new Float32Array([1, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
    expect(check(net, ['tanh', 'softmax'], x, ROWS, yb, 'binaryCrossEntropy')).toBeLessThan(1e-3);
    expect(check(net, ['tanh', 'softmax'], x, ROWS, testData(ROWS * 2, 9, 0, 1), 'meanSquaredError')).toBeLessThan(1e-3);
    net.dispose();
  });

  it('a 3-layer network', () => {
    const acts: Act[] = ['tanh', 'elu', 'sigmoid'];
    const net = new sb.Network({
      inputs: 3,
      layers: [
        { units: 5, activation: 'tanh', biasInit: sb.init.randomNormal({ std: 0.3 }) },
        { units: 4, activation: act('elu'), biasInit: sb.init.randomNormal({ std: 0.3 }) },
        { units: 2, activation: 'sigmoid' },
      ],
      seed: 12,
    });
    const yb = new Float32Array([1, 0, 0, 1, 1, 1, 0, 0, 1, 0]);
    expect(check(net, acts, x, ROWS, yb, 'binaryCrossEntropy')).toBeLessThan(1e-3);
    net.dispose();
  });
});
