// The loss kernels against the float64 reference (test/reference/losses.ts) with bounds derived
// from the kernels' operation order, against central finite differences of the float64 loss,
// at extreme logits, class ids against one-hot labels, tile-edge sizes, position independence
// and in-place use; and the loss facts of src/nn/losses.ts (names, label checks, the mean).
// Every kernel runs on guarded buffers (test/support/kernel-tester.ts): a store past the end
// fails the test that made it, and the gradient starts as sentinels, so an element the kernel
// did not write fails its comparison.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import type { F32Buffer } from '../../src/core/buffer.js';
import { bceLogits, bceProbs, cceLogits, cceLogitsIds, mse } from '../../src/kernels/losses.js';
import { checkClassIds, checkUnitLabels, meanLoss, parseLossName } from '../../src/nn/losses.js';
import {
  bceLogitsReference,
  bceProbsReference,
  cceReference,
  mseReference,
  oneHot,
  PROB_CLIP_HI,
  PROB_CLIP_LO,
  sigmoid64,
  type LossReference,
} from '../reference/losses.js';
import { expectClose, testData } from '../support/compare.js';
import { expectBits, GUARD, SIZES, withGuardedF32 } from '../support/kernel-tester.js';

const U = 2 ** -24; // float32 unit roundoff; one ulp of x is at most 2U|x|
const U64 = 2 ** -53;
const TINY = 2 ** -140; // a few float32 subnormal spacings
// math.ts's stated accuracies, as relative bounds (ulps * 2U): exp 1 ulp, log 1 ulp,
// log1p 2 ulp.
const EXP = 2 * U;
const LOG = 2 * U;
const LOG1P = 4 * U;

beforeAll(async () => {
  await sb.ready();
});

it('the shared sizes include every size this file tested before', () => {
  for (const n of [1, 3, 4, 5, 7, 8, 9, 17, 1000]) expect(SIZES).toContain(n);
});

/** Binary labels 0/1 from a seed. */
const binary = (n: number, seed: number): Float32Array => testData(n, seed, 0, 1).map((v) => (v < 0.5 ? 0 : 1));
/** Class ids in [0, classes). */
const classIds = (rows: number, classes: number, seed: number): Float32Array =>
  testData(rows, seed, 0, 1).map((v) => Math.min(classes - 1, Math.floor(v * classes)));

type Elementwise = (p: F32Buffer, y: F32Buffer, g: F32Buffer | null, n: number) => number;
interface Run {
  sum: number;
  grad: Float32Array;
}

/** Runs an elementwise loss kernel on guarded buffers: its sum and its gradient. */
function runElementwise(kernel: Elementwise, p: Float32Array, y: Float32Array): Run {
  const n = p.length;
  let run: Run = { sum: NaN, grad: new Float32Array(0) };
  withGuardedF32([n, n, n], (pb, yb, gb) => {
    pb.write(p);
    yb.write(y);
    run = { sum: kernel(pb, yb, gb, n), grad: gb.read() };
  });
  return run;
}

/** Runs cceLogits (one-hot or probability rows) or cceLogitsIds (ids) on guarded buffers. */
function runCce(z: Float32Array, y: Float32Array, rows: number, classes: number, ids: boolean): Run {
  let run: Run = { sum: NaN, grad: new Float32Array(0) };
  withGuardedF32([rows * classes, y.length, rows * classes], (zb, yb, gb) => {
    zb.write(z);
    yb.write(y);
    run = { sum: (ids ? cceLogitsIds : cceLogits)(zb, yb, gb, rows, classes), grad: gb.read() };
  });
  return run;
}

/**
 * Runs fn on views of n elements whose next GUARD elements are NaN (inside guarded buffers of
 * n + GUARD): a kernel that read past n would turn its result NaN, one that wrote there would
 * change the NaN. Each view starts with the first n values given for it.
 */
