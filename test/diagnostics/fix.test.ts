// sb.applyFix: a new normalized spec with the fix's layer changes, the input untouched, bad
// fixes refused with typed errors; and the rule every fix obeys (changedLayers): it never
// proposes what the network already uses.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { changedLayers } from '../../src/diagnostics/fix.js';
import { parseSpec } from '../../src/nn/spec.js';

beforeAll(async () => {
  await sb.ready();
});

const spec: sb.NetworkSpec = {
  inputs: 2,
  layers: [
    { units: 4, activation: 'relu', kernelInit: 'heNormal', biasInit: sb.init.constant({ value: -10 }) },
    { units: 1, activation: 'sigmoid' },
  ],
  seed: 7,
};

describe('applyFix', () => {
  it('returns a new spec in toJSON form with the changes, leaving the input as it was', () => {
    const before = JSON.stringify(spec);
    const fixed = sb.applyFix(spec, { text: 'zero biases', layers: [{ layer: 0, biasInit: 'zeros' }] });
    expect(JSON.stringify(spec)).toBe(before);
    expect(fixed.layers[0]!.biasInit).toEqual({ name: 'zeros', config: {} });
    expect(fixed.layers[0]!.kernelInit).toEqual({ name: 'heNormal', config: { negativeSlope: 0, mode: 'fanIn' } });
    expect(fixed.seed).toBe(7);
    // The same as the network's own toJSON after the change.
    const net = sb.Network.fromJSON(fixed);
    expect(net.toJSON()).toEqual(fixed);
    net.dispose();
  });

  it('takes initializer objects, names and { name, config }, and activations by name or with a parameter', () => {
    const fixed = sb.applyFix(spec, {
      text: '',
      layers: [
        { layer: 0, kernelInit: sb.init.orthogonal({ gain: 2 }), activation: { name: 'leakyRelu', alpha: 0.1 } },
        { layer: 1, kernelInit: { name: 'glorotNormal', config: { gain: 1 } } },
      ],
    });
    expect(fixed.layers[0]!.kernelInit).toEqual({ name: 'orthogonal', config: { gain: 2 } });
    expect(fixed.layers[0]!.activation).toEqual({ name: 'leakyRelu', alpha: 0.1 });
    expect(fixed.layers[1]!.kernelInit).toEqual({ name: 'glorotNormal', config: { gain: 1 } });
  });

  it('a null fix, or one with only a learning rate, gives the spec normalized and unchanged', () => {
    const plain = sb.applyFix(spec, null);
    expect(sb.applyFix(spec, { text: 'lower it', learningRate: 0.01 })).toEqual(plain);
    expect(plain.layers[0]!.biasInit).toEqual({ name: 'constant', config: { value: -10 } });
  });

  it('refuses what is not a fix, or a fix the spec cannot take, with typed errors', () => {
    expect(() => sb.applyFix(spec, { text: '', layers: [{ layer: 2, biasInit: 'zeros' }] })).toThrow(sb.ValueError);
    expect(() => sb.applyFix(spec, { text: '', layers: [{ layer: 2, biasInit: 'zeros' }] })).toThrow(/fix\.layers\[0\]\.layer/);
    expect(() => sb.applyFix(spec, { text: '', layers: 'all' } as never)).toThrow(/fix.layers must be an array/);
    expect(() => sb.applyFix(spec, { text: '', learningRate: -1 })).toThrow(/learningRate/);
    expect(() => sb.applyFix(spec, { text: '', layers: [{ layer: 0, kernelInit: 'heNormall' }] })).toThrow(sb.ValueError);
    // softmax on a hidden layer: the result must still be a valid spec.
    expect(() => sb.applyFix(spec, { text: '', layers: [{ layer: 0, activation: 'softmax' }] })).toThrow(/softmax/);
    expect(() => sb.applyFix(spec, { text: '', typo: 1 } as never)).toThrow(/typo/);
  });
});

describe('changedLayers: a fix never restates the setup', () => {
  const arch = parseSpec(spec).layers;

  it('drops what the layer already has, compared after normalizing', () => {
    // heNormal by name, by object and as { name, config } with the defaults: all the same as the layer's.
    for (const kernelInit of [{ name: 'heNormal', config: {} }, { name: 'heNormal', config: { negativeSlope: 0, mode: 'fanIn' } }]) {
      expect(changedLayers(arch, [{ layer: 0, kernelInit }])).toBeUndefined();
    }
    expect(changedLayers(arch, [{ layer: 1, activation: 'sigmoid' }])).toBeUndefined();
    // A change survives, and only the changed field.
    expect(changedLayers(arch, [{ layer: 0, kernelInit: { name: 'heNormal', config: {} }, biasInit: { name: 'zeros', config: {} } }])).toEqual([
      { layer: 0, biasInit: { name: 'zeros', config: {} } },
    ]);
  });

  it('keeps the spec’s own initializer for layers whose weights were set by hand', () => {
    expect(changedLayers(arch, [{ layer: 0, kernelInit: { name: 'heNormal', config: {} } }], { kernel: [0], bias: [] })).toEqual([
      { layer: 0, kernelInit: { name: 'heNormal', config: { negativeSlope: 0, mode: 'fanIn' } } },
    ]);
  });
});
