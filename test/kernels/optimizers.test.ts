// The optimizer kernels against the float64 reference (test/reference/optimizers.ts), against
// PyTorch's update rules on hand-computed scalar examples, for position independence, and the
// optimizer facts of src/nn/optimizers.ts (Adam's bias corrections, parseOptimizer's defaults
// and errors). Every kernel runs on guarded buffers (test/support/kernel-tester.ts): a store
// past the end fails the test that made it.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import type { F32Buffer } from '../../src/core/buffer.js';
import { adamStep, sgdStep } from '../../src/kernels/optimizers.js';
import { adamBiasCorrections, optimizerStateBuffers, parseOptimizer, powInteger } from '../../src/nn/optimizers.js';
import { adamStepReference, sgdStepReference } from '../reference/optimizers.js';
import { expectClose, testData } from '../support/compare.js';
import { expectBits, GUARD, SIZES, withGuardedF32 } from '../support/kernel-tester.js';

const U = 2 ** -24; // unit roundoff of float32 (round to nearest)
const TINY = 2 ** -140; // room for one subnormal rounding (float32 subnormal spacing is 2^-149)
const f = Math.fround;

beforeAll(async () => {
  await sb.ready();
});

it('the shared sizes include every size this file tested before', () => {
  for (const n of [1, 3, 4, 5, 7, 8, 9, 17, 1000]) expect(SIZES).toContain(n);
});

/** adamStep's arguments up to epsilon (the bias corrections come from the step count). */
type AdamHead = Parameters<typeof adamStep> extends [...infer H, number, number] ? H : never;

/** One Adam step at step t (counted from 1), with the bias corrections the network gives the kernel. */
function adam(...args: [...AdamHead, t: number]): void {
  const head = args.slice(0, 9) as AdamHead;
  const [, , , , , , beta1, beta2] = head;
  const [bc1, bc2] = adamBiasCorrections(beta1, beta2, args[9]);
  adamStep(...head, bc1, bc2);
}

describe('sgdStep against the float64 reference, one step at a time', () => {
  // Each step starts the reference from the core's own float32 state, so the comparison
  // isolates one step's roundings. First-order error bounds, derived from the kernel's order
  // (u = 2^-24; every quantity on the right is the reference's float64 value):
  //   v' = (mu*v) + g                 E_v = u*(mu|v| + |v'|)
  //   d  = v'  or  g + (mu*v')        E_d = E_v  or  mu*E_v + u*(mu|v'| + |d|)
  //   w' = w - (lr*d)                 E_w = lr*E_d + u*lr|d| + u|w'|
  // each widened by (1 + 1e-6) for second-order terms, plus one subnormal spacing.
  const cases = [
    { momentum: 0, nesterov: false, lr: 0.01 },
    { momentum: 0.9, nesterov: false, lr: 0.05 },
    { momentum: 0.9, nesterov: true, lr: 0.05 },
    { momentum: 0.3, nesterov: true, lr: 1.5 },
  ];
  for (const { momentum, nesterov, lr } of cases) {
    it(`momentum ${momentum}, nesterov ${nesterov}, lr ${lr}: 50 steps on every size`, () => {
      const lr32 = f(lr);
      const mu = f(momentum);
      for (const n of SIZES) withGuardedF32([n, n, n], (wb, vb, gb) => {
        wb.write(testData(n, 11 + n, -1, 1));
        vb.fill(0);
        const vBuf = momentum > 0 ? vb : null;
        for (let step = 1; step <= 50; step++) {
          // Gradients change scale over the run (1e-3 .. 10) so v and w see cancellations.
          const scale = 10 ** ((step % 5) - 3);
          const g = testData(n, 1000 * step + n, -scale, scale);
          gb.write(g);
          const w = new Float64Array(wb.read());
          const v = vBuf ? new Float64Array(vBuf.read()) : null;
          const v0 = v?.slice() ?? null;
          sgdStepReference(w, g, v, lr32, mu, nesterov);
          sgdStep(wb, gb, vBuf, n, lr, momentum, nesterov);
          const eV = new Float64Array(n);
          const eW = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            let eD: number;
            let d: number;
            if (v && v0) {
              eV[i] = U * (mu * Math.abs(v0[i]!) + Math.abs(v[i]!));
              d = nesterov ? g[i]! + mu * v[i]! : v[i]!;
              eD = nesterov ? mu * eV[i]! + U * (mu * Math.abs(v[i]!) + Math.abs(d)) : eV[i]!;
            } else {
              d = g[i]!;
              eD = 0;
            }
            eW[i] = lr32 * eD + U * lr32 * Math.abs(d) + U * Math.abs(w[i]!);
          }
          const widen = (e: Float64Array) => (i: number) => e[i]! * (1 + 1e-6) + TINY;
          expectClose(wb.read(), w, widen(eW), `w (n ${n}, step ${step})`);
          if (v && vBuf) expectClose(vBuf.read(), v, widen(eV), `v (n ${n}, step ${step})`);
        }
      });
    });
  }

  it('momentum 0 neither reads nor writes v (a null buffer is allowed)', () => {
    const n = 9;
    withGuardedF32([n, n, n, n], (wA, wB, gb, vb) => {
      wA.write(testData(n, 4));
      wB.write(testData(n, 4));
      gb.write(testData(n, 3));
      vb.fill(NaN);
      sgdStep(wA, gb, null, n, 0.1, 0, false);
      sgdStep(wB, gb, vb, n, 0.1, 0, false);
      expectBits(wA.read(), wB.read(), 'w with v null vs w with a NaN v');
      expect(Array.from(vb.read()).every(Number.isNaN)).toBe(true);
    });
  });
});

