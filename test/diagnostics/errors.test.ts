// Error inputs of diagnose, formatReport and lsuv: bad options (a ValueError naming the option),
// wrong shapes (both shapes in the message), non-finite data, disposed networks; and no leaks.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { diagnose, formatReport, lsuv, DEFAULT_THRESHOLDS } from '../../src/diagnostics/index.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await sb.ready();
});

const x = { rows: 10, cols: 2, data: testData(20, 1) };
const y = Array.from({ length: 10 }, (_, i) => i % 2);
const makeNet = (): sb.Network =>
  new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });

describe('diagnose errors', () => {
  it('rejects unknown options and out-of-range thresholds, naming the option', () => {
    const net = makeNet();
    expect(() => diagnose(net, x, undefined, { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => diagnose(net, x, undefined, 'fast' as never)).toThrow(sb.ValueError);
    const bad: [string, unknown][] = [
      ['symmetryTolerance', -1e-3],
      ['symmetryTolerance', 1],
      ['symmetryTolerance', NaN],
      ['tanhSaturation', 0],
      ['tanhSaturation', 1.5],
      ['sigmoidSaturation', 0.5],
      ['saturatedFraction', 1],
      ['deadFraction', -0.1],
      ['vanishingSignal', 0],
      ['explodingSignal', Infinity],
      ['vanishingGradient', '1e-3'],
      ['explodingGradient', -5],
    ];
    for (const [key, value] of bad) {
      expect(() => diagnose(net, x, undefined, { [key]: value }), `${key} = ${String(value)}`).toThrow(sb.ValueError);
      expect(() => diagnose(net, x, undefined, { [key]: value })).toThrow(new RegExp(`diagnose: ${key} must be`));
    }
    expect(() => diagnose(net, x, undefined, { vanishingSignal: 10, explodingSignal: 5 })).toThrow(/vanishingSignal \(10\) must be below/);
    expect(() => diagnose(net, x, undefined, { vanishingGradient: 2, explodingGradient: 1 })).toThrow(/vanishingGradient/);
    expect(() => diagnose(net, x, undefined, { loss: 'meanSquaredError' })).toThrow(/loss option is used only with y/);
    expect(() => diagnose(net, x, y, { loss: 'hinge' as never })).toThrow(sb.ValueError);
    expect(() => diagnose(net, x, y, { loss: 'categoricalCrossEntropy' })).toThrow(/softmax/);
    // Defaults are exported and documented.
    expect(DEFAULT_THRESHOLDS).toEqual({
      symmetryTolerance: 1e-5,
      tanhSaturation: 0.99,
      sigmoidSaturation: 0.01,
      saturatedFraction: 0.2,
      deadFraction: 0.1,
      vanishingSignal: 1e-3,
      explodingSignal: 1e3,
      vanishingGradient: 1e-3,
      explodingGradient: 1e3,
    });
    net.dispose();
  });

  it('checks the network, x and y', () => {
    const net = makeNet();
    expect(() => diagnose({} as never, x)).toThrow(/diagnose: net must be an sb.Network/);
    expect(() => diagnose(null as never, x)).toThrow(sb.ValueError);
    expect(() => diagnose(net, { rows: 2, cols: 3, data: new Float32Array(6) })).toThrow(sb.ShapeError);
    expect(() => diagnose(net, { rows: 2, cols: 3, data: new Float32Array(6) })).toThrow(/x has 3 columns, the network expects 2/);
    expect(() => diagnose(net, [])).toThrow(sb.ShapeError);
    expect(() => diagnose(net, [[1, NaN]])).toThrow(sb.ValueError);
    expect(() => diagnose(net, x, [0, 1, 0])).toThrow(/y has 3 rows, x has 10/);
    expect(() => diagnose(net, x, y.map(() => 2))).toThrow(/\[0, 1\]/);
    net.dispose();
    expect(() => diagnose(net, x)).toThrow(sb.DisposedError);
  });

  it('frees every scratch buffer, also when it throws', () => {
    const net = makeNet();
    diagnose(net, x, y); // allocates the network's workspace for 10 rows, kept by the network
    const before = sb.memory().liveBuffers;
    diagnose(net, x, y);
    diagnose(net, x);
    expect(() => diagnose(net, x, [0, 1])).toThrow();
    expect(sb.memory().liveBuffers).toBe(before);
    net.dispose();
  });
});

describe('formatReport errors', () => {
  it('rejects what is not a report and bad options', () => {
    const net = makeNet();
    const r = diagnose(net, x);
    expect(() => formatReport({} as never)).toThrow(/expected a report from sb.diagnose/);
    expect(() => formatReport(null as never)).toThrow(sb.ValueError);
    expect(() => formatReport(r, { colour: true } as never)).toThrow(/unknown option 'colour'/);
    expect(() => formatReport(r, { color: 'yes' } as never)).toThrow(/color must be true or false/);
    expect(() => formatReport(r, 1 as never)).toThrow(sb.ValueError);
    net.dispose();
  });
});

describe('lsuv errors', () => {
  it('rejects bad options, shapes and networks, and leaves the network as it was', async () => {
    const net = makeNet();
    const before = net.getWeights();
    const bad: [string, unknown, RegExp][] = [
      ['targetVariance', 0, /targetVariance must be a finite number > 0/],
      ['targetVariance', Infinity, /targetVariance/],
      ['tolerance', -0.1, /tolerance must be a finite number > 0/],
      ['maxIterations', 0, /maxIterations must be a positive integer/],
      ['maxIterations', 2.5, /maxIterations/],
      ['orthogonalFirst', 'yes', /orthogonalFirst must be true or false/],
      ['iterations', 3, /unknown option 'iterations'/],
    ];
    for (const [key, value, message] of bad) {
      await expect(lsuv(net, x, { [key]: value })).rejects.toThrow(message);
      await expect(lsuv(net, x, { [key]: value })).rejects.toThrow(sb.ValueError);
    }
    await expect(lsuv(net, x, null as never)).rejects.toThrow(sb.ValueError);
    await expect(lsuv(net, { rows: 1, cols: 5, data: new Float32Array(5) })).rejects.toThrow(
      /lsuv: x has 5 columns, the network expects 2/,
    );
    await expect(lsuv('net' as never, x)).rejects.toThrow(/lsuv: net must be an sb.Network/);
    expect(net.getWeights()).toEqual(before);
    await lsuv(net, x);
    const live = sb.memory().liveBuffers;
    await lsuv(net, x);
    expect(sb.memory().liveBuffers).toBe(live);
    net.dispose();
    await expect(lsuv(net, x)).rejects.toThrow(sb.DisposedError);
  });
});