function withNaNTails(n: number, values: ArrayLike<number>[], fn: (views: F32Buffer[], whole: F32Buffer[]) => void): void {
  withGuardedF32(
    values.map(() => n + GUARD),
    (...whole) => {
      whole.forEach((b, i) => {
        b.fill(NaN);
        b.write(Array.from(values[i]!).slice(0, n));
      });
      fn(
        whole.map((b) => b.view(0, n)),
        whole,
      );
    },
  );
}

/** The float64 sum's own bound: (n + 4) additions' worth of 2^-53 relative to sum |L_i|. */
const sumBound = (n: number, sumAbs: number) => (n + 4) * U64 * sumAbs;

const FLT_MIN = 2 ** -126;

describe('binary cross-entropy from logits', () => {
  // Per element L = a + b, a = max(z,0) - z*y in float64 (z*y exact, one rounding),
  // b = log1p(e), e = exp(-|z|) in float32: |db| <= LOG1P*b + EXP*e/(1+e) <= (LOG1P + EXP)*b
  // (e/(1+e) <= log1p(e) on [0,1]). Gradient g = sigmoid(z) - y over n, formed with
  // q = e/(1+e) (|dq| <= (EXP + 2U)q) as ((1 - y) - q) for z >= 0 (1 - y rounds: U(1 - y))
  // and (q - y) for z < 0, then divided by n:
  // |dg| <= ((EXP + 2U)q + U(1 - y)[z >= 0] + U|s - y|)/n + U|g|, widened by 1e-6 and TINY.
  function bounds(z: Float32Array, y: Float32Array, ref: LossReference) {
    const n = z.length;
    let value = 0;
    let sumAbs = 0;
    const grad = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = Math.log1p(Math.exp(-Math.abs(z[i]!)));
      const a = Math.max(z[i]!, 0) - z[i]! * y[i]!;
      value += (LOG1P + EXP) * b + 2 * U64 * Math.abs(a);
      sumAbs += Math.abs(a + b);
      const s = sigmoid64(z[i]!);
      const q = sigmoid64(-Math.abs(z[i]!));
      const oneMinusY = z[i]! >= 0 ? U * (1 - y[i]!) : 0;
      // The core's exp flushes e < FLT_MIN (|z| > 87.34) to 0: q and log1p(e) are then 0.
      const flush = q < FLT_MIN ? q : 0;
      value += flush;
      grad[i] =
        (((EXP + 2 * U) * q + oneMinusY + U * Math.abs(s - y[i]!)) / n + U * Math.abs(ref.grad[i]!)) * (1 + 1e-6) +
        TINY +
        flush / n;
    }
    return { value: value + sumBound(n, sumAbs), grad };
  }

  for (const n of SIZES) {
    it(`n = ${n}: value and gradient within the derived bounds`, () => {
      const z = testData(n, 10 + n, -8, 8);
      for (const y of [binary(n, 20 + n), testData(n, 30 + n, 0, 1)]) {
        const ref = bceLogitsReference(z, y);
        const got = runElementwise(bceLogits, z, y);
        const b = bounds(z, y, ref);
        expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(b.value);
        expectClose(got.grad, ref.grad, (i) => b.grad[i]!, `bce gradient (n ${n})`);
      }
    });
  }

  it('stays finite and accurate at extreme logits (±1e4, ±89, ±88, ±20, 0, ±1e30, ±3e38)', () => {
    const zs = [1e4, -1e4, 89, -89, 88, -88, 20, -20, 0, 1e30, -1e30, 3e38, -3e38];
    for (const yv of [0, 1, 0.5]) {
      const z = new Float32Array(zs);
      const y = new Float32Array(zs.length).fill(yv);
      const ref = bceLogitsReference(z, y);
      const got = runElementwise(bceLogits, z, y);
      expect(Number.isFinite(got.sum)).toBe(true);
      const b = bounds(z, y, ref);
      expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(b.value);
      expectClose(got.grad, ref.grad, (i) => b.grad[i]!, `extreme gradient (y ${yv})`);
      for (const g of got.grad) expect(Math.abs(g)).toBeLessThanOrEqual(Math.fround(1 / zs.length));
    }
    // A confidently right logit costs (almost) nothing, a confidently wrong one costs |z|.
    const right = runElementwise(bceLogits, new Float32Array([1e4]), new Float32Array([1]));
    expect(right.sum).toBe(0);
    expect(right.grad[0]).toBe(0);
    const wrong = runElementwise(bceLogits, new Float32Array([1e4]), new Float32Array([0]));
    expect(wrong.sum).toBe(1e4);
    expect(wrong.grad[0]).toBe(1);
    // z = 0: log 2 whatever the label; gradient 1/2 - y.
    const zero = runElementwise(bceLogits, new Float32Array([0]), new Float32Array([1]));
    expect(Math.abs(zero.sum - Math.LN2)).toBeLessThanOrEqual(LOG1P * Math.LN2);
    expect(zero.grad[0]).toBe(-0.5);
  });
});

