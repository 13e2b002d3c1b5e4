// The activation kernels against their float64 references (test/reference/activations.ts).
//
// Bounds: |core - exact| <= K·ulp32(exact) + A, with K in float32 ulps at the exact result
// (relative, where the function is well conditioned) and A absolute (only where the result
// passes through zero with a nonzero slope: gelu' at x ≈ -0.7518). The measured worst case is
// printed by each test; K is the proven or measured bound of the math it uses (math.test.ts):
//   linear, relu, relu', leakyRelu' exact; leakyRelu 0.5 (one product)
//   sigmoid 1.5 [1.45] (float32 exp, the quotient in float64); softplus' = sigmoid
//   (the core's exp flushes results below FLT_MIN to 0, so σ, σ', tanh', softplus' and elu'
//   are allowed an absolute (alpha·)2^-126 where the exact value is that small)
//   tanh 1.5 [1.29] (float32)
//   sigmoid', tanh' 1.5 (float32 exp, then float64 rounded once); softplus 0.501 [0.500]
//   gelu, gelu' 0.502 [0.5011] (float64, with the 7e-11 relative error of its erfc), gelu'
//   A = 1e-10 [6.5e-11] near its zero
//   elu: alpha = 1: 1.5 [0.83] (float32 expm1), elu' 1 [0.94] (exp); other alpha: a product
//   more, 2K + 0.5 [1.75, 1.65]
//   selu, selu' 2.5 (elu's path times scale; selu' also the flush allowance scale·alpha·2^-126);
//   silu, silu' 2: stated bounds, in NEW_KERNEL_BOUNDS below
// (worst cases in brackets: every 101st float32 of the domain, both signs)
// The backward kernels must equal fl(dy·f'(z)) of the derivative kernel bit for bit, and
// therefore lie within |dy|·(K·ulp32(f'(z)) + A) + 0.5·ulp32(dy·f'(z)) of dy·f'(z).
// Derivatives are also checked against central differences of the float64 forward reference.
// Every kernel runs on buffers from the shared tester (test/support/kernel-tester.ts), each
// followed by guard values: a store past n fails the test that made it.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { memory } from '../../src/core/heap.js';
import type { F32Buffer } from '../../src/core/buffer.js';
import { Tensor, tensor } from '../../src/core/tensor.js';
import type { Matrix } from '../../src/util/matrix.js';
import { DisposedError, ShapeError, ValueError } from '../../src/errors.js';
import * as act from '../../src/kernels/activations.js';
import { activationOps as ops } from '../../src/ops/activations.js';
import {
  ACTIVATIONS,
  ELEMENTWISE_ACTIVATIONS,
  activationInfo,
  infoOf,
  type ElementwiseActivation,
} from '../../src/registry/activations.js';
import { parseActivation } from '../../src/nn/activation.js';
import * as ref from '../reference/activations.js';
import { testData } from '../support/compare.js';
import { bits, mat, SIZES, withGuardedF32, grid, concat } from '../support/kernel-tester.js';

beforeAll(async () => {
  await ready();
});

const U = 2 ** -24;

// ---- running the kernels on plain arrays ----

/** withGuardedF32 that hands back what fn returns. */
function guarded<T>(lengths: number[], fn: (...b: F32Buffer[]) => T): T {
  const box: T[] = [];
  withGuardedF32(lengths, (...b) => box.push(fn(...b)));
  return box[0]!;
}

/** The alpha a kernel call gets: the one given, else the registry's default (0 without one). */
function alphaOf(name: ElementwiseActivation, alpha?: number): number {
  return alpha ?? infoOf(name).alpha?.default ?? 0;
}

function forward(name: ElementwiseActivation, xs: Float32Array, alpha?: number): Float32Array {
  return guarded([xs.length, xs.length], (x, y) => {
    x.write(xs);
    act.activation(ACTIVATIONS[name].op, x, y, xs.length, alphaOf(name, alpha));
    return y.read();
  });
}

function grad(name: ElementwiseActivation, xs: Float32Array, alpha?: number): Float32Array {
  return guarded([xs.length, xs.length], (x, y) => {
    x.write(xs);
    act.activationGrad(ACTIVATIONS[name].op, x, y, xs.length, alphaOf(name, alpha));
    return y.read();
  });
}

function backward(name: ElementwiseActivation, zs: Float32Array, dys: Float32Array, alpha?: number): Float32Array {
  const n = zs.length;
  return guarded([n, n, n], (z, dy, dz) => {
    z.write(zs);
    dy.write(dys);
    act.activationBackward(ACTIVATIONS[name].op, z, dy, dz, n, alphaOf(name, alpha));
    return dz.read();
  });
}

// ---- inputs ----

const SPECIAL = [
  0, -0, 1e-40, -1e-40, 1e-30, -1e-30, 1e-7, -1e-7, 1e-3, -1e-3, 0.5, -0.5, 0.75, -0.75, -0.7517916, 1, -1, 2,
  -2, 5, -5, 9.1, -9.1, 10, -10, 17.5, -17.5, 20, -20, 30, -30, 50, -50, 88, -88, 88.7, -88.7, 89, -89, 100, -100,
  104, -104, 1e4, -1e4, 3e38, -3e38,
];



/** The dense sweep: special values, a fine grid over [-20, 20], and every binade to ±1e5. */
const SWEEP = concat(SPECIAL, grid(-20, 20, 40_001), bits(1e-38, 1e5, 30_000), bits(-1e-38, -1e5, 30_000));

it('the shared sizes include every size this file tested before', () => {
  for (const n of [1, 3, 4, 5, 7, 8, 9, 17, 33, 1000]) expect(SIZES).toContain(n);
});

// ---- bounds ----

interface Bound {
  k: number;
  abs: number;
}

interface Bounds {
  f: Bound;
  grad: Bound;
}

const FLT_MIN = 2 ** -126;

