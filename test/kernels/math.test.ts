// The core's math library (assembly/kernels/math.ts) against float64: exp, expm1, log, log1p
// (Math.*), tanh (Math.tanh), the logistic function and erf/erfc (test/reference/activations.ts,
// itself checked against mpmath values below). Errors are measured in float32 ulps at the exact
// result (ulp32), over dense sweeps of each domain: evenly spaced values, and values evenly
// spaced in their bit patterns (so every binade, denormals included, is visited), plus the
// neighbourhoods of the overflow/underflow thresholds.
//
// Bounds (the measured worst case in brackets, printed by the tests):
//   exp <= 1 ulp [0.94]  expm1 <= 1.5 [1.42]  log <= 1 [0.80]  log1p <= 1.5 [1.43]
//   tanh <= 1.5 [1.29]   sigmoid <= 1.5 [1.45]  erf, erfc <= 0.502 [0.501]
// (in brackets: the worst over every 101st float32 of the domain, both signs; these sweeps
// are smaller)
// erf/erfc are evaluated in float64 inside the core and rounded once: 0.5 ulp for the rounding
// plus 2^24 times the 7e-11 relative error of their float64 approximation.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { memory } from '../../src/core/heap.js';
import type { F32Buffer } from '../../src/core/buffer.js';
import { activation, math, MATH, type MathName } from '../../src/kernels/activations.js';
import { ACTIVATIONS } from '../../src/registry/activations.js';
import * as ref from '../reference/activations.js';
import { bits, expectPositionIndependent, SIZES, withGuardedF32, grid, concat } from '../support/kernel-tester.js';

type Fn = MathName | 'tanh' | 'sigmoid';

beforeAll(async () => {
  await ready();
});

/** y = fn(x) over n floats with the core's kernel (tanh and sigmoid: their activation kernels). */
function kernel(fn: Fn, x: F32Buffer, y: F32Buffer, n: number): void {
  if (fn === 'tanh' || fn === 'sigmoid') activation(ACTIVATIONS[fn].op, x, y, n, 0);
  else math(MATH[fn], x, y, n);
}

/** Runs one of the core's math functions over xs (fresh guarded buffers, freed after). */
function run(fn: Fn, xs: Float32Array): Float32Array {
  const n = xs.length;
  let out: Float32Array = new Float32Array(0);
  withGuardedF32([n, n], (x, y) => {
    x.write(xs);
    kernel(fn, x, y, n);
    out = y.read();
  });
  return out;
}

const REF: Record<Fn, (x: number) => number> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sigmoid: ref.sigmoid,
  erf: ref.erf,
  erfc: ref.erfc,
};

interface Worst {
  ulps: number;
  x: number;
  got: number;
  want: number;
}

/**
 * The worst error in ulps of `fn` over xs. Where the exact result is NaN the core must give NaN,
 * and where it rounds to ±Infinity in float32 the core must give exactly that: a mismatch there
 * counts as an infinite error.
 */
/**
 * exp flushes x < -87.3365 (assembly/kernels/math.ts), where e^x < FLT_MIN·1.00005, to 0, and
 * sigmoid with it.
 */
const FLT_MIN = 2 ** -126;
const FLUSH_BELOW = FLT_MIN * 1.00005;
const FLUSHED = new Set<Fn>(['exp', 'sigmoid']);

function worst(fn: Fn, xs: Float32Array): Worst {
  const ys = run(fn, xs);
  const f = REF[fn];
  let w: Worst = { ulps: 0, x: NaN, got: NaN, want: NaN };
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const e = f(x);
    const y = ys[i]!;
    let u: number;
    if (Number.isNaN(e)) u = Number.isNaN(y) ? 0 : Infinity;
    else if (!Number.isFinite(Math.fround(e))) u = y === Math.fround(e) ? 0 : Infinity;
    else if (FLUSHED.has(fn) && Math.abs(e) < FLUSH_BELOW && y === 0) u = 0; // see FLUSHED
    else u = Number.isNaN(y) ? Infinity : Math.abs(y - e) / ref.ulp32(e);
    if (u > w.ulps || (u === Infinity && w.ulps !== Infinity)) w = { ulps: u, x, got: y, want: e };
  }
  return w;
}

/** n values evenly spaced over [lo, hi] (rounded to float32). */

/** Every float32 within `k` ulps of x. */
function around(x: number, k: number): Float32Array {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  const out = new Uint32Array(2 * k + 1);
  for (let i = -k; i <= k; i++) out[i + k] = u[0]! + i;
  return new Float32Array(out.buffer);
}


const MAX = 3.4028234663852886e38;
const MIN_DENORMAL = 2 ** -149;