describe('binary cross-entropy from probabilities', () => {
  // Per element, with q = clip(p): log(q) <= 1 ulp; log(1 - q) adds the rounding of 1 - q
  // (relative U, absolute U on the log); the weighted sum is float64.
  // Gradient ((p - y)/(p(1-p)))/n: five roundings, |dg| <= 5U|g| (inside the clip), exactly
  // 0 outside it.
  function bounds(p: Float32Array, y: Float32Array, ref: LossReference) {
    const n = p.length;
    let value = 0;
    let sumAbs = 0;
    for (let i = 0; i < n; i++) {
      const q = Math.min(Math.max(p[i]!, PROB_CLIP_LO), PROB_CLIP_HI);
      const lq = Math.abs(Math.log(q));
      const lr = Math.abs(Math.log(1 - q));
      const L = y[i]! * lq + (1 - y[i]!) * lr;
      value += y[i]! * LOG * lq + (1 - y[i]!) * (LOG * lr + U) + 4 * U64 * L;
      sumAbs += L;
    }
    return {
      value: value + sumBound(n, sumAbs),
      grad: (i: number) => 5 * U * Math.abs(ref.grad[i]!) * (1 + 1e-6) + TINY,
    };
  }

  for (const n of SIZES) {
    it(`n = ${n}: value and gradient within the derived bounds`, () => {
      const p = testData(n, 40 + n, 0.001, 0.999);
      for (const y of [binary(n, 50 + n), testData(n, 60 + n, 0, 1)]) {
        const ref = bceProbsReference(p, y);
        const got = runElementwise(bceProbs, p, y);
        const b = bounds(p, y, ref);
        expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(b.value);
        expectClose(got.grad, ref.grad, b.grad, `bce probs gradient (n ${n})`);
      }
    });
  }

  it("clips to Keras's [1e-7, 1 - 1e-7]: finite at 0 and 1, zero gradient outside", () => {
    const p = new Float32Array([0, 1, 1e-9, PROB_CLIP_LO, PROB_CLIP_HI, 1.5, -0.5, 0.5]);
    const y = new Float32Array([1, 0, 1, 1, 0, 0, 1, 1]);
    const ref = bceProbsReference(p, y);
    const got = runElementwise(bceProbs, p, y);
    expect(Number.isFinite(got.sum)).toBe(true);
    const b = bounds(p, y, ref);
    expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(b.value);
    expectClose(got.grad, ref.grad, b.grad, 'clipped gradient');
    // -log(1e-7) = 16.118... for each of the four fully wrong, clipped predictions.
    expect(got.sum).toBeGreaterThan(4 * 16.1);
    for (const i of [0, 1, 2, 5, 6]) expect(got.grad[i]).toBe(0);
    expect(got.grad[3]).not.toBe(0); // the clip bounds themselves are inside
    expect(PROB_CLIP_HI).toBe(0.9999998807907104);
  });
});