/** selu and silu: the accuracy assembly/kernels/activations.ts states for them. */
const NEW_KERNEL_BOUNDS: Record<'selu' | 'silu', Bounds> = {
  selu: {
    // scale·x (1.06 ulp), or scale·alpha·expm1(x) (1.62 ulp): elu's path times scale.
    f: { k: 1.62, abs: 0 },
    // scale·alpha·e^x for x <= 0 (1.72 ulp): the core's exp flushes e^x < FLT_MIN to 0 (as for elu').
    grad: { k: 1.72, abs: ref.SELU_SCALE * ref.SELU_ALPHA * FLT_MIN },
  },
  // x·σ(x) and σ(x)(1 + x·σ(-x)), in float64 and rounded once: 0.502 ulp, and silu' an absolute
  // 1e-16 next to its zero at x = -1.2785 (where the relative bound means nothing).
  silu: {
    f: { k: 0.502, abs: 0 },
    grad: { k: 0.502, abs: 1e-16 },
  },
};

/** The bounds of f and f' for an activation with the given alpha (see the header). */
function bounds(name: ElementwiseActivation, alpha: number): Bounds {
  const product = (k: number): number => (alpha === 1 ? k : 2 * k + 0.5);
  switch (name) {
    case 'linear':
    case 'relu':
      return { f: { k: 0, abs: 0 }, grad: { k: 0, abs: 0 } };
    case 'leakyRelu':
      return { f: { k: 0.5, abs: 0 }, grad: { k: 0, abs: 0 } };
    // σ' and tanh' take e = e^{-|x|} (e^{-2|x|}) from the float32 exp (<= 1 ulp), the rest in
    // float64 rounded once: 1.5 ulp; flushed to 0 where e would be a float32 denormal, an
    // absolute error below scale·2^-126.
    case 'sigmoid':
      return { f: { k: 1.5, abs: 2 ** -126 }, grad: { k: 1.5, abs: 2 ** -126 } };
    case 'tanh':
      return { f: { k: 1.5, abs: 0 }, grad: { k: 1.5, abs: 4 * 2 ** -126 } };
    case 'elu':
      // elu' = alpha·e^x for x < 0: the core's exp flushes e^x < FLT_MIN to 0.
      return { f: { k: product(1.5), abs: 0 }, grad: { k: product(1), abs: Math.max(alpha, 1) * 2 ** -126 } };
    case 'gelu':
      return { f: { k: 0.502, abs: 0 }, grad: { k: 0.502, abs: 1e-10 } };
    case 'softplus':
      return { f: { k: 0.501, abs: 0 }, grad: { k: 1.5, abs: 2 ** -126 } }; // softplus' = σ
    case 'selu':
    case 'silu':
      return NEW_KERNEL_BOUNDS[name];
  }
}

/**
 * Checks |actual - exact| <= k·ulp32(exact) + abs elementwise and returns the worst error in
 * units of the bound. Exact NaN requires NaN; an exact value that is ±Infinity in float32
 * requires exactly that; a NaN where a number is expected always fails.
 */
function check(
  actual: Float32Array,
  xs: Float32Array,
  exact: (i: number) => number,
  b: Bound,
  what: string,
  boundAt?: (i: number, e: number) => number,
): number {
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = exact(i);
    const a = actual[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`${what}(${xs[i]}): got ${a}, expected NaN`);
      continue;
    }
    if (!Number.isFinite(Math.fround(e))) {
      if (a !== Math.fround(e)) throw new Error(`${what}(${xs[i]}): got ${a}, expected ${Math.fround(e)}`);
      continue;
    }
    const bound = boundAt ? boundAt(i, e) : b.k * ref.ulp32(e) + b.abs;
    const err = Math.abs(a - e);
    if (!(err <= bound)) {
      throw new Error(`${what}(${xs[i]}) at index ${i}: got ${a}, exact ${e} (error ${err}, bound ${bound})`);
    }
    // In ulps, past the absolute allowance (which covers values flushed to 0 below FLT_MIN).
    if (bound > 0) worst = Math.max(worst, Math.max(0, err - (boundAt ? 0 : b.abs)) / ref.ulp32(e));
  }
  return worst;
}

/** The alphas each activation is tested with (the kernel sees alpha rounded to float32). */
const ALPHAS: Record<ElementwiseActivation, (number | undefined)[]> = {
  linear: [undefined],
  sigmoid: [undefined],
  tanh: [undefined],
  relu: [undefined],
  leakyRelu: [undefined, 0.2, 0.3],
  elu: [undefined, 0.3, 1.7],
  gelu: [undefined],
  softplus: [undefined],
  selu: [undefined],
  silu: [undefined],
};

function refAlpha(name: ElementwiseActivation, alpha: number | undefined): number {
  return Math.fround(alphaOf(name, alpha));
}

// ---- the tests ----