const SWEEPS: Record<Fn, { bound: number; xs: () => Float32Array }> = {
  exp: {
    bound: 1,
    xs: () =>
      concat(
        grid(-110, 95, 400_001),
        bits(MIN_DENORMAL, 110, 300_000),
        bits(-MIN_DENORMAL, -110, 300_000),
        around(88.72283935546875, 3000),
        around(-87.33654, 3000), // the normal/denormal boundary
        around(-103.972, 3000), // the underflow to 0
      ),
  },
  expm1: {
    bound: 1.5,
    xs: () =>
      concat(
        grid(-110, 95, 400_001),
        grid(-1, 1, 200_001),
        bits(MIN_DENORMAL, 110, 300_000),
        bits(-MIN_DENORMAL, -110, 300_000),
        around(88.72283935546875, 3000),
      ),
  },
  log: {
    bound: 1,
    xs: () => concat(bits(MIN_DENORMAL, MAX, 600_000), grid(0.5, 2, 300_001), grid(1 - 1e-3, 1 + 1e-3, 100_001)),
  },
  log1p: {
    bound: 1.5,
    xs: () =>
      concat(
        grid(-1, 1, 400_001),
        bits(MIN_DENORMAL, MAX, 400_000),
        bits(-MIN_DENORMAL, -0.99999994, 400_000),
      ),
  },
  tanh: {
    bound: 1.5,
    xs: () => concat(grid(-12, 12, 400_001), bits(MIN_DENORMAL, 20, 300_000), bits(-MIN_DENORMAL, -20, 300_000)),
  },
  sigmoid: {
    bound: 1.5,
    xs: () => concat(grid(-110, 110, 400_001), bits(MIN_DENORMAL, 110, 300_000), bits(-MIN_DENORMAL, -110, 300_000)),
  },
  erf: {
    bound: 0.502,
    xs: () => concat(grid(-12, 12, 300_001), bits(MIN_DENORMAL, 12, 200_000), bits(-MIN_DENORMAL, -12, 200_000)),
  },
  erfc: {
    bound: 0.502,
    xs: () => concat(grid(-12, 12, 300_001), bits(MIN_DENORMAL, 11, 200_000), bits(-MIN_DENORMAL, -11, 200_000)),
  },
};

describe('accuracy over dense sweeps (ulps of float32 at the exact result)', () => {
  for (const [fn, { bound, xs }] of Object.entries(SWEEPS) as [Fn, (typeof SWEEPS)[Fn]][]) {
    it(`${fn}: <= ${bound} ulp`, () => {
      const w = worst(fn, xs());
      console.log(`${fn}: worst ${w.ulps.toFixed(3)} ulp at x = ${w.x} (got ${w.got}, exact ${w.want})`);
      expect(w.ulps, `${fn}(${w.x}) = ${w.got}, exact ${w.want}`).toBeLessThanOrEqual(bound);
    });
  }
});

/** Bitwise check of special cases, [x, expected] (Object.is: -0 differs from +0, NaN equals NaN). */
function special(fn: Fn, cases: [number, number][]): void {
  const ys = run(fn, Float32Array.from(cases.map((c) => c[0])));
  cases.forEach(([x, want], i) => {
    expect(Object.is(ys[i], Math.fround(want)), `${fn}(${x}) = ${ys[i]}, expected ${want}`).toBe(true);
  });
}