describe('adamStep against the float64 reference, one step at a time', () => {
  // As above, from the core's own state. Bounds from the kernel's order (c = 1 - beta; the
  // bias corrections reach the kernel rounded to float32, a relative error of u each):
  //   m' = (b1*m) + (c1*g)            E_m  = u*(b1|m| + 2*c1|g| + |m'|)
  //   v' = (b2*v) + ((c2*g)*g)        E_v  = u*(b2*v + 3*c2*g^2 + v')
  //   mh = m'/bc1, vh = v'/bc2        E_mh = E_m/bc1 + 2u|mh|,  E_vh = E_v/bc2 + 2u*vh
  //   s  = sqrt(vh)                   E_s  = min(sqrt(E_vh), E_vh/(2s)) + u*s
  //   dd = s + eps                    E_dd = E_s + u*dd
  //   r  = mh/dd                      E_r  = E_mh/dd + |r|*E_dd/dd + u|r|
  //   w' = w - (lr*r)                 E_w  = lr*E_r + u*lr|r| + u|w'|
  // widened by (1 + 1e-4) for second-order terms, plus one subnormal spacing.
  const cases = [
    { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-7 },
    { lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-3 },
    { lr: 0.1, beta1: 0, beta2: 0.99, eps: 1e-8 },
    { lr: 0.003, beta1: 0.3, beta2: 0.2, eps: 1e-6 },
  ];
  for (const c of cases) {
    it(`lr ${c.lr}, beta1 ${c.beta1}, beta2 ${c.beta2}, epsilon ${c.eps}: 50 steps on every size`, () => {
      const lr = f(c.lr);
      const b1 = f(c.beta1);
      const b2 = f(c.beta2);
      const eps = f(c.eps);
      for (const n of SIZES) withGuardedF32([n, n, n, n], (wb, mb, vb, gb) => {
        wb.write(testData(n, 21 + n, -1, 1));
        mb.fill(0);
        vb.fill(0);
        for (let step = 1; step <= 50; step++) {
          const scale = 10 ** ((step % 7) - 4);
          const g = testData(n, 2000 * step + n, -scale, scale);
          gb.write(g);
          const [w, m, v] = [wb, mb, vb].map((b) => new Float64Array(b.read())) as [Float64Array, Float64Array, Float64Array];
          const m0 = m.slice();
          const v0 = v.slice();
          adamStepReference(w, g, m, v, lr, b1, b2, eps, step);
          adam(wb, gb, mb, vb, n, c.lr, c.beta1, c.beta2, c.eps, step);
          const bc1 = 1 - b1 ** step;
          const bc2 = 1 - b2 ** step;
          const c1 = 1 - b1;
          const c2 = 1 - b2;
          const eM = new Float64Array(n);
          const eV = new Float64Array(n);
          const eW = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            const gi = g[i]!;
            eM[i] = U * (b1 * Math.abs(m0[i]!) + 2 * c1 * Math.abs(gi) + Math.abs(m[i]!));
            eV[i] = U * (b2 * v0[i]! + 3 * c2 * gi * gi + v[i]!);
            const mh = m[i]! / bc1;
            const vh = v[i]! / bc2;
            const eMh = eM[i]! / bc1 + 2 * U * Math.abs(mh);
            const eVh = eV[i]! / bc2 + 2 * U * vh;
            const s = Math.sqrt(vh);
            const eS = Math.min(Math.sqrt(eVh), s > 0 ? eVh / (2 * s) : Infinity) + U * s;
            const dd = s + eps;
            const eDd = eS + U * dd;
            const r = mh / dd;
            const eR = eMh / dd + (Math.abs(r) * eDd) / dd + U * Math.abs(r);
            eW[i] = lr * eR + U * lr * Math.abs(r) + U * Math.abs(w[i]!);
          }
          const widen = (e: Float64Array) => (i: number) => e[i]! * (1 + 1e-4) + TINY;
          const at = `(n ${n}, step ${step})`;
          expectClose(wb.read(), w, widen(eW), `w ${at}`);
          expectClose(mb.read(), m, widen(eM), `m ${at}`);
          expectClose(vb.read(), v, widen(eV), `v ${at}`);
        }
      });
    });
  }
});

