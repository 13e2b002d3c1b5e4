// The op codes the TypeScript side passes are the ones the AssemblyScript kernels switch on:
// read from the kernel source (ACT_* and MATH_* constants) and compared with the activation
// registry and the MATH table, both ways.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, ACTIVATION_NAMES } from '../../src/registry/activations.js';
import { MATH } from '../../src/kernels/activations.js';

const SOURCE = readFileSync(resolve(import.meta.dirname, '../../assembly/kernels/activations.ts'), 'utf8');

/** NAME -> code for every `export const PREFIX_NAME: i32 = code;` of the kernel file. */
function constants(prefix: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const m of SOURCE.matchAll(new RegExp(`^export const ${prefix}_(\\w+): i32 = (\\d+);`, 'gm'))) {
    found.set(m[1]!, Number(m[2]));
  }
  return found;
}

/** leakyRelu -> LEAKY_RELU */
const screaming = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

describe('op codes', () => {
  it('every elementwise activation of the registry has its ACT_ constant, and no other exists', () => {
    const act = constants('ACT');
    expect(act.size).toBeGreaterThanOrEqual(10);
    const fromRegistry = new Map<string, number>();
    for (const name of ACTIVATION_NAMES) {
      const op = ACTIVATIONS[name].op;
      if (op !== null) fromRegistry.set(screaming(name), op);
    }
    expect(Object.fromEntries(fromRegistry)).toEqual(Object.fromEntries(act));
  });

  it('the codes are distinct', () => {
    const codes = [...constants('ACT').values()];
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('MATH matches the MATH_ constants', () => {
    const math = constants('MATH');
    expect(math.size).toBe(6);
    expect(Object.fromEntries(Object.entries(MATH).map(([k, v]) => [screaming(k), v]))).toEqual(Object.fromEntries(math));
  });
});