describe('forward, derivative and backward against the float64 reference', () => {
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    for (const alpha of ALPHAS[name]) {
      const label = alpha === undefined ? name : `${name} (alpha ${alpha})`;
      const al = refAlpha(name, alpha);
      const b = bounds(name, al);
      const r = ref.activationReference[name];

      it(`${label}: forward over the dense sweep and at sizes ${SIZES.join(', ')}`, () => {
        const y = forward(name, SWEEP, alpha);
        const worst = check(y, SWEEP, (i) => r.f(SWEEP[i]!, al), b.f, name);
        console.log(`${label}: worst forward error ${worst.toFixed(3)} ulp over ${SWEEP.length} values`);
        for (const n of SIZES) {
          const xs = concat(testData(n, n + 7, -12, 12));
          xs.set(SPECIAL.slice(0, Math.min(n, SPECIAL.length)).map((v, j) => (j % 3 === 0 ? v : xs[j]!)));
          check(forward(name, xs, alpha), xs, (i) => r.f(xs[i]!, al), b.f, `${name}[n=${n}]`);
        }
      });

      it(`${label}: derivative over the dense sweep and at every size`, () => {
        const g = grad(name, SWEEP, alpha);
        const worst = check(g, SWEEP, (i) => r.grad(SWEEP[i]!, al), b.grad, `${name}'`);
        console.log(`${label}: worst derivative error ${worst.toFixed(3)} ulp`);
        for (const n of SIZES) {
          const xs = testData(n, n + 11, -12, 12);
          check(grad(name, xs, alpha), xs, (i) => r.grad(xs[i]!, al), b.grad, `${name}'[n=${n}]`);
        }
      });

      it(`${label}: backward is fl(dy·f'(z)) bit for bit, and within its bound of dy·f'(z)`, () => {
        for (const n of [...SIZES, SWEEP.length]) {
          const zs = n === SWEEP.length ? SWEEP : testData(n, n + 13, -12, 12);
          const dys = testData(n, n + 17, -3, 3);
          dys[0] = 1;
          const dz = backward(name, zs, dys, alpha);
          const g = grad(name, zs, alpha);
          for (let i = 0; i < n; i++) {
            const want = Math.fround(dys[i]! * g[i]!);
            if (!Object.is(dz[i], want)) throw new Error(`${name} backward[${i}] (z ${zs[i]}): ${dz[i]} != fl(dy·f') = ${want}`);
          }
          // |dy|·(f''s bound) for the derivative, 0.5 ulp for the product (<= (2K + 0.5) ulp of
          // the product for normal numbers; stated this way it also holds for denormals).
          const gb = (i: number): number => {
            const g = r.grad(zs[i]!, al);
            return Math.abs(dys[i]!) * (b.grad.k * ref.ulp32(g) + b.grad.abs) + 0.5 * ref.ulp32(dys[i]! * g);
          };
          check(dz, zs, (i) => dys[i]! * r.grad(zs[i]!, al), b.grad, `${name} backward`, gb);
        }
      });
    }
  }
});

describe('derivatives against central differences of the float64 forward', () => {
  // (f(x + h) - f(x - h))/2h with h = 1e-4: truncation h²|f'''|/6 ~ 1e-9 here. Kinks at 0
  // (relu, leakyRelu, elu with alpha != 1, selu) are skipped within 1e-2 of them.
  const xs = concat(grid(-8, 8, 1601), [-0.7517916, 0.25, -3.3]);
  const h = 1e-4;
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    for (const alpha of ALPHAS[name]) {
      it(`${name}${alpha === undefined ? '' : ` (alpha ${alpha})`}: relative error < 1e-3`, () => {
        const al = refAlpha(name, alpha);
        const f = ref.activationReference[name].f;
        const g = grad(name, xs, alpha);
        let checked = 0;
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i]!;
          if (['relu', 'leakyRelu', 'elu', 'selu'].includes(name) && Math.abs(x) < 1e-2) continue;
          const fd = (f(x + h, al) - f(x - h, al)) / (2 * h);
          // 1e-7 absolute where the derivative itself crosses zero (gelu' at -0.7518).
          expect(Math.abs(g[i]! - fd), `${name}'(${x}) = ${g[i]}, central difference ${fd}`).toBeLessThanOrEqual(
            1e-3 * Math.abs(fd) + 1e-7,
          );
          checked++;
        }
        expect(checked).toBeGreaterThan(1500);
      });
    }
  }
});