describe('a whole run against a float64 run', () => {
  // 200 steps from the same start, the core in float32 and the reference in float64 all the
  // way. The gradients are given (they do not depend on w), so each step's errors add up:
  // |w_core - w_ref| <= sum over steps of (u|w_t| + K*u*|step_t|), where K counts the
  // relative error of one step's update (SGD: 3 roundings, amplified by at most 1/(1-mu)
  // through the velocity; Adam: about 12u relative, see the per-step bound above). With
  // |w_t| <= W and |step_t| <= S over the run, 200*(u*W + K*u*S) bounds it.
  const n = 37;
  const steps = 200;
  function run(kind: 'sgd' | 'nesterov' | 'adam'): { core: Float32Array; ref: Float64Array; bound: number } {
    let core: Float32Array = new Float32Array(0);
    const w0 = testData(n, 5, -1, 1);
    const w = new Float64Array(w0);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    let maxW = 0;
    let maxStep = 0;
    const lr = kind === 'adam' ? f(0.01) : f(0.02);
    const mu = f(0.9);
    withGuardedF32([n, n, n, n], (wb, ab, bb, gb) => {
      wb.write(w0);
      ab.fill(0);
      bb.fill(0);
      for (let t = 1; t <= steps; t++) {
        const g = testData(n, 77 * t, -1, 1);
        gb.write(g);
        const before = w.slice();
        if (kind === 'adam') {
          adam(wb, gb, ab, bb, n, 0.01, 0.9, 0.999, 1e-7, t);
          adamStepReference(w, g, a, b, lr, f(0.9), f(0.999), f(1e-7), t);
        } else {
          sgdStep(wb, gb, ab, n, 0.02, 0.9, kind === 'nesterov');
          sgdStepReference(w, g, a, lr, mu, kind === 'nesterov');
        }
        for (let i = 0; i < n; i++) {
          maxW = Math.max(maxW, Math.abs(w[i]!));
          maxStep = Math.max(maxStep, Math.abs(w[i]! - before[i]!));
        }
      }
      core = wb.read();
    });
    const K = kind === 'adam' ? 12 : 3 / (1 - 0.9) + 3;
    return { core, ref: w, bound: steps * (U * maxW + K * U * maxStep) };
  }
  for (const kind of ['sgd', 'nesterov', 'adam'] as const) {
    it(`${kind}: 200 steps stay within the accumulated bound`, () => {
      const { core, ref, bound } = run(kind);
      expectClose(core, ref, () => bound, `${kind} w after ${steps} steps`);
      // The run really moved the weights (not a trivially passing comparison).
      const start = testData(n, 5, -1, 1);
      expect(Math.max(...Array.from(ref, (x, i) => Math.abs(x - start[i]!)))).toBeGreaterThan(0.1);
    });
  }
});