describe('special values (C99 Annex F)', () => {
  it('exp: overflow to Inf above ln(FLT_MAX), flushed to 0 below FLT_MIN (x < -87.3365), NaN -> NaN', () => {
    special('exp', [
      [0, 1],
      [-0, 1],
      [88.72283172607422, Math.exp(88.72283172607422)], // the largest x with a finite result
      [88.72283935546875, Infinity],
      [89, Infinity],
      [1e4, Infinity],
      [Infinity, Infinity],
      [-87.3365, Math.exp(-87.33650207519531)], // the smallest x not flushed: FLT_MIN·1.00004
      [-87.33651, 0], // e^x < FLT_MIN: flushed
      [-103, 0],
      [-104, 0],
      [-1e4, 0],
      [-Infinity, 0],
      [NaN, NaN],
    ]);
    const ys = run('exp', Float32Array.from([-103, -100, -90, -87.34]));
    for (const y of ys) expect(y).toBe(0);
    expect(run('exp', Float32Array.from([-87.3365]))[0]).toBeGreaterThanOrEqual(FLT_MIN);
  });

  it('expm1: ±0 -> ±0, tiny x -> x, -Inf -> -1, overflow to Inf', () => {
    special('expm1', [
      [0, 0],
      [-0, -0],
      [1e-30, 1e-30],
      [-1e-30, -1e-30],
      [MIN_DENORMAL, MIN_DENORMAL],
      [-20, -1],
      [-Infinity, -1],
      [88.5, Math.expm1(88.5)],
      [88.72283935546875, Infinity],
      [Infinity, Infinity],
      [NaN, NaN],
    ]);
  });

  it('log: log(±0) = -Inf, log(x < 0) = NaN, log(1) = 0, log(+Inf) = +Inf, denormals', () => {
    special('log', [
      [0, -Infinity],
      [-0, -Infinity],
      [-1, NaN],
      [-MIN_DENORMAL, NaN],
      [-Infinity, NaN],
      [1, 0],
      [Infinity, Infinity],
      [MIN_DENORMAL, Math.log(MIN_DENORMAL)],
      [MAX, Math.log(MAX)],
      [NaN, NaN],
    ]);
  });

  it('log1p: log1p(-1) = -Inf, x < -1 -> NaN, tiny x -> x, +Inf -> +Inf', () => {
    special('log1p', [
      [0, 0],
      [-1, -Infinity],
      [-2, NaN],
      [1e-30, 1e-30],
      [-1e-30, -1e-30],
      [Infinity, Infinity],
      [NaN, NaN],
    ]);
  });

  it('tanh: ±1 exactly for large |x|, odd (tanh(-0) = -0), NaN -> NaN', () => {
    special('tanh', [
      [0, 0],
      [-0, -0],
      [9.1, 1],
      [-9.1, -1],
      [30, 1],
      [-30, -1],
      [1e4, 1],
      [-1e4, -1],
      [MAX, 1],
      [Infinity, 1],
      [-Infinity, -1],
      [1e-30, 1e-30],
      [NaN, NaN],
    ]);
  });

  it('sigmoid: saturates to exactly 1 and 0 without NaN', () => {
    special('sigmoid', [
      [0, 0.5],
      [-0, 0.5],
      [17.5, 1],
      [88, 1],
      [1e4, 1],
      [Infinity, 1],
      [-87, ref.sigmoid(-87)],
      [-88, 0], // e^-88 < FLT_MIN is flushed by exp
      [-104, 0],
      [-1e4, 0],
      [-Infinity, 0],
      [NaN, NaN],
    ]);
  });

  it('erf and erfc: limits, odd erf, erfc underflow, NaN -> NaN', () => {
    special('erf', [
      [0, 0],
      [-0, -0],
      [1e-30, ref.erf(1e-30)],
      [6, 1],
      [-6, -1],
      [1e4, 1],
      [Infinity, 1],
      [-Infinity, -1],
      [NaN, NaN],
    ]);
    special('erfc', [
      [0, 1],
      [10, ref.erfc(10)], // a denormal
      [10.1, 0],
      [11, 0],
      [1e4, 0],
      [Infinity, 0],
      [-6, 2],
      [-Infinity, 2],
      [NaN, NaN],
    ]);
  });
});

describe('the float64 erf reference', () => {
  it('matches mpmath (30 digits) to 1e-13', () => {
    // [x, erf(x), erfc(x)] from mpmath.erf / mpmath.erfc with mp.dps = 30.
    const cases: [number, number, number][] = [
      [1e-5, 1.1283791670578999e-5, 0.9999887162083294],
      [0.5, 0.5204998778130465, 0.4795001221869535],
      [1, 0.8427007929497149, 0.15729920705028513],
      [-1.5, -0.9661051464753108, 1.9661051464753108],
      [2.5, 0.999593047982555, 0.0004069520174449589],
      [3, 0.9999779095030014, 2.209049699858544e-5],
      [5, 0.9999999999984626, 1.537459794428035e-12],
      [10, 1, 2.088487583762545e-45],
    ];
    for (const [x, e, ec] of cases) {
      expect(Math.abs(ref.erf(x) - e)).toBeLessThanOrEqual(1e-13 * Math.abs(e));
      expect(Math.abs(ref.erfc(x) - ec)).toBeLessThanOrEqual(1e-13 * ec);
    }
  });
});

describe('position independence and in-place use', () => {
  const values = Float32Array.from([0.3, -2.5, 7.25, 1e-20, -80, 88.5, 0.6931472, -0.3]);
  for (const fn of Object.keys(SWEEPS) as Fn[]) {
    it(`${fn}: a value gives the same bits at any index of any length, and at any alignment`, () => {
      const single = run(fn, values); // values at indices 0..7 of a length-8 array
      for (const n of SIZES) {
        for (let v = 0; v < values.length; v++) {
          const xs = new Float32Array(n).fill(0.5);
          const at = (v * 7919) % n;
          xs[at] = values[v]!;
          const ys = run(fn, xs);
          expect(Object.is(ys[at], single[v]), `${fn}: value ${values[v]} at ${at} of ${n}`).toBe(true);
        }
      }
      expectPositionIndependent(values, values.length, (x, y) => kernel(fn, x, y, values.length), fn);
    });
  }

  it('y may be x', () => {
    const n = 11;
    const xs = grid(0.1, 3, n);
    const want = run('log', xs);
    withGuardedF32([n], (x) => {
      x.write(xs);
      math(MATH.log, x, x, n);
      expect(Array.from(x.read())).toEqual(Array.from(want));
    });
    expect(memory().liveBuffers).toBe(0);
  });

  it('the shared sizes include every size this file tested before', () => {
    for (const n of [1, 3, 5, 9, 17, 1000]) expect(SIZES).toContain(n);
  });
});
