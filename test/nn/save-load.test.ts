// A network's file: safetensors with the tensors docs/API.md names, bit-for-bit round trips, and
// FormatError for anything that is not a network file.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';

beforeAll(async () => {
  await sb.ready();
});

function makeNet(): sb.Network {
  return new sb.Network({
    inputs: 3,
    layers: [
      { units: 5, activation: { name: 'leakyRelu', alpha: 0.2 }, kernelInit: sb.init.heNormal(), biasInit: sb.init.constant({ value: 0.1 }) },
      { units: 2, activation: 'softmax', kernelInit: 'orthogonal' },
    ],
    seed: 'save-me',
  });
}

describe('save / load', () => {
  it('writes layers.{l}.kernel [units, inputs] and layers.{l}.bias, with the architecture in __metadata__', () => {
    const net = makeNet();
    const file = decodeSafetensors(net.save());
    expect([...file.tensors.keys()].sort()).toEqual(['layers.0.bias', 'layers.0.kernel', 'layers.1.bias', 'layers.1.kernel']);
    expect(file.tensors.get('layers.0.kernel')!.shape).toEqual([5, 3]);
    expect(file.tensors.get('layers.1.kernel')!.shape).toEqual([2, 5]);
    expect(file.tensors.get('layers.1.bias')!.shape).toEqual([2]);
    expect(file.tensors.get('layers.0.kernel')!.data).toEqual(net.getWeights()[0]!.kernel.data);
    const arch = JSON.parse(file.metadata.architecture!);
    expect(arch).toEqual(net.toJSON());
    expect(arch.layers[0].activation).toEqual({ name: 'leakyRelu', alpha: 0.2 });
    net.dispose();
  });

  it('round-trips bit for bit, including the architecture and predictions', () => {
    const net = makeNet();
    const { x } = sb.datasets.moons({ n: 20, seed: 1 });
    const x3 = { rows: 20, cols: 3, data: new Float32Array(60).map((_, i) => x.data[i % 40]!) };
    // Train a little so the weights are not just the initial draw.
    for (let i = 0; i < 5; i++) net.trainStep(x3, new Array(20).fill(0).map((_, r) => r % 2), { loss: 'categoricalCrossEntropy', optimizer: 'adam' });
    const bytes = net.save();
    const copy = sb.Network.load(bytes);
    expect(copy.toJSON()).toEqual(net.toJSON());
    const a = net.getWeights();
    const b = copy.getWeights();
    a.forEach((l, i) => {
      expect(Buffer.from(b[i]!.kernel.data.buffer).equals(Buffer.from(l.kernel.data.buffer))).toBe(true);
      expect(Buffer.from(b[i]!.bias.buffer).equals(Buffer.from(l.bias.buffer))).toBe(true);
    });
    expect(copy.predict(x3)).toEqual(net.predict(x3));
    expect(copy.save()).toEqual(bytes);
    net.dispose();
    copy.dispose();
  });

  it('toJSON / fromJSON rebuild the same initial network', () => {
    const net = makeNet();
    const again = sb.Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
    expect(again.getWeights()).toEqual(net.getWeights());
    net.dispose();
    again.dispose();
  });

  it('anything that is not a network file is a FormatError', () => {
    const net = makeNet();
    const good = net.save();
    const file = decodeSafetensors(good);
    const tensors = [...file.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
    const withMeta = (meta: Record<string, string>, ts = tensors): Uint8Array => encodeSafetensors(ts, meta);
    const bad: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['truncated', good.slice(0, good.length - 3)],
      ['huge header length', (() => { const b = good.slice(); new DataView(b.buffer).setBigUint64(0, 2n ** 60n, true); return b; })()],
      ['no metadata', encodeSafetensors(tensors)],
      ['wrong format tag', withMeta({ ...file.metadata, format: 'pt' })],
      ['architecture not JSON', withMeta({ ...file.metadata, architecture: '{' })],
      ['architecture with a bad layer', withMeta({ ...file.metadata, architecture: JSON.stringify({ ...net.toJSON(), layers: [{ units: -1 }] }) })],
      ['missing tensor', withMeta(file.metadata, tensors.filter((t) => t.name !== 'layers.1.bias'))],
      ['extra tensor', withMeta(file.metadata, [...tensors, { name: 'layers.9.bias', shape: [1], data: new Float32Array(1) }])],
      ['wrong shape', withMeta(file.metadata, tensors.map((t) => (t.name === 'layers.0.kernel' ? { ...t, shape: [3, 5] } : t)))],
      ['non-finite weight', withMeta(file.metadata, tensors.map((t) => (t.name === 'layers.0.bias' ? { ...t, data: new Float32Array(5).fill(NaN) } : t)))],
    ];
    const before = sb.memory();
    for (const [what, bytes] of bad) {
      expect(() => sb.Network.load(bytes), what).toThrow(sb.FormatError);
    }
    expect(sb.memory().liveBuffers).toBe(before.liveBuffers);
    net.dispose();
  });

  it('fuzzed files give FormatError or a valid network, never another error', () => {
    const net = makeNet();
    const good = net.save();
    net.dispose();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const b = good.slice();
          for (const [i, v] of edits) b[i] = v;
          try {
            sb.Network.load(b).dispose();
          } catch (error) {
            if (!(error instanceof sb.FormatError)) throw error;
          }
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });
});