describe('PyTorch-equivalence on hand-computed scalar steps', () => {
  // One parameter w0 = 1 and gradients 1, 0.5, -1, following torch.optim.SGD / Adam
  // (dampening 0, no weight decay). Hand computations in exact decimal arithmetic; the core's
  // float32 result must be within a few float32 roundings of it (bound: 8 ulps of 1).
  const grads = [1, 0.5, -1];
  const near = (expected: number[]) => (got: number[]) =>
    expectClose(got, expected, () => 8 * U, 'w after each step');

  /** w after each step; `states` zeroed 7-float state buffers are passed to step after w and g. */
  function trace(states: number, step: (w: F32Buffer, g: F32Buffer, t: number, s: F32Buffer[]) => void): number[] {
    // The parameter sits at index 5 of a 7-float buffer: a tail lane, not lane 0.
    const out: number[] = [];
    withGuardedF32(new Array<number>(2 + states).fill(7), (w, g, ...s) => {
      w.fill(1);
      for (const b of s) b.fill(0);
      grads.forEach((gv, t) => {
        g.fill(gv);
        step(w!, g!, t + 1, s);
        out.push(w!.read()[5]!);
      });
    });
    return out;
  }

  it('SGD, lr 0.1, momentum 0.9', () => {
    // t=1: v = 0.9*0 + 1 = 1;          w = 1 - 0.1*1 = 0.9
    // t=2: v = 0.9*1 + 0.5 = 1.4;      w = 0.9 - 0.1*1.4 = 0.76
    // t=3: v = 0.9*1.4 - 1 = 0.26;     w = 0.76 - 0.1*0.26 = 0.734
    near([0.9, 0.76, 0.734])(trace(1, (w, g, _t, [v]) => sgdStep(w, g, v!, 7, 0.1, 0.9, false)));
  });

  it('SGD, lr 0.1, momentum 0.9, Nesterov', () => {
    // t=1: v = 1;    d = 1 + 0.9*1 = 1.9;        w = 1 - 0.19 = 0.81
    // t=2: v = 1.4;  d = 0.5 + 0.9*1.4 = 1.76;   w = 0.81 - 0.176 = 0.634
    // t=3: v = 0.26; d = -1 + 0.9*0.26 = -0.766; w = 0.634 + 0.0766 = 0.7106
    near([0.81, 0.634, 0.7106])(trace(1, (w, g, _t, [v]) => sgdStep(w, g, v!, 7, 0.1, 0.9, true)));
  });

  it('SGD without momentum, lr 0.1', () => {
    // w = 1 - 0.1 = 0.9; 0.9 - 0.05 = 0.85; 0.85 + 0.1 = 0.95
    near([0.9, 0.85, 0.95])(trace(0, (w, g) => sgdStep(w, g, null, 7, 0.1, 0, false)));
  });

  it('Adam, lr 0.1, betas (0.9, 0.999), eps 1e-8', () => {
    // t=1: m = 0.1*1 = 0.1; v = 0.001*1 = 0.001; bc1 = 0.1, bc2 = 0.001; mh = 1, vh = 1;
    //      w = 1 - 0.1*1/(1 + 1e-8) = 0.900000001
    // t=2: m = 0.09 + 0.05 = 0.14; v = 0.000999 + 0.00025 = 0.001249;
    //      bc1 = 1 - 0.81 = 0.19; bc2 = 1 - 0.998001 = 0.001999;
    //      mh = 0.14/0.19 = 0.736842105; vh = 0.001249/0.001999 = 0.624812406; sqrt = 0.790450761;
    //      step = 0.1*0.736842105/0.790450771 = 0.0932179627; w = 0.806782038
    // t=3: m = 0.126 - 0.1 = 0.026; v = 0.001247751 + 0.001 = 0.002247751;
    //      bc1 = 1 - 0.729 = 0.271; bc2 = 1 - 0.997002999 = 0.002997001;
    //      mh = 0.0959409594; vh = 0.750000083; sqrt = 0.866025452;
    //      step = 0.1*0.0959409594/0.866025462 = 0.0110783070; w = 0.795703731
    near([0.900000001, 0.806782038, 0.795703731])(
      trace(2, (w, g, t, [m, v]) => adam(w, g, m!, v!, 7, 0.1, 0.9, 0.999, 1e-8, t)),
    );
  });

  it('exact dyadic steps give exact results (lr 0.5, momentum 0.5)', () => {
    // All values are short binary fractions, so every float32 operation is exact.
    // momentum: v = 1, w = 0.5; v = 1, w = 0; v = -0.5, w = 0.25
    // nesterov: v = 1, d = 1.5, w = 0.25; v = 1, d = 1, w = -0.25; v = -0.5, d = -1.25, w = 0.375
    expect(trace(1, (w, g, _t, [v]) => sgdStep(w, g, v!, 7, 0.5, 0.5, false))).toEqual([0.5, 0, 0.25]);
    expect(trace(1, (w, g, _t, [v]) => sgdStep(w, g, v!, 7, 0.5, 0.5, true))).toEqual([0.25, -0.25, 0.375]);
  });
});