describe('mean squared error', () => {
  // L = (a - t)^2 in float64 (a - t exact in float64 for these inputs, one rounding for the
  // square); gradient (d + d)/n with d = a - t in float32: |dg| <= 2U|g|.
  for (const n of SIZES) {
    it(`n = ${n}: value and gradient within the derived bounds`, () => {
      const a = testData(n, 70 + n, -3, 3);
      const t = testData(n, 80 + n, -3, 3);
      const ref = mseReference(a, t);
      const got = runElementwise(mse, a, t);
      expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(2 * U64 * ref.sum + sumBound(n, ref.sum));
      expectClose(got.grad, ref.grad, (i) => 2 * U * Math.abs(ref.grad[i]!) * (1 + 1e-6) + TINY, `mse gradient (n ${n})`);
    });
  }

  it('large values do not overflow the float64 sum', () => {
    const got = runElementwise(mse, new Float32Array([3e38, -3e38]), new Float32Array([-3e38, 3e38]));
    expect(got.sum).toBe(2 * (2 * Math.fround(3e38)) ** 2);
    expect(Number.isFinite(got.sum)).toBe(true);
  });
});

describe('categorical cross-entropy with softmax', () => {
  // Per row, with d_j = z_j - max (rounded in float32: relative error U|d_j| in exp(d_j);
  // d_j = 0 for the max, whose exp(0) = 1 is exact):
  //   e_j = exp(d_j):  de_j <= e_j*(EXP + U|d_j|)  (0 where d_j = 0)
  //   s = sum_j e_j in float64:  ds <= sum_j de_j + classes*2^-53*s
  //   ls = log1p(float32(s - 1)):  dls <= LOG1P*ls + (ds + U(s - 1))/s
  //   row loss sum_j y_j (ls - d_j) in float64:  <= (sum_j y_j)*dls + 4*2^-53*loss
  //   grad_j = (e_j - y_j s)/(s rows) in float64, rounded once to float32:
  //     <= (de_j + y_j ds)/(s rows) + |g_j|(ds/s + 4*2^-53) + U|g_j|
  function bounds(z: Float32Array, y: Float32Array, rows: number, classes: number) {
    let value = 0;
    let sumAbs = 0;
    const grad = new Float64Array(rows * classes);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(z.subarray(r * classes, (r + 1) * classes));
      const mx = Math.max(...row);
      const d = row.map((v) => v - mx);
      const e = d.map(Math.exp);
      const de = e.map((v, j) => (d[j] === 0 ? 0 : v * (EXP + U * Math.abs(d[j]!))));
      const s = e.reduce((x, v) => x + v, 0);
      const ds = de.reduce((x, v) => x + v, 0) + classes * U64 * s;
      const ls = Math.log(s);
      const dls = LOG1P * ls + (ds + U * (s - 1)) / s;
      let ySum = 0;
      let loss = 0;
      for (let j = 0; j < classes; j++) {
        const yj = y[r * classes + j]!;
        ySum += yj;
        loss += yj * (ls - d[j]!);
        const g = Math.abs((e[j]! - yj * s) / (s * rows));
        grad[r * classes + j] =
          ((de[j]! + yj * ds) / (s * rows) + g * (ds / s + 4 * U64) + U * g) * (1 + 1e-6) + TINY;
      }
      value += ySum * dls + 4 * U64 * loss;
      sumAbs += loss;
    }
    return { value: value + sumBound(rows, sumAbs), grad };
  }

  const shapes: [number, number][] = [
    [1, 1], [1, 2], [3, 3], [2, 4], [5, 5], [4, 7], [3, 8], [7, 9], [64, 10], [17, 17], [2, 1000],
  ];
  for (const [rows, classes] of shapes) {
    it(`${rows}x${classes}: one-hot and class ids, value and gradient within the derived bounds`, () => {
      const z = testData(rows * classes, rows * 100 + classes, -6, 6);
      const ids = classIds(rows, classes, rows + 7 * classes);
      const y = oneHot(ids, classes);
      const ref = cceReference(z, y, rows, classes);
      const b = bounds(z, y, rows, classes);
      const hot = runCce(z, y, rows, classes, false);
      expect(Math.abs(hot.sum - ref.sum)).toBeLessThanOrEqual(b.value);
      expectClose(hot.grad, ref.grad, (i) => b.grad[i]!, `cce gradient (${rows}x${classes})`);
      // Class ids give exactly the one-hot bits.
      const byId = runCce(z, ids, rows, classes, true);
      expect(byId.sum).toBe(hot.sum);
      expectBits(byId.grad, hot.grad, `cce ids vs one-hot (${rows}x${classes})`);
    });
  }

  it('probability rows (soft labels) within the derived bounds', () => {
    const rows = 6;
    const classes = 5;
    const z = testData(rows * classes, 5, -3, 3);
    const raw = testData(rows * classes, 6, 0, 1);
    const y = new Float32Array(rows * classes);
    for (let r = 0; r < rows; r++) {
      const s = raw.subarray(r * classes, (r + 1) * classes).reduce((a, v) => a + v, 0);
      for (let j = 0; j < classes; j++) y[r * classes + j] = raw[r * classes + j]! / s;
    }
    const ref = cceReference(z, y, rows, classes);
    const b = bounds(z, y, rows, classes);
    const got = runCce(z, y, rows, classes, false);
    expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(b.value);
    expectClose(got.grad, ref.grad, (i) => b.grad[i]!, 'soft-label gradient');
  });

  it('is stable for any finite logits', () => {
    const rows = [
      [1e4, -1e4, 0],
      [88, 89, -88],
      [-1e30, 1e30, 0],
      [5, 5, 5],
      [-100, -100, -100.5],
      [3e38, -3e38, 0],
    ];
    const classes = 3;
    const z = new Float32Array(rows.flat());
    for (const label of [0, 1, 2]) {
      const ids = new Float32Array(rows.length).fill(label);
      const y = oneHot(ids, classes);
      const ref = cceReference(z, y, rows.length, classes);
      const got = runCce(z, y, rows.length, classes, false);
      expect(Number.isFinite(got.sum)).toBe(true);
      for (const g of got.grad) expect(Number.isFinite(g)).toBe(true);
      const b = bounds(z, y, rows.length, classes);
      expect(Math.abs(got.sum - ref.sum)).toBeLessThanOrEqual(b.value);
      expectClose(got.grad, ref.grad, (i) => b.grad[i]!, `extreme logits, label ${label}`);
      const byId = runCce(z, ids, rows.length, classes, true);
      expect(byId.sum).toBe(got.sum);
      expectBits(byId.grad, got.grad, `extreme logits, ids vs one-hot, label ${label}`);
    }
    // Equal logits: log(3) per row, gradient (1/3 - y)/rows.
    const eq = runCce(new Float32Array([5, 5, 5]), new Float32Array([1]), 1, 3, true);
    expect(Math.abs(eq.sum - Math.log(3))).toBeLessThanOrEqual(LOG * Math.log(3) + 4 * U);
  });

  it('confident, correct rows keep relative accuracy in loss and gradient', () => {
    // The label's logit leads by 12..16: softmax rounds to 1 in float32, yet the loss
    // (~1e-6 per row) and the label's gradient (minus the other classes' mass) stay accurate.
    const rows = 8;
    const classes = 6;
    const z = testData(rows * classes, 91, -1, 1);
    const ids = classIds(rows, classes, 92);
    for (let r = 0; r < rows; r++) z[r * classes + ids[r]!] = 12 + (r % 5);
    const y = oneHot(ids, classes);
    const ref = cceReference(z, y, rows, classes);
    const got = runCce(z, ids, rows, classes, true);
    expect(ref.sum).toBeLessThan(rows * 1e-4);
    expect(Math.abs(got.sum - ref.sum) / ref.sum).toBeLessThan(8 * U);
    for (let r = 0; r < rows; r++) {
      const i = r * classes + ids[r]!;
      expect(got.grad[i]).toBeLessThan(0);
      expect(Math.abs(got.grad[i]! - ref.grad[i]!) / Math.abs(ref.grad[i]!)).toBeLessThan(8 * U);
    }
  });

  it('a class id that is not an integer in range gives NaN for its row (the TS check comes first)', () => {
    const z = testData(6, 1);
    for (const bad of [-1, 3, 1.5, NaN, 1e30]) {
      expect(Number.isNaN(runCce(z, new Float32Array([0, bad]), 2, 3, true).sum)).toBe(true);
    }
  });
});