describe('conventions and extremes', () => {
  const fwd = (name: ElementwiseActivation, x: number, alpha?: number): number => forward(name, Float32Array.of(x), alpha)[0]!;
  const der = (name: ElementwiseActivation, x: number, alpha?: number): number => grad(name, Float32Array.of(x), alpha)[0]!;

  it("kinks: relu'(0) = 0, leakyRelu'(0) = alpha, elu'(0) = alpha", () => {
    expect(der('relu', 0)).toBe(0);
    expect(der('relu', -0)).toBe(0);
    expect(der('leakyRelu', 0)).toBe(Math.fround(0.01));
    expect(der('leakyRelu', 0, 0.2)).toBe(Math.fround(0.2));
    expect(der('elu', 0)).toBe(1);
    expect(der('elu', 0, 0.3)).toBe(Math.fround(0.3));
    expect(Object.is(fwd('relu', -0), 0)).toBe(true); // max(-0, 0) = +0
  });

  it('sigmoid saturates to exactly 0 and 1, its derivative to 0, never NaN', () => {
    expect(fwd('sigmoid', 17.5)).toBe(1);
    expect(fwd('sigmoid', 1e4)).toBe(1);
    expect(fwd('sigmoid', -104)).toBe(0);
    expect(fwd('sigmoid', -1e4)).toBe(0);
    expect(fwd('sigmoid', Infinity)).toBe(1);
    expect(fwd('sigmoid', -Infinity)).toBe(0);
    expect(der('sigmoid', 1e4)).toBe(0);
    expect(der('sigmoid', -1e4)).toBe(0);
    expect(der('sigmoid', Infinity)).toBe(0);
    // Where σ rounds to 1 the derivative is still accurate, not 0 as σ(1 - σ) would give.
    const s20 = ref.sigmoidGrad(20);
    expect(Math.abs(der('sigmoid', 20) - s20)).toBeLessThanOrEqual(1.5 * ref.ulp32(s20));
  });

  it("tanh is ±1 exactly and tanh' finite and tiny for large |z|", () => {
    expect(fwd('tanh', 30)).toBe(1);
    expect(fwd('tanh', -30)).toBe(-1);
    // tanh'(±30) = 4e^-60 ≈ 3.5e-26 is representable in float32: the core returns it (1 - tanh²
    // would return 0); beyond |z| ≈ 52 it underflows to 0. Never NaN.
    const t30 = ref.tanhGrad(30);
    expect(Math.abs(der('tanh', 30) - t30)).toBeLessThanOrEqual(4 * ref.ulp32(t30));
    expect(der('tanh', -30)).toBe(der('tanh', 30));
    expect(der('tanh', 60)).toBe(0);
    expect(der('tanh', 1e4)).toBe(0);
    expect(der('tanh', Infinity)).toBe(0);
    expect(der('tanh', -Infinity)).toBe(0);
  });

  it('the limits at ±Infinity are finite where the function has one', () => {
    expect(fwd('elu', -Infinity)).toBe(-1);
    expect(fwd('elu', -Infinity, 0.3)).toBe(Math.fround(-0.3));
    expect(der('elu', -Infinity)).toBe(0);
    expect(fwd('softplus', -Infinity)).toBe(0);
    expect(fwd('softplus', Infinity)).toBe(Infinity);
    expect(fwd('softplus', 1e4)).toBe(1e4);
    expect(Object.is(fwd('gelu', -Infinity), -0)).toBe(true);
    expect(fwd('gelu', Infinity)).toBe(Infinity);
    expect(der('gelu', Infinity)).toBe(1);
    expect(der('gelu', -Infinity)).toBe(-0); // the limit from below: gelu' < 0 for x < -0.7518
    expect(fwd('gelu', 1e4)).toBe(1e4);
    expect(Object.is(fwd('gelu', -1e4), -0)).toBe(true);
    expect(fwd('leakyRelu', -Infinity)).toBe(-Infinity);
  });

  // selu and silu, the newest kernels, have their own tests (not lines in the ones above), so a
  // failure in one of them is not reported as one in the activations before them.
  const near = (got: number, exact: number, k: number, what: string): void => {
    expect(Math.abs(got - exact), `${what}: ${got} vs ${exact}`).toBeLessThanOrEqual(k * ref.ulp32(exact));
  };

  it("selu: the x > 0 branch is strict (selu'(0) = scale·alpha, not scale); its limits at ±Infinity", () => {
    const b = NEW_KERNEL_BOUNDS.selu;
    near(der('selu', 0), ref.seluGrad(0), b.grad.k, "selu'(0)");
    near(der('selu', -0), ref.seluGrad(0), b.grad.k, "selu'(-0)");
    expect(Object.is(fwd('selu', 0), 0)).toBe(true); // scale·alpha·expm1(0) = +0
    near(fwd('selu', -Infinity), -ref.SELU_SCALE * ref.SELU_ALPHA, b.f.k, 'selu(-Infinity)');
    expect(der('selu', -Infinity)).toBe(0);
    expect(fwd('selu', Infinity)).toBe(Infinity);
    near(der('selu', Infinity), ref.SELU_SCALE, b.grad.k, "selu'(Infinity)");
    near(fwd('selu', 1e4), ref.SELU_SCALE * 1e4, b.f.k, 'selu(1e4)');
  });

  it('silu: finite limits at ±Infinity, never NaN (x·σ(x) would give -Infinity·0 there)', () => {
    expect(Object.is(fwd('silu', -Infinity), -0)).toBe(true);
    expect(fwd('silu', Infinity)).toBe(Infinity);
    expect(der('silu', Infinity)).toBe(1);
    expect(Math.abs(der('silu', -Infinity))).toBe(0);
    expect(fwd('silu', 1e4)).toBe(1e4);
    expect(Object.is(fwd('silu', -1e4), -0)).toBe(true);
    expect(Object.is(fwd('silu', 0), 0)).toBe(true);
    expect(der('silu', 0)).toBe(0.5); // σ(0)(1 + 0) exactly
  });

  it('matches known values (mpmath, 30 digits) for gelu', () => {
    const cases: [number, number, number][] = [
      [-0.5, -0.15426876936299344, 0.13250487534383715],
      [1, 0.8413447460685429, 1.0833154705876864],
      [-3, -0.0040496940948902835, -0.011945647204183927],
      [-8, -4.976768459417427e-15, -3.979607261086796e-14],
      [2, 1.9544997361036416, 1.085231801078197],
    ];
    for (const [x, g, dg] of cases) {
      expect(fwd('gelu', x)).toBe(Math.fround(g));
      expect(der('gelu', x)).toBe(Math.fround(dg));
    }
  });

  // One test per activation, so that one kernel's failure does not hide another's.
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    it(`${name}: NaN in gives NaN out, and only there`, () => {
      const xs = Float32Array.from([1, NaN, -2, 0.5, NaN]);
      for (const out of [forward(name, xs), grad(name, xs), backward(name, xs, Float32Array.from([1, 1, 1, 1, 1]))]) {
        expect(out.map((v) => (Number.isNaN(v) ? 1 : 0))).toEqual(Float32Array.from([0, 1, 0, 0, 1]));
      }
      // a NaN gradient flowing back stays NaN
      const dz = backward(name, Float32Array.from([1, -1, 2]), Float32Array.from([NaN, 1, 1]));
      expect(Number.isNaN(dz[0]!)).toBe(true);
      expect(Number.isNaN(dz[1]!)).toBe(false);
    });
  }
});

describe('position independence', () => {
  // Every value gives the same bits at any index of an array of any length, for every kernel.
  const values = Float32Array.from([0.3, -2.5, 7.25, 1e-20, -80, 88.5, -0.7517916, 0, -0, 1e4, -30, 3e-39]);
  const kernels: [string, (name: ElementwiseActivation, xs: Float32Array) => Float32Array][] = [
    ['forward', (name, xs) => forward(name, xs)],
    ['derivative', (name, xs) => grad(name, xs)],
    ['backward', (name, xs) => backward(name, xs, new Float32Array(xs.length).fill(0.75))],
  ];
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    for (const [kind, run] of kernels) {
      it(`${name} ${kind}`, () => {
        const alone = values.map((v) => run(name, Float32Array.of(v))[0]!);
        for (const n of SIZES) {
          for (let v = 0; v < values.length; v++) {
            const xs = testData(n, 3 * n + v, -4, 4);
            const at = (v * 7919 + n) % n;
            xs[at] = values[v]!;
            const got = run(name, xs)[at]!;
            if (!Object.is(got, alone[v])) throw new Error(`${name} ${kind}: ${values[v]} at ${at} of ${n} gave ${got}, alone ${alone[v]}`);
          }
        }
      });
    }
  }
});