describe('position independence', () => {
  // The same (w, g, state) values give the same bits wherever they sit: inside a length-1000
  // buffer (any lane, any 4-group) or at the start, middle or tail of short buffers.
  const N = 1000;
  const w = testData(N, 101, -1, 1);
  const g = testData(N, 102, -0.5, 0.5);
  const m = testData(N, 103, -0.1, 0.1);
  const v = testData(N, 104, 0, 0.01);
  const windows: [number, number][] = [
    [0, 1], [7, 1], [998, 1], [5, 3], [1, 4], [2, 5], [7, 5], [3, 7], [13, 9], [990, 9], [101, 17],
  ];

  type Run = (w: F32Buffer, g: F32Buffer, a: F32Buffer, b: F32Buffer, n: number) => void;
  const runs: Record<string, Run> = {
    sgd: (wb, gb, _a, _b, n) => sgdStep(wb, gb, null, n, 0.1, 0, false),
    momentum: (wb, gb, a, _b, n) => sgdStep(wb, gb, a, n, 0.1, 0.9, false),
    nesterov: (wb, gb, a, _b, n) => sgdStep(wb, gb, a, n, 0.1, 0.9, true),
    adam: (wb, gb, a, b, n) => adam(wb, gb, a, b, n, 0.001, 0.9, 0.999, 1e-7, 3),
  };
  /** The four buffers after one step on (w, g, m, v)[start, start + n). */
  function stepped(step: Run, start: number, n: number): Float32Array[] {
    let out: Float32Array[] = [];
    withGuardedF32([n, n, n, n], (...b) => {
      [w, g, m, v].forEach((x, k) => b[k]!.write(x.subarray(start, start + n)));
      step(b[0]!, b[1]!, b[2]!, b[3]!, n);
      out = b.map((x) => x.read());
    });
    return out;
  }
  for (const [name, step] of Object.entries(runs)) {
    it(`${name}: bit-identical results at every position`, () => {
      const full = stepped(step, 0, N);
      for (const [start, n] of windows) {
        const part = stepped(step, start, n);
        for (const k of [0, 2, 3]) {
          expectBits(part[k]!, full[k]!.slice(start, start + n), `${name} buffer ${k} at ${start}+${n}`);
        }
      }
    });
  }

  it('nothing past n is read or written', () => {
    // NaN after the end would poison any lane that read it; the NaN must survive. Past those,
    // the tester's guards catch a store further out.
    for (const n of [1, 2, 3, 5, 6, 7]) {
      withGuardedF32([n + GUARD, n + GUARD, n + GUARD, n + GUARD], (...whole) => {
        [w, g, m, v].forEach((x, k) => {
          whole[k]!.fill(NaN);
          whole[k]!.write(x.subarray(0, n));
        });
        const [wp, gp, mp, vp] = whole.map((b) => b.view(0, n)) as [F32Buffer, F32Buffer, F32Buffer, F32Buffer];
        adam(wp, gp, mp, vp, n, 0.001, 0.9, 0.999, 1e-7, 1);
        sgdStep(wp, gp, mp, n, 0.1, 0.9, true);
        for (const k of [0, 2, 3]) {
          const out = whole[k]!.read();
          expect(Array.from(out.subarray(0, n)).every(Number.isFinite)).toBe(true);
          expect(Array.from(out.subarray(n)).every(Number.isNaN)).toBe(true);
        }
      });
    }
  });

  it('n = 0 does nothing', () => {
    withGuardedF32([4, 4], (wb, gb) => {
      wb.write([1, 2, 3, 4]);
      gb.write([1, 1, 1, 1]);
      sgdStep(wb, gb, null, 0, 0.1, 0, false);
      adam(wb, gb, gb, gb, 0, 0.1, 0.9, 0.999, 1e-7, 1);
      expect(Array.from(wb.read())).toEqual([1, 2, 3, 4]);
    });
  });
});

