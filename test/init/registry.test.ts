import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { ready } from '../../src/core/load.js';
import { fromConfig, init, initializerNames, randomStream, resolveInitializer, type Initializer } from '../../src/init/index.js';

beforeAll(async () => {
  await ready();
});

// One configured instance of every initializer, with non-default options where it has any.
const configured: Initializer[] = [
  init.zeros(),
  init.ones(),
  init.constant({ value: 0.5 }),
  init.randomNormal({ mean: 0.1, std: 0.2 }),
  init.randomUniform({ min: 0, max: 2 }),
  init.truncatedNormal({ mean: -1, std: 0.3, bound: 1.5 }),
  init.scaledNormal({ scale: 0.02 }),
  init.varianceScaling({ scale: 2, mode: 'fanAvg', distribution: 'uniform' }),
  init.glorotUniform({ gain: 5 / 3 }),
  init.glorotNormal({ gain: 0 }),
  init.heUniform({ mode: 'fanOut', negativeSlope: 0.2 }),
  init.heNormal({ gain: 1.1 }),
  init.lecunUniform({ gain: 2 }),
  init.lecunNormal(),
  init.orthogonal({ gain: 1.5 }),
  init.identity({ gain: 3 }),
  init.sparse({ sparsity: 0.25, std: 0.1 }),
  init.torchLinear(),
];

describe('registry', () => {
  it('init has every factory and fromConfig; the list covers the catalog', () => {
    expect([...initializerNames].sort()).toEqual(configured.map((i) => i.name).sort());
    for (const name of initializerNames) expect(typeof init[name]).toBe('function');
    expect(init.fromConfig).toBe(fromConfig);
  });

  it('resolves every name to the default-configured initializer (sparse needs its sparsity)', () => {
    for (const name of initializerNames) {
      if (name === 'sparse') {
        expect(() => resolveInitializer(name)).toThrow(/sparse: option sparsity is required/);
        continue;
      }
      const i = resolveInitializer(name);
      expect(i.name).toBe(name);
      expect(i.config).toEqual((init[name] as () => Initializer)().config);
    }
    expect(resolveInitializer('randomUniform').config).toEqual({ min: -0.05, max: 0.05 });
    expect(resolveInitializer('varianceScaling').config).toEqual({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' });
    expect(resolveInitializer('heNormal').config).toEqual({ mode: 'fanIn', negativeSlope: 0 });
  });

  it('returns an Initializer as is', () => {
    const i = init.glorotUniform();
    expect(resolveInitializer(i)).toBe(i);
  });

  it('rejects unknown names and malformed specs with ValueError', () => {
    expect(() => resolveInitializer('glorot_uniform')).toThrow(ValueError);
    expect(() => resolveInitializer('glorot_uniform')).toThrow(/unknown initializer "glorot_uniform" \(known: .*glorotUniform.*torchLinear\)/);
    expect(() => resolveInitializer(42 as never)).toThrow(/an initializer must be a name .* got number/);
    expect(() => resolveInitializer({ name: 'nope', config: {} })).toThrow(/unknown initializer "nope"/);
    expect(() => resolveInitializer({ name: 'x', sample: () => null } as never)).toThrow(/needs a string name, sample\(\) and sampleBias\(\)/);
    expect(() => fromConfig({ name: 'randomUniform', config: { minval: 0 } })).toThrow(/unknown option 'minval'/);
    expect(() => resolveInitializer('toString')).toThrow(/unknown initializer "toString"/);
  });

  it('configs are frozen copies', () => {
    const i = init.randomNormal({ std: 0.3 });
    expect(Object.isFrozen(i.config)).toBe(true);
    expect(() => {
      (i.config as Record<string, unknown>).std = 5;
    }).toThrow(TypeError);
  });
});

describe('{ name, config } round-trips', () => {
  for (const original of configured) {
    it(`${original.name} ${JSON.stringify(original.config)}`, () => {
      // Through JSON, as a saved network would store it.
      const saved = JSON.parse(JSON.stringify(original)) as { name: string; config: Record<string, unknown> };
      expect(saved).toEqual({ name: original.name, config: { ...original.config } });
      for (const rebuilt of [resolveInitializer(saved), fromConfig(saved), init.fromConfig(saved)]) {
        expect(rebuilt.name).toBe(original.name);
        expect(rebuilt.config).toEqual(original.config);
        const a = original.sample(7, 5, randomStream('rt')).data;
        const b = rebuilt.sample(7, 5, randomStream('rt')).data;
        expect(b).toEqual(a);
      }
    });
  }
});