// ---- the public ops ----

const UNARY_OPS: [keyof typeof ops, ElementwiseActivation, 'f' | 'grad'][] = [
  ['linear', 'linear', 'f'],
  ['linearGrad', 'linear', 'grad'],
  ['sigmoid', 'sigmoid', 'f'],
  ['sigmoidGrad', 'sigmoid', 'grad'],
  ['tanh', 'tanh', 'f'],
  ['tanhGrad', 'tanh', 'grad'],
  ['relu', 'relu', 'f'],
  ['reluGrad', 'relu', 'grad'],
  ['leakyRelu', 'leakyRelu', 'f'],
  ['leakyReluGrad', 'leakyRelu', 'grad'],
  ['elu', 'elu', 'f'],
  ['eluGrad', 'elu', 'grad'],
  ['gelu', 'gelu', 'f'],
  ['geluGrad', 'gelu', 'grad'],
  ['softplus', 'softplus', 'f'],
  ['softplusGrad', 'softplus', 'grad'],
  ['selu', 'selu', 'f'],
  ['seluGrad', 'selu', 'grad'],
  ['silu', 'silu', 'f'],
  ['siluGrad', 'silu', 'grad'],
];

type UnaryOp = (a: Tensor | Matrix | number[][], opts?: { out?: Tensor; alpha?: number }) => Tensor;

/** True for the activations that take alpha (leakyRelu, elu). */
const takesAlpha = (name: ElementwiseActivation): boolean => infoOf(name).alpha !== undefined;

describe('public ops', () => {
  it('activationOps holds every op', () => {
    expect(Object.keys(ops).sort()).toEqual([...UNARY_OPS.map((o) => o[0]), 'softmax', 'logSoftmax', 'softmaxBackward'].sort());
    // ... and the list above names every elementwise activation of the registry, forward and derivative.
    expect(UNARY_OPS.map((o) => `${o[0]} ${o[1]} ${o[2]}`).sort()).toEqual(
      ELEMENTWISE_ACTIVATIONS.flatMap((n) => [`${n} ${n} f`, `${n}Grad ${n} grad`]).sort(),
    );
  });

  for (const [op, name, kind] of UNARY_OPS) {
    it(`${op}: values, number[][] input, out, in place (out === a), alpha`, () => {
      const before = memory().liveBuffers;
      const f = ops[op] as UnaryOp;
      const data = testData(35, 5, -6, 6);
      const m = mat(5, 7, data);
      const alpha = takesAlpha(name) ? 0.25 : undefined;
      const al = refAlpha(name, alpha);
      const r = ref.activationReference[name][kind];
      const b = bounds(name, al)[kind];

      const y = f(m, alpha === undefined ? undefined : { alpha });
      expect([y.rows, y.cols]).toEqual([5, 7]);
      const got = y.read().data;
      check(got, data, (i) => r(data[i]!, al), b, op);
      // the same through the buffer-level kernel
      const direct = kind === 'f' ? forward(name, data, al) : grad(name, data, al);
      expect(Array.from(got)).toEqual(Array.from(direct));

      const rows: number[][] = [];
      for (let i = 0; i < 5; i++) rows.push(Array.from(data.subarray(7 * i, 7 * i + 7)));
      const y2 = f(rows, alpha === undefined ? undefined : { alpha });
      expect(Array.from(y2.read().data)).toEqual(Array.from(got));

      const t = tensor(m);
      const out = f(t, { out: t, ...(alpha === undefined ? {} : { alpha }) });
      expect(out).toBe(t);
      expect(Array.from(t.read().data)).toEqual(Array.from(got));

      const o2 = new Tensor(5, 7);
      expect(f(m, { out: o2, ...(alpha === undefined ? {} : { alpha }) })).toBe(o2);
      expect(Array.from(o2.read().data)).toEqual(Array.from(got));

      for (const x of [y, y2, t, o2]) x.dispose();
      expect(memory().liveBuffers).toBe(before);
    });
  }

  it('leakyRelu and elu use their default alpha (0.01, 1) and the given one', () => {
    const m = mat(1, 3, [-2, -0.5, 3]);
    expect(Array.from(ops.leakyRelu(m).read().data)).toEqual([-0.02, -0.005, 3].map(Math.fround));
    expect(Array.from(ops.leakyRelu(m, { alpha: 0.5 }).read().data)).toEqual([-1, -0.25, 3]);
    expect(Array.from(ops.leakyReluGrad(m, { alpha: 0.5 }).read().data)).toEqual([0.5, 0.5, 1]);
    const near = (got: number, exact: number, k: number): void => {
      expect(Math.abs(got - exact), `${got} vs ${exact}`).toBeLessThanOrEqual(k * ref.ulp32(exact));
    };
    near(ops.elu(m).read().data[0]!, Math.expm1(-2), 1.5);
    near(ops.elu(m, { alpha: 2 }).read().data[0]!, 2 * Math.expm1(-2), 1.5); // alpha = 2 scales exactly
    near(ops.eluGrad(m, { alpha: 2 }).read().data[1]!, 2 * Math.exp(-0.5), 1);
    expect(ops.elu(m, { alpha: 2 }).read().data[2]).toBe(3);
  });
});

// ---- softmax ----

function softmaxCore(kind: 'softmax' | 'logSoftmax', x: Float32Array, rows: number, cols: number): Float32Array {
  const n = rows * cols;
  return guarded([n, n], (xb, yb) => {
    xb.write(x);
    if (kind === 'softmax') act.softmaxRows(xb, yb, rows, cols);
    else act.logSoftmaxRows(xb, yb, rows, cols);
    return yb.read();
  });
}