describe('Adam bias corrections', () => {
  it('powInteger multiplies by squaring, exact where the products are', () => {
    expect(powInteger(0.5, 0)).toBe(1);
    expect(powInteger(0.5, 1)).toBe(0.5);
    expect(powInteger(0.5, 10)).toBe(2 ** -10);
    expect(powInteger(0.75, 3)).toBe(0.421875);
    expect(powInteger(0.5, 1100)).toBe(0); // underflows to 0, so the correction becomes 1
    for (const t of [2, 3, 7, 100, 1000, 123457]) {
      // A rounding in base^(2^k) is raised to t/2^k afterwards: relative error <= 2t * 2^-53
      // (plus 2 ulps for Math.pow's own error in the comparison value).
      const exact = 0.999 ** t;
      expect(Math.abs(powInteger(0.999, t) - exact)).toBeLessThanOrEqual(exact * (2 * t + 2) * 2 ** -53);
    }
  });

  it('uses the float32 betas the kernel averages with, and rejects a step below 1', () => {
    const [bc1, bc2] = adamBiasCorrections(0.9, 0.999, 2);
    expect(bc1).toBe(1 - f(0.9) * f(0.9));
    expect(bc2).toBe(1 - f(0.999) * f(0.999));
    expect(() => adamBiasCorrections(0.9, 0.999, 0)).toThrow(sb.ValueError);
    expect(() => adamBiasCorrections(0.9, 0.999, 1.5)).toThrow(/integer >= 1, got 1.5/);
  });
});

