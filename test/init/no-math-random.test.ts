// Math.random is never used: every draw comes from a seeded stream.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ready } from '../../src/core/load.js';
import { calculateGain, init, initializerNames, randomStream, resolveInitializer, type Initializer } from '../../src/init/index.js';

describe('Math.random', () => {
  const spy = vi.spyOn(Math, 'random');
  beforeAll(async () => {
    await ready();
    spy.mockImplementation(() => {
      throw new Error('Math.random was called');
    });
  });
  afterAll(() => {
    spy.mockRestore();
  });

  it('is never called by any initializer, stream or gain', () => {
    const rng = randomStream('no-math-random');
    const all: Initializer[] = initializerNames.map((name) =>
      name === 'sparse' ? init.sparse({ sparsity: 0.3 }) : resolveInitializer(name),
    );
    for (const i of all) {
      for (const [fanIn, fanOut] of [[1, 1], [3, 5], [40, 17]] as const) i.sample(fanIn, fanOut, rng.child(i.name));
      if (i.name !== 'orthogonal' && i.name !== 'identity') i.sampleBias(9, 4, rng);
    }
    const s = randomStream(0);
    s.uint32();
    s.uniform();
    s.normal();
    s.child('x').normal();
    calculateGain('gelu');
    calculateGain('elu', 0.5);
    expect(spy).not.toHaveBeenCalled();
  });

  it('the spy is live (the test above would have caught a call)', () => {
    expect(() => Math.random()).toThrow('Math.random was called');
    spy.mockClear();
  });
});