function softmaxBackwardCore(a: Float32Array, dy: Float32Array, rows: number, cols: number): Float32Array {
  const n = rows * cols;
  return guarded([n, n, n], (ab, db, xb) => {
    ab.write(a);
    db.write(dy);
    act.softmaxRowsBackward(ab, db, xb, rows, cols);
    return xb.read();
  });
}

/**
 * Softmax bound per element: e_j = e^{d_j} with d_j = fl(x_j - max) carries a relative error
 * <= (|d_j|/2 + 2)u (the rounding of d_j, times the condition number |d_j| of exp, and exp's
 * 1 ulp <= 2u); the sum of cols terms adds <= cols·u and its inputs' errors <= (D/2 + 2)u with
 * D = Σ_i y_i|d_i|; the division 0.5 ulp. So |y_j - exact| <= y_j·u·(|d_j| + D + cols + 6),
 * plus 2^-148 for results in the denormal range (exp's accuracy there is absolute).
 */
function softmaxBound(x: Float32Array, y: Float64Array, rows: number, cols: number, log: boolean): (i: number) => number {
  const b = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]!);
    const p = ref.softmaxRows(x.subarray(r * cols, (r + 1) * cols), 1, cols);
    let D = 0;
    for (let j = 0; j < cols; j++) D += p[j]! * Math.abs(x[r * cols + j]! - m);
    const l = Math.log(p.reduce((s, _v, j) => s + Math.exp(x[r * cols + j]! - m), 0));
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      const d = Math.abs(x[i]! - m);
      // log-softmax: 0.5 ulp for d, the log of the sum (its relative error plus 1 ulp of l),
      // and 0.5 ulp for the final subtraction.
      b[i] = log ? U * (d + Math.abs(y[i]!) + 2 * l + D + cols + 4) : Math.abs(y[i]!) * U * (d + D + cols + 6) + 2 ** -148;
    }
  }
  return (i) => b[i]!;
}

function expectWithin(actual: Float32Array, exact: Float64Array, bound: (i: number) => number, what: string): void {
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = exact[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= bound(i))) {
      throw new Error(`${what}[${i}]: got ${a}, expected ${e} (bound ${bound(i)})`);
    }
  }
}

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [3, 1],
  [2, 4],
  [4, 5],
  [5, 7],
  [3, 8],
  [7, 9],
  [2, 17],
  [13, 31],
  [10, 1000],
];