describe('parseOptimizer', () => {
  it("applies docs/API.md's defaults", () => {
    const sgd = { type: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false };
    const adam = { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    expect(parseOptimizer('sgd')).toEqual(sgd);
    expect(parseOptimizer({ type: 'sgd' })).toEqual(sgd);
    expect(parseOptimizer('adam')).toEqual(adam);
    expect(parseOptimizer({ type: 'adam' })).toEqual(adam);
    expect(parseOptimizer({ type: 'sgd', learningRate: 0.5, momentum: 0.9, nesterov: true })).toEqual({
      type: 'sgd',
      learningRate: 0.5,
      momentum: 0.9,
      nesterov: true,
    });
    expect(parseOptimizer({ type: 'adam', beta1: 0, beta2: 0.5, epsilon: 1e-3, learningRate: 2 })).toEqual({
      type: 'adam',
      learningRate: 2,
      beta1: 0,
      beta2: 0.5,
      epsilon: 1e-3,
    });
  });

  it('counts the state buffers each optimizer keeps', () => {
    expect(optimizerStateBuffers(parseOptimizer('sgd'))).toBe(0);
    expect(optimizerStateBuffers(parseOptimizer({ type: 'sgd', momentum: 0.5 }))).toBe(1);
    expect(optimizerStateBuffers(parseOptimizer('adam'))).toBe(2);
  });

  const bad: [unknown, RegExp][] = [
    ['rmsprop', /optimizer must be 'sgd', 'adam', 'momentum' or an object.*got 'rmsprop'/],
    [42, /optimizer must be .*got 42/],
    [null, /optimizer must be .*got null/],
    [undefined, /optimizer must be .*got nothing/],
    [['sgd'], /optimizer must be .*got \["sgd"\]/],
    [{}, /optimizer.type must be 'sgd', 'adam' or 'momentum', got nothing/],
    [{ type: 'Adam' }, /optimizer.type must be 'sgd', 'adam' or 'momentum', got 'Adam'/],
    [{ type: 'sgd', lr: 0.1 }, /optimizer sgd: unknown option 'lr' \(known: type, learningRate, momentum, nesterov\)/],
    [{ type: 'adam', momentum: 0.9 }, /optimizer adam: unknown option 'momentum' \(known: type, learningRate, beta1, beta2, epsilon\)/],
    [{ type: 'sgd', beta1: 0.9 }, /unknown option 'beta1'/],
    [{ type: 'sgd', learningRate: 0 }, /optimizer.learningRate must be a finite number > 0.*got 0/],
    [{ type: 'sgd', learningRate: -0.1 }, /learningRate .*got -0.1/],
    [{ type: 'adam', learningRate: Infinity }, /learningRate .*got Infinity/],
    [{ type: 'adam', learningRate: 1e-50 }, /learningRate must be a finite number > 0 in float32, got 1e-50/],
    [{ type: 'adam', learningRate: 1e39 }, /learningRate .*got 1e\+39/],
    [{ type: 'sgd', learningRate: NaN }, /optimizer.learningRate must be a number, got NaN/],
    [{ type: 'sgd', learningRate: '0.1' }, /optimizer.learningRate must be a number, got '0.1'/],
    [{ type: 'sgd', momentum: -0.1 }, /optimizer.momentum must be in \[0, 1\), got -0.1/],
    [{ type: 'sgd', momentum: 1 }, /momentum must be in \[0, 1\), got 1/],
    [{ type: 'sgd', momentum: 0.999999999 }, /momentum must be in \[0, 1\), got 0.999999999/],
    [{ type: 'sgd', momentum: Infinity }, /momentum must be in \[0, 1\), got Infinity/],
    [{ type: 'sgd', nesterov: true }, /optimizer.nesterov needs momentum > 0, got momentum 0/],
    [{ type: 'sgd', momentum: 0.9, nesterov: 'yes' }, /optimizer.nesterov must be true or false, got 'yes'/],
    [{ type: 'adam', beta1: 1 }, /optimizer.beta1 must be in \[0, 1\), got 1/],
    [{ type: 'adam', beta1: -0.5 }, /optimizer.beta1 must be in \[0, 1\), got -0.5/],
    [{ type: 'adam', beta2: 1.5 }, /optimizer.beta2 must be in \[0, 1\), got 1.5/],
    [{ type: 'adam', beta2: 0.99999999 }, /beta2 must be in \[0, 1\), got 0.99999999 \(it rounds to 1 in float32\)/],
    [{ type: 'adam', beta2: NaN }, /optimizer.beta2 must be a number, got NaN/],
    [{ type: 'adam', epsilon: 0 }, /optimizer.epsilon must be a finite number > 0.*got 0/],
    [{ type: 'adam', epsilon: -1e-7 }, /epsilon .*got -1e-7/],
    [{ type: 'adam', epsilon: 1e-50 }, /epsilon .*got 1e-50/],
    [{ type: 'adam', epsilon: Infinity }, /epsilon .*got Infinity/],
  ];
  for (const [spec, message] of bad) {
    it(`rejects ${JSON.stringify(spec) ?? String(spec)} with a ValueError`, () => {
      expect(() => parseOptimizer(spec)).toThrow(sb.ValueError);
      expect(() => parseOptimizer(spec)).toThrow(message);
    });
  }
});
