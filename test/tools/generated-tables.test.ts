// The generated tables in the repository equal what their generators in assembly/tools compute,
// bit for bit: the ziggurat tables of src/init/ziggurat-tables.ts and the erf/erfc constants of
// assembly/kernels/math.ts (re-derived where they can be; the fitted erfc tail is checked
// against its stated accuracy). No wasm involved.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZIG_F, ZIG_K, ZIG_R, ZIG_X } from '../../src/init/ziggurat-tables.js';
import { zigguratTables, zigguratTablesSource } from '../../assembly/tools/ziggurat-tables.mjs';
import {
  ERFC_TAIL_G_BITS,
  committedErfConstants,
  erfSeriesCoefficients,
  erfcTailCoefficients,
  erfcTailMap,
  erfcTailMaxRelError,
  ERFC_TAIL_STATED_ERROR,
} from '../../assembly/tools/erf-coefficients.mjs';

const bits = (a: ArrayLike<number>): string[] =>
  Array.from(a, (d) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, d);
    return v.getBigUint64(0).toString(16).padStart(16, '0');
  });

describe('ziggurat tables', () => {
  const t = zigguratTables();

  it('r, x, f and k equal the committed ones bit for bit', () => {
    expect(bits([t.r])).toEqual(bits([ZIG_R]));
    expect(bits(t.x)).toEqual(bits(ZIG_X));
    expect(bits(t.f)).toEqual(bits(ZIG_F));
    expect(Array.from(t.k)).toEqual(Array.from(ZIG_K));
  });

  it('the generator prints the committed file', () => {
    const committed = readFileSync(new URL('../../src/init/ziggurat-tables.ts', import.meta.url), 'utf8');
    expect(zigguratTablesSource(t)).toBe(committed);
  });
});

describe('erf and erfc constants of assembly/kernels/math.ts', () => {
  const mathTs = readFileSync(new URL('../../assembly/kernels/math.ts', import.meta.url), 'utf8');
  const committed = committedErfConstants(mathTs);

  it("erf's Maclaurin coefficients are 2/√π·(-1)^n/(n!(2n+1)) rounded to nearest", () => {
    expect(committed.erfSeries.length).toBe(11);
    expect(bits(committed.erfSeries)).toEqual(bits(erfSeriesCoefficients()));
  });

  it("erfc's argument map is the float64 chain the generator states", () => {
    const map = erfcTailMap();
    expect(bits([committed.tMid, committed.tInvHalf])).toEqual(bits([map.tMid, map.tInvHalf]));
  });

  it("erfc's fitted tail is the recorded fit and meets its stated 7e-11", () => {
    expect(committed.erfcTailG.length).toBe(12);
    expect(bits(committed.erfcTailG)).toEqual(bits(erfcTailCoefficients()));
    expect(ERFC_TAIL_G_BITS.length).toBe(12);
    const { maxRelError } = erfcTailMaxRelError();
    expect(maxRelError).toBeLessThan(ERFC_TAIL_STATED_ERROR);
    expect(maxRelError).toBeGreaterThan(1e-12); // the reference is being compared, not itself
  });
});