describe('gradients against central finite differences of the float64 loss', () => {
  // d(mean loss)/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / (2h) in float64 with h = 1e-4:
  // truncation O(h^2), rounding O(1e-16/h), both far below the 1e-3 relative test.
  // Inputs keep every gradient away from 0 (|sigmoid(z) - y| >= 0.018, |a - t| >= 0.1, ...).
  const h = 1e-4;
  function check(
    x: Float32Array,
    grad: Float32Array,
    meanLoss64: (x: Float64Array) => number,
    what: string,
  ): void {
    const xs = new Float64Array(x);
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const keep = xs[i]!;
      xs[i] = keep + h;
      const up = meanLoss64(xs);
      xs[i] = keep - h;
      const down = meanLoss64(xs);
      xs[i] = keep;
      const fd = (up - down) / (2 * h);
      const rel = Math.abs(grad[i]! - fd) / Math.abs(fd);
      worst = Math.max(worst, rel);
      expect(rel, `${what}[${i}]: core ${grad[i]}, finite difference ${fd}`).toBeLessThan(1e-3);
    }
    expect(worst).toBeLessThan(1e-3);
  }

  it('binary cross-entropy from logits', () => {
    const n = 13;
    const z = testData(n, 3, -4, 4);
    const y = binary(n, 4);
    check(z, runElementwise(bceLogits, z, y).grad, (x) => bceLogitsReference(x, y).sum / n, 'bce logits');
  });

  it('binary cross-entropy from logits, confident and correct (|z| in [8, 20])', () => {
    const n = 9;
    const z = testData(n, 13, 8, 20).map((v, i) => (i % 2 ? v : -v));
    const y = z.map((v) => (v > 0 ? 1 : 0));
    check(z, runElementwise(bceLogits, z, y).grad, (x) => bceLogitsReference(x, y).sum / n, 'bce confident');
  });

  it('binary cross-entropy from probabilities', () => {
    const n = 13;
    const p = testData(n, 5, 0.05, 0.95);
    const y = binary(n, 6);
    check(p, runElementwise(bceProbs, p, y).grad, (x) => bceProbsReference(x, y).sum / n, 'bce probs');
  });

  it('mean squared error', () => {
    const n = 13;
    const a = testData(n, 7, -2, 2);
    const t = a.map((v, i) => v + (i % 2 ? 0.5 : -0.3));
    check(a, runElementwise(mse, a, t).grad, (x) => mseReference(x, t).sum / n, 'mse');
  });

  it('categorical cross-entropy, one-hot and class ids', () => {
    const rows = 4;
    const classes = 5;
    const z = testData(rows * classes, 8, -2, 2);
    const ids = classIds(rows, classes, 9);
    const y = oneHot(ids, classes);
    const loss = (x: Float64Array) => cceReference(x, y, rows, classes).sum / rows;
    check(z, runCce(z, y, rows, classes, false).grad, loss, 'cce one-hot');
    check(z, runCce(z, ids, rows, classes, true).grad, loss, 'cce ids');
    // Confident rows: the label leads by 10.
    const zc = z.slice();
    for (let r = 0; r < rows; r++) zc[r * classes + ids[r]!] = 10;
    const lossC = (x: Float64Array) => cceReference(x, y, rows, classes).sum / rows;
    check(zc, runCce(zc, ids, rows, classes, true).grad, lossC, 'cce confident');
  });
});