describe('softmax, log-softmax and the softmax backward', () => {
  for (const [rows, cols] of SHAPES) {
    it(`${rows}x${cols}: against the float64 reference; rows sum to 1`, () => {
      const n = rows * cols;
      const x = testData(n, rows * 100 + cols, -30, 30);
      x[0] = 25; // a dominant element in the first row
      const y = softmaxCore('softmax', x, rows, cols);
      const yr = ref.softmaxRows(x, rows, cols);
      expectWithin(y, yr, softmaxBound(x, yr, rows, cols, false), 'softmax');
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += y[r * cols + j]!;
        // each y_j within its bound, so the sum within Σ_j bound_j = u·(2D + cols + 6), with
        // D <= 60 for inputs in [-30, 30]
        expect(Math.abs(s - 1)).toBeLessThanOrEqual(U * (2 * 60 + cols + 6) + cols * 2 ** -148);
      }

      const ly = softmaxCore('logSoftmax', x, rows, cols);
      const lr = ref.logSoftmaxRows(x, rows, cols);
      expectWithin(ly, lr, softmaxBound(x, lr, rows, cols, true), 'logSoftmax');

      const dy = testData(n, rows + cols, -2, 2);
      const dx = softmaxBackwardCore(y, dy, rows, cols);
      const dr = ref.softmaxRowsBackward(y, dy, rows, cols);
      // dot = Σ dy_j a_j has error <= cols·u·Σ|dy_j a_j| (dotBound); then (dy_j - dot) and the
      // product round once each.
      const bound = (i: number): number => {
        const r = Math.floor(i / cols);
        let sa = 0;
        for (let j = 0; j < cols; j++) sa += Math.abs(dy[r * cols + j]! * y[r * cols + j]!);
        const diff = dr[i]! / (y[i]! || 1); // dy_i - Σ dy_j a_j
        return y[i]! * (U * Math.abs(diff) + (cols + 1) * U * sa) * (1 + U) + U * Math.abs(dr[i]!) + 2 ** -149;
      };
      expectWithin(dx, dr, bound, 'softmaxBackward');
    });
  }

  it('is stable for large inputs: [1000, 1000, -1000] -> [0.5, 0.5, 0]', () => {
    const x = Float32Array.from([1000, 1000, -1000, 3e38, -3e38, 0, -1e4, -1e4, -1e4]);
    const y = softmaxCore('softmax', x, 3, 3);
    expect(Array.from(y)).toEqual([0.5, 0.5, 0, 1, 0, 0, 1 / 3, 1 / 3, 1 / 3].map(Math.fround));
    const l = softmaxCore('logSoftmax', x, 3, 3);
    expect(Array.from(l.subarray(0, 2))).toEqual([-Math.LN2, -Math.LN2].map(Math.fround));
    expect(l[2]).toBe(Math.fround(-2000 - Math.LN2));
    expect(l[3]).toBe(0);
    expect(l[4]).toBe(-Infinity); // -3e38 - 3e38 overflows float32: the exact -6e38 is not representable
    for (const v of [...y, ...l.subarray(0, 4)]) expect(Number.isNaN(v)).toBe(false);
  });

  it('a NaN makes its own row NaN and no other', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, NaN, 7, 8, 9, 10, 11, 12]);
    for (const kind of ['softmax', 'logSoftmax'] as const) {
      const y = softmaxCore(kind, x, 3, 4);
      expect(Array.from(y.subarray(4, 8)).every(Number.isNaN)).toBe(true);
      expect([...y.subarray(0, 4), ...y.subarray(8)].some(Number.isNaN)).toBe(false);
    }
  });

  it("each row's result depends only on the row (not its index or the number of rows)", () => {
    for (const cols of [1, 3, 4, 5, 7, 9, 17]) {
      const row = testData(cols, cols, -5, 5);
      const alone = softmaxCore('softmax', row, 1, cols);
      const aloneLog = softmaxCore('logSoftmax', row, 1, cols);
      const dyRow = testData(cols, cols + 1, -1, 1);
      const aloneBack = softmaxBackwardCore(alone, dyRow, 1, cols);
      for (const rows of [2, 5, 9]) {
        const x = testData(rows * cols, rows, -5, 5);
        const at = rows - 2;
        x.set(row, at * cols);
        const y = softmaxCore('softmax', x, rows, cols);
        const l = softmaxCore('logSoftmax', x, rows, cols);
        expect(Array.from(y.subarray(at * cols, (at + 1) * cols))).toEqual(Array.from(alone));
        expect(Array.from(l.subarray(at * cols, (at + 1) * cols))).toEqual(Array.from(aloneLog));
        const dy = testData(rows * cols, rows + 3, -1, 1);
        dy.set(dyRow, at * cols);
        const dx = softmaxBackwardCore(y, dy, rows, cols);
        expect(Array.from(dx.subarray(at * cols, (at + 1) * cols))).toEqual(Array.from(aloneBack));
      }
    }
  });

  it('equal logits give bitwise equal probabilities wherever they sit in the row', () => {
    const x = Float32Array.from([0.3, 1.7, 0.3, -2, 0.3, 0.3, 1.7]);
    const y = softmaxCore('softmax', x, 1, 7);
    expect(y[2]).toBe(y[0]);
    expect(y[4]).toBe(y[0]);
    expect(y[5]).toBe(y[0]);
    expect(y[6]).toBe(y[1]);
  });

  it('public ops: softmax, logSoftmax, softmaxBackward, in place', () => {
    const before = memory().liveBuffers;
    const x = testData(3 * 5, 9, -3, 3);
    const m = mat(3, 5, x);
    const y = ops.softmax(m);
    expect(Array.from(y.read().data)).toEqual(Array.from(softmaxCore('softmax', x, 3, 5)));
    const l = ops.logSoftmax(m);
    expect(Array.from(l.read().data)).toEqual(Array.from(softmaxCore('logSoftmax', x, 3, 5)));
    const dy = testData(15, 10, -1, 1);
    const dx = ops.softmaxBackward(y, mat(3, 5, dy));
    const want = softmaxBackwardCore(y.read().data, dy, 3, 5);
    expect(Array.from(dx.read().data)).toEqual(Array.from(want));

    const t = tensor(m);
    expect(ops.softmax(t, { out: t })).toBe(t);
    expect(Array.from(t.read().data)).toEqual(Array.from(y.read().data));
    const t2 = tensor(m);
    expect(ops.logSoftmax(t2, { out: t2 })).toBe(t2);
    expect(Array.from(t2.read().data)).toEqual(Array.from(l.read().data));
    // dx in place of dy, and in place of a
    const d = tensor(mat(3, 5, dy));
    expect(ops.softmaxBackward(y, d, { out: d })).toBe(d);
    expect(Array.from(d.read().data)).toEqual(Array.from(want));
    const a = tensor(y.read());
    expect(ops.softmaxBackward(a, mat(3, 5, dy), { out: a })).toBe(a);
    expect(Array.from(a.read().data)).toEqual(Array.from(want));
    for (const z of [y, l, dx, t, t2, d, a]) z.dispose();
    expect(memory().liveBuffers).toBe(before);
  });
});

describe('in-place use of the buffer kernels (dz may be z or dy, y may be x)', () => {
  // activationBackward no longer takes a = f(z), so "dz may be a" has no buffer left to alias.
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    it(name, () => {
      const n = 13;
      const zs = testData(n, 4, -5, 5);
      const dys = testData(n, 6, -1, 1);
      const want = backward(name, zs, dys);
      const wantF = forward(name, zs);
      const wantG = grad(name, zs);
      const op = ACTIVATIONS[name].op;
      const alpha = alphaOf(name);
      withGuardedF32([n, n], (z, dy) => {
        for (const target of ['z', 'dy'] as const) {
          z.write(zs);
          dy.write(dys);
          const dz = target === 'z' ? z : dy;
          act.activationBackward(op, z, dy, dz, n, alpha);
          expect(Array.from(dz.read()), `${name} backward into ${target}`).toEqual(Array.from(want));
        }
        z.write(zs);
        act.activation(op, z, z, n, alpha);
        expect(Array.from(z.read())).toEqual(Array.from(wantF));
        z.write(zs);
        act.activationGrad(op, z, z, n, alpha);
        expect(Array.from(z.read())).toEqual(Array.from(wantG));
      });
    });
  }
});

// ---- error inputs ----