describe('position independence and in-place use', () => {
  const N = 1000;
  const p = testData(N, 201, -5, 5);
  const prob = testData(N, 202, 0.01, 0.99);
  const y = testData(N, 203, 0, 1);
  const windows: [number, number][] = [[0, 1], [7, 1], [999, 1], [5, 3], [1, 4], [2, 5], [7, 5], [3, 7], [13, 9], [990, 9]];
  const kernels: [string, Elementwise, Float32Array][] = [
    ['bceLogits', bceLogits, p],
    ['bceProbs', bceProbs, prob],
    ['mse', mse, p],
  ];

  for (const [name, kernel, input] of kernels) {
    it(`${name}: an element's gradient has the same bits at every position`, () => {
      const full = runElementwise(kernel, input, y).grad;
      for (const [start, n] of windows) {
        // The gradient divides by the count, so compare at the same count: place the window's
        // values at the front and at the back of a buffer of length N.
        const front = new Float32Array(input);
        const yFront = new Float32Array(y);
        front.set(input.subarray(start, start + n), 0);
        yFront.set(y.subarray(start, start + n), 0);
        const g = runElementwise(kernel, front, yFront).grad;
        expectBits(g.slice(0, n), full.slice(start, start + n), `${name} ${start}+${n}`);
      }
      // Equal inputs give equal gradients in every lane, the tail lane included.
      for (const i of [0, 3, 4, 7, 998]) {
        for (const n of [5, 7, 9]) {
          const same = runElementwise(kernel, new Float32Array(n).fill(input[i]!), new Float32Array(n).fill(y[i]!));
          expectBits(same.grad, new Float32Array(n).fill(same.grad[0]!), `${name}: ${n} equal inputs`);
        }
      }
    });

    it(`${name}: value only (grad null) gives the same sum, and grad may alias the input`, () => {
      for (const n of [1, 5, 9, 17]) {
        const x = input.subarray(0, n);
        const t = y.subarray(0, n);
        const separate = runElementwise(kernel, x, t);
        withGuardedF32([n, n], (xb, tb) => {
          xb.write(x);
          tb.write(t);
          expect(kernel(xb, tb, null, n)).toBe(separate.sum);
          expectBits(xb.read(), x, `${name}: the input after a value-only call`);
          expect(kernel(xb, tb, xb, n)).toBe(separate.sum);
          expectBits(xb.read(), separate.grad, `${name}: the gradient written over the input`);
        });
      }
    });
  }

  it("categorical cross-entropy: a row's gradient does not depend on its position in the batch", () => {
    const rows = 9;
    const classes = 7;
    const z = testData(rows * classes, 301, -4, 4);
    const ids = classIds(rows, classes, 302);
    const a = runCce(z, ids, rows, classes, true).grad;
    // Reverse the rows: each row's gradient moves with it, bit for bit.
    const zr = new Float32Array(rows * classes);
    const idr = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      zr.set(z.subarray(r * classes, (r + 1) * classes), (rows - 1 - r) * classes);
      idr[rows - 1 - r] = ids[r]!;
    }
    const b = runCce(zr, idr, rows, classes, true).grad;
    for (let r = 0; r < rows; r++) {
      expectBits(b.slice((rows - 1 - r) * classes, (rows - r) * classes), a.slice(r * classes, (r + 1) * classes), `row ${r}`);
    }
    // Equal logits give bit-identical softmax gradients wherever they sit in the row.
    const tied = runCce(new Float32Array([0.3, 1.7, 0.3, 0.3, -2, 1.7, 0.3]), new Float32Array([4]), 1, 7, true).grad;
    expectBits(tied.slice(0, 1), tied.slice(6, 7), 'tied logits 0 and 6');
    expectBits(tied.slice(1, 2), tied.slice(5, 6), 'tied logits 1 and 5');
  });

  it('categorical cross-entropy: value only, and grad aliasing z, give the same results', () => {
    for (const [rows, classes] of [[3, 5], [2, 8], [4, 9]] as const) {
      const z = testData(rows * classes, 400 + classes, -3, 3);
      const ids = classIds(rows, classes, 401);
      const y = oneHot(ids, classes);
      for (const useIds of [false, true]) {
        const labels = useIds ? ids : y;
        const kernel = useIds ? cceLogitsIds : cceLogits;
        const separate = runCce(z, labels, rows, classes, useIds);
        withGuardedF32([z.length, labels.length], (zb, lb) => {
          zb.write(z);
          lb.write(labels);
          expect(kernel(zb, lb, null, rows, classes)).toBe(separate.sum);
          expectBits(zb.read(), z, 'z after a value-only call');
          expect(kernel(zb, lb, zb, rows, classes)).toBe(separate.sum);
          expectBits(zb.read(), separate.grad, 'the gradient written over z');
        });
      }
    }
  });

  it('nothing past the end is read or written', () => {
    for (const n of [1, 2, 3, 5, 6, 7]) {
      for (const [, kernel, input] of kernels) {
        withNaNTails(n, [input, y, []], ([pv, yv, gv], [, , gb]) => {
          const sum = kernel(pv!, yv!, gv!, n);
          expect(Number.isFinite(sum)).toBe(true);
          const g = gb!.read();
          expect(Array.from(g.subarray(0, n)).every(Number.isFinite)).toBe(true);
          expect(Array.from(g.subarray(n)).every(Number.isNaN)).toBe(true);
        });
      }
      // One row of n classes followed by NaN.
      withNaNTails(n, [p, oneHot([n - 1], n), []], ([zv, yv, gv], [, , gb]) => {
        const sum = cceLogits(zv!, yv!, gv!, 1, n);
        expect(Number.isFinite(sum)).toBe(true);
        const g = gb!.read();
        expect(Array.from(g.subarray(n)).every(Number.isNaN)).toBe(true);
      });
    }
  });

  it('empty inputs give 0', () => {
    withGuardedF32([4], (b) => {
      b.write([1, 2, 3, 4]);
      expect(bceLogits(b, b, null, 0)).toBe(0);
      expect(mse(b, b, null, 0)).toBe(0);
      expect(cceLogits(b, b, null, 0, 4)).toBe(0);
      expect(cceLogitsIds(b, b, null, 2, 0)).toBe(0);
    });
  });
});