describe('error inputs', () => {
  for (const [op, name] of UNARY_OPS) {
    const f = ops[op] as UnaryOp;
    it(`${op}: bad input, shapes, options, disposed tensors; nothing leaks`, () => {
      const before = memory().liveBuffers;
      const good = mat(2, 3, [1, 2, 3, 4, 5, 6]);
      expect(() => f([[1, 2], [3]])).toThrow(ShapeError);
      expect(() => f([[1, 2], [3]])).toThrow(/row 0 has 2 columns, row 1 has 1/);
      expect(() => f(mat(1, 2, [1, NaN]))).toThrow(ValueError);
      expect(() => f([])).toThrow(ShapeError);
      expect(() => f('x' as never)).toThrow(ValueError);
      expect(() => f(good, 3 as never)).toThrow(ValueError);
      expect(() => f(good, [] as never)).toThrow(/options must be an object/);
      expect(() => f(good, { outt: 1 } as never)).toThrow(new RegExp(`${op}: unknown option 'outt'`));

      const wrong = new Tensor(3, 2);
      expect(() => f(good, { out: wrong })).toThrow(ShapeError);
      expect(() => f(good, { out: wrong })).toThrow(`${op}: out is 3x2, the result is 2x3`);
      expect(() => f(good, { out: good as never })).toThrow(ValueError);
      expect(() => f(good, { out: good as never })).toThrow(/out must be a Tensor/);
      wrong.dispose();
      expect(() => f(good, { out: wrong })).toThrow(DisposedError);
      const t = tensor(good);
      t.dispose();
      expect(() => f(t)).toThrow(DisposedError);

      if (takesAlpha(name)) {
        for (const bad of [NaN, Infinity, -Infinity, 1e39]) {
          expect(() => f(good, { alpha: bad })).toThrow(ValueError);
          expect(() => f(good, { alpha: bad })).toThrow(`${op}: alpha must`);
          expect(() => f(good, { alpha: bad })).toThrow(`got ${String(bad)}`);
        }
        expect(() => f(good, { alpha: '0.1' as never })).toThrow(/alpha must be a finite number, got string/);
        f(good, { alpha: undefined }).dispose(); // an undefined option is no option
      } else {
        expect(() => f(good, { alpha: 0.1 })).toThrow(ValueError);
        expect(() => f(good, { alpha: 0.1 })).toThrow(`${op}: takes no alpha option, got alpha = 0.1`);
      }
      expect(memory().liveBuffers).toBe(before);
    });
  }

  for (const op of ['softmax', 'logSoftmax'] as const) {
    it(`${op}: bad input, options, disposed tensors`, () => {
      const before = memory().liveBuffers;
      const f = ops[op];
      const good = mat(2, 3, [1, 2, 3, 4, 5, 6]);
      expect(() => f([[1], [2, 3]])).toThrow(ShapeError);
      expect(() => f(mat(1, 2, [Infinity, 1]))).toThrow(ValueError);
      expect(() => f(good, { alpha: 1 } as never)).toThrow(`${op}: takes no alpha option`);
      expect(() => f(good, null as never)).toThrow(ValueError);
      const wrong = new Tensor(2, 2);
      expect(() => f(good, { out: wrong })).toThrow(`${op}: out is 2x2, the result is 2x3`);
      wrong.dispose();
      const t = tensor(good);
      t.dispose();
      expect(() => f(t)).toThrow(DisposedError);
      expect(memory().liveBuffers).toBe(before);
    });
  }

  it('softmaxBackward: shapes must match (both named), options, disposed tensors', () => {
    const before = memory().liveBuffers;
    const a = mat(2, 3, [0.2, 0.3, 0.5, 0.1, 0.1, 0.8]);
    expect(() => ops.softmaxBackward(a, mat(3, 2, [1, 2, 3, 4, 5, 6]))).toThrow(ShapeError);
    expect(() => ops.softmaxBackward(a, mat(3, 2, [1, 2, 3, 4, 5, 6]))).toThrow(
      'softmaxBackward: a is 2x3, dy is 3x2: dy must have the shape of a',
    );
    expect(() => ops.softmaxBackward(a, [[1, NaN, 3], [1, 2, 3]])).toThrow(ValueError);
    expect(() => ops.softmaxBackward(a, a, { alpha: 2 } as never)).toThrow(ValueError);
    const wrong = new Tensor(1, 3);
    expect(() => ops.softmaxBackward(a, a, { out: wrong })).toThrow('softmaxBackward: out is 1x3, the result is 2x3');
    wrong.dispose();
    const t = tensor(a);
    t.dispose();
    expect(() => ops.softmaxBackward(t, a)).toThrow(DisposedError);
    expect(() => ops.softmaxBackward(a, t)).toThrow(DisposedError);
    expect(memory().liveBuffers).toBe(before);
  });

  it('a name reaches a kernel only through the registry: unknown names and softmax have no op code', () => {
    // The kernels take op codes; the registry is the one map from names to them.
    expect(activationInfo('swish')).toBeUndefined();
    expect(activationInfo('toString')).toBeUndefined(); // no prototype keys
    expect(ACTIVATIONS.softmax.op).toBeNull(); // row-wise: no elementwise kernel
    expect(ELEMENTWISE_ACTIVATIONS).not.toContain('softmax');
    const codes = ELEMENTWISE_ACTIVATIONS.map((n) => ACTIVATIONS[n].op);
    expect(new Set(codes).size).toBe(codes.length);
    // An op code the core does not know writes nothing (assembly/kernels/activations.ts).
    withGuardedF32([4, 4, 4], (x, dy, y) => {
      x.write([1, -2, 3, NaN]);
      dy.write([1, 1, 1, 1]);
      for (const run of [
        () => act.activation(99, x, y, 4, 0),
        () => act.activationGrad(99, x, y, 4, 0),
        () => act.activationBackward(99, x, dy, y, 4, 0),
      ]) {
        y.fill(7);
        run();
        expect(Array.from(y.read())).toEqual([7, 7, 7, 7]);
      }
    });
    // A layer's activation name is checked where it is parsed.
    expect(() => parseActivation('swish', 'layer 1')).toThrow(ValueError);
    expect(() => parseActivation('swish', 'layer 1')).toThrow(/unknown activation 'swish'/);
    expect(() => parseActivation('toString', 'layer 1')).toThrow(ValueError);
  });
});

describe('public ops take the parameter ranges of the registry', () => {
  it('elu refuses a negative alpha, as a network layer does', () => {
    const x = [[0.5, -1]];
    expect(() => ops.elu(x, { alpha: -1 })).toThrow(/elu: alpha must be >= 0, got -1/);
    expect(() => parseActivation({ name: 'elu', alpha: -1 }, 'layers[0]')).toThrow(/alpha must be >= 0, got -1/);
    const y = ops.elu(x, { alpha: 0 });
    expect(Array.from(y.read().data)).toEqual([0.5, -0]);
    y.dispose();
  });
});