describe('loss names and label checks', () => {
  it('parseLossName accepts the three names of docs/API.md and rejects others', () => {
    for (const name of ['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError']) {
      expect(parseLossName(name)).toBe(name);
    }
    expect(() => parseLossName('mse')).toThrow(sb.ValueError);
    expect(() => parseLossName('mse')).toThrow(
      "loss must be one of 'binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError', got 'mse'",
    );
    expect(() => parseLossName(undefined)).toThrow(/got undefined/);
  });

  it('checkClassIds names the row and the value', () => {
    expect(() => checkClassIds([0, 2, 1], 3)).not.toThrow();
    expect(() => checkClassIds([0, 3], 3)).toThrow(sb.ValueError);
    expect(() => checkClassIds([0, 3], 3)).toThrow('y[1] must be a class id in 0..2, got 3');
    expect(() => checkClassIds([1.5], 3)).toThrow(/y\[0\] must be a class id in 0\.\.2, got 1\.5/);
    expect(() => checkClassIds([-1], 3)).toThrow(/y\[0\] must be a class id in 0\.\.2, got -1/);
    expect(() => checkClassIds([NaN], 3)).toThrow(/y\[0\] must be a class id in 0\.\.2, got NaN/);
  });

  it('checkUnitLabels names the loss, the position and the value', () => {
    expect(() => checkUnitLabels([0, 1, 0.25], 1, 'binaryCrossEntropy')).not.toThrow();
    expect(() => checkUnitLabels([0, 2], 1, 'binaryCrossEntropy')).toThrow(sb.ValueError);
    expect(() => checkUnitLabels([0, 2], 1, 'binaryCrossEntropy')).toThrow(
      'binaryCrossEntropy targets must be in [0, 1], got 2 at row 1, column 0',
    );
    expect(() => checkUnitLabels([0, 1, 0, -0.5], 2, 'binaryCrossEntropy')).toThrow(/got -0.5 at row 1, column 1/);
    expect(() => checkUnitLabels([NaN], 1, 'binaryCrossEntropy')).toThrow(/got NaN at row 0/);
    expect(() => checkUnitLabels([0.5, 1.5], 2, 'categoricalCrossEntropy')).toThrow(
      'categoricalCrossEntropy targets must be in [0, 1], got 1.5 at row 0, column 1',
    );
  });

  it('meanLoss rounds the float64 mean to float32', () => {
    expect(meanLoss(1, 3)).toBe(Math.fround(1 / 3));
  });
});
