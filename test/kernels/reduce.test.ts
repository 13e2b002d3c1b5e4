// The reductions against their float64 references (test/reference/reduce.ts, compensated sums).
//
// Two checks for every result:
// 1. Order: the kernels document their float64 summation order (reduce.ts: value i into lane
//    i % 8, lanes combined as ((l0 + l2) + (l4 + l6)) + ((l1 + l3) + (l5 + l7)); rows.ts: each
//    column in row order). JavaScript numbers are IEEE float64, so replaying that order here
//    must give the core's result bit for bit: this pins determinism and position independence.
// 2. Accuracy, u = 2^-53: a sum whose longest chain has c additions (c = ceil(n/8) + 2 lanes
//    plus combining for reduce.ts, rows - 1 for a column) is within c u sum|x| of the exact sum
//    (Higham, "Accuracy and Stability of Numerical Algorithms", eq. 4.4); a float32 result adds
//    2^-24 of its magnitude; the reference's own error is at most about 2 u |sum|.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { memory } from '../../src/core/heap.js';
import type { F32Buffer } from '../../src/core/buffer.js';
import { Tensor, tensor } from '../../src/core/tensor.js';
import { DisposedError, ShapeError, ValueError } from '../../src/errors.js';
import * as rk from '../../src/kernels/reduce.js';
import * as rowk from '../../src/kernels/rows.js';
import * as rd from '../../src/ops/reduce.js';
import * as ref from '../reference/reduce.js';
import { expectClose, testData } from '../support/compare.js';
import { LANES, mat, tileSizes, wide, withGuardedF32, SHAPES as BASE_SHAPES } from '../support/kernel-tester.js';

const U53 = 2 ** -53;
const U24 = 2 ** -24;

/** The documented order of reduce.ts: value i into lane i % 8, then the fixed combination. */
function laneOrder(x: ArrayLike<number>, term: (v: number) => number): number {
  const l = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) l[i % 8] += term(x[i]!);
  return l[0]! + l[2]! + (l[4]! + l[6]!) + (l[1]! + l[3]! + (l[5]! + l[7]!));
}
const orderSum = (x: ArrayLike<number>): number => laneOrder(x, (v) => v);
const orderSumSquares = (x: ArrayLike<number>): number => laneOrder(x, (v) => v * v);
function orderVariance(x: ArrayLike<number>): number {
  const m = orderSum(x) / x.length;
  return laneOrder(x, (v) => (v - m) * (v - m)) / x.length;
}

/** The documented order of rows.ts: column j summed in row order from 0. */
function orderColumn(x: ArrayLike<number>, rows: number, cols: number, j: number, term: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < rows; i++) s += term(x[i * cols + j]!);
  return s;
}

/** Error bound of a float32 value rounded from a float64 value within e64 of ref. */
function f32Bound(ref: number, e64: number): number {
  return U24 * (Math.abs(ref) + e64) + e64;
}

/** Chain length of reduce.ts for n values: ceil(n/8) - 1 lane additions + 3 combining. */
const chain = (n: number): number => Math.ceil(n / 8) + 2;

/** Bound on a two-pass variance with c-addition sums (see the file comment of rows.ts / reduce.ts). */
function varianceBound(c: number, n: number, v: number, mean: number, sumAbs: number): number {
  const em = ((c + 1) * U53 * sumAbs) / n + 2 * U53 * Math.abs(mean);
  return (c + 12) * U53 * v + 2 * em * em;
}

/** fn's result on a guarded buffer holding data (freed after, nothing written past it). */
function withData<T>(data: Float32Array, fn: (x: F32Buffer) => T): T {
  let result: { value: T } | undefined;
  withGuardedF32([data.length], (x) => {
    x.write(data);
    result = { value: fn(x) };
  });
  return result!.value;
}

// reduce.ts takes 2·LANES values a step into four f64x2 accumulators; the n % 8 tail is a
// full vector and/or a partial one of 1..3 lanes (LANES / 2: the 64-bit half-vector load).
// 6·LANES: three steps. 37000: large, with a 0 tail after many steps.
const SIZES = tileSizes([LANES / 2, LANES, 2 * LANES, 4 * LANES, 6 * LANES], [97, 1000, 37000]);
const SHAPES: readonly (readonly [number, number])[] = [...BASE_SHAPES, [2, 20], [6, 23], [3, 33], [13, 31], [1000, 37], [37, 1000]];

beforeAll(async () => {
  await ready();
});

describe('whole-array reductions (buffer kernels, float64)', () => {
  it('sum and sum of squares: the documented lane order, and within c u sum|x| of the exact sum', () => {
    for (const n of SIZES) {
      const x = wide(n, n);
      const [s, ss] = withData(x, (p) => [rk.sum(p, n), rk.sumSquares(p, n)]);
      expect(s).toBe(orderSum(x));
      expect(ss).toBe(orderSumSquares(x));
      const rs = ref.sum(x);
      const rss = ref.sumSquares(x);
      expectClose([s], [rs], () => chain(n) * U53 * ref.sumAbs(x) + 2 * U53 * Math.abs(rs), `sum n=${n}`);
      expectClose([ss], [rss], () => (chain(n) + 2) * U53 * rss, `sumSquares n=${n}`);
    }
  });

  it('mean and variance (two-pass): the documented order, and within the derived bounds', () => {
    for (const n of SIZES) {
      for (const [what, x] of [
        ['wide', wide(n, 3 * n)],
        // A large offset: one-pass E[x^2] - m^2 would cancel, two-pass does not.
        ['offset', testData(n, n + 1, 1e4, 1e4 + 1)],
      ] as const) {
        const [m, v] = withData(x, (p) => [rk.mean(p, n), rk.variance(p, n)]);
        expect(m).toBe(orderSum(x) / n);
        expect(v).toBe(orderVariance(x));
        const rm = ref.mean(x);
        const rv = ref.variance(x);
        const sumAbs = ref.sumAbs(x);
        expectClose([m], [rm], () => (chain(n) * U53 * sumAbs) / n + 3 * U53 * Math.abs(rm), `mean ${what} n=${n}`);
        expectClose([v], [rv], () => varianceBound(chain(n), n, rv, rm, sumAbs), `variance ${what} n=${n}`);
      }
    }
  });

  it('a float32 accumulator would drift; float64 does not', () => {
    const n = 100_000;
    const x = new Float32Array(n).fill(0.1);
    const s = withData(x, (p) => rk.sum(p, n));
    expect(Math.fround(s)).toBe(Math.fround(n * Math.fround(0.1)));
    let f32 = 0;
    for (let i = 0; i < n; i++) f32 = Math.fround(f32 + x[i]!);
    expect(Math.abs(f32 - 10000)).toBeGreaterThan(1); // what a naive float32 loop gives
  });

  it('variance of constant data is exactly 0', () => {
    for (const n of [1, 5, 8, 17, 1000]) {
      const x = new Float32Array(n).fill(Math.fround(123.456));
      expect(withData(x, (p) => rk.variance(p, n))).toBe(0);
    }
  });

  it('max |x| is exact, and NaN at any position gives NaN', () => {
    for (const n of [0, ...SIZES]) {
      const x = wide(n, 17 + n);
      withData(x, (p) => {
        expect(rk.maxAbs(p, n)).toBe(ref.maxAbs(x));
      });
    }
    for (const n of [1, 3, 4, 5, 8, 9, 15, 16, 17, 40]) {
      const x = wide(n, 5);
      withData(x, (p) => {
        for (let at = 0; at < n; at++) {
          p.write(x);
          p.write([-3.4028234663852886e38], at);
          expect(rk.maxAbs(p, n)).toBe(3.4028234663852886e38);
          p.write([NaN], at);
          expect(rk.maxAbs(p, n)).toBeNaN();
        }
      });
    }
  });
});

describe('column and row reductions', () => {
  for (const [r, c] of SHAPES) {
    it(`${r}x${c}: column/row sums, means and variances`, () => {
      const x = wide(r * c, r * 100 + c);
      let got!: Record<'colS' | 'colM' | 'colMM' | 'colV' | 'colV2' | 'rowS' | 'rowM' | 'rowMM' | 'rowV', Float32Array>;
      withGuardedF32([r * c, c, c, c, c, c, r, r, r, r], (p, colS, colM, colMM, colV, colV2, rowS, rowM, rowMM, rowV) => {
        p.write(x);
        rowk.colSums(p, colS, r, c);
        rowk.colMeans(p, colM, r, c);
        rowk.colMeanVar(p, colMM, colV, r, c);
        rowk.colMeanVar(p, null, colV2, r, c);
        rowk.rowSums(p, rowS, r, c);
        rowk.rowMeans(p, rowM, r, c);
        rowk.rowMeanVar(p, rowMM, rowV, r, c);
        got = {
          colS: colS.read(),
          colM: colM.read(),
          colMM: colMM.read(),
          colV: colV.read(),
          colV2: colV2.read(),
          rowS: rowS.read(),
          rowM: rowM.read(),
          rowMM: rowMM.read(),
          rowV: rowV.read(),
        };
      });

      // Order: replaying the documented float64 operations gives the same float32 bits.
      for (let j = 0; j < c; j++) {
        const s = orderColumn(x, r, c, j, (v) => v);
        const m = s / r;
        const v = orderColumn(x, r, c, j, (t) => (t - m) * (t - m)) / r;
        expect(got.colS[j]).toBe(Math.fround(s));
        expect(got.colM[j]).toBe(Math.fround(m));
        expect(got.colMM[j]).toBe(Math.fround(m));
        expect(got.colV[j]).toBe(Math.fround(v));
        expect(got.colV2[j]).toBe(Math.fround(v));
      }
      for (let i = 0; i < r; i++) {
        const row = x.subarray(i * c, (i + 1) * c);
        expect(got.rowS[i]).toBe(Math.fround(orderSum(row)));
        expect(got.rowM[i]).toBe(Math.fround(orderSum(row) / c));
        expect(got.rowMM[i]).toBe(Math.fround(orderSum(row) / c));
        expect(got.rowV[i]).toBe(Math.fround(orderVariance(row)));
      }

      // Accuracy against the compensated float64 reference.
      const cs = ref.colSums(x, r, c);
      const ca = ref.colSumsAbs(x, r, c);
      const cmv = ref.colMeanVar(x, r, c);
      expectClose(got.colS, cs, (j) => f32Bound(cs[j]!, (r - 1) * U53 * ca[j]! + 2 * U53 * Math.abs(cs[j]!)), 'colSums');
      expectClose(
        got.colM,
        cmv.mean,
        (j) => f32Bound(cmv.mean[j]!, ((r - 1) * U53 * ca[j]!) / r + 3 * U53 * Math.abs(cmv.mean[j]!)),
        'colMeans',
      );
      expectClose(
        got.colV,
        cmv.variance,
        (j) => f32Bound(cmv.variance[j]!, varianceBound(r - 1, r, cmv.variance[j]!, cmv.mean[j]!, ca[j]!)),
        'colVariance',
      );
      const rs = ref.rowSums(x, r, c);
      const ra = ref.rowSumsAbs(x, r, c);
      const rmv = ref.rowMeanVar(x, r, c);
      expectClose(got.rowS, rs, (i) => f32Bound(rs[i]!, chain(c) * U53 * ra[i]! + 2 * U53 * Math.abs(rs[i]!)), 'rowSums');
      expectClose(
        got.rowM,
        rmv.mean,
        (i) => f32Bound(rmv.mean[i]!, (chain(c) * U53 * ra[i]!) / c + 3 * U53 * Math.abs(rmv.mean[i]!)),
        'rowMeans',
      );
      expectClose(
        got.rowV,
        rmv.variance,
        (i) => f32Bound(rmv.variance[i]!, varianceBound(chain(c), c, rmv.variance[i]!, rmv.mean[i]!, ra[i]!)),
        'rowVariance',
      );
    });
  }

  it('position independence: a column gives the same bits at every index of every width', () => {
    const rows = 29;
    const column = wide(rows, 77);
    const sums = new Set<number>();
    const means = new Set<number>();
    const vars = new Set<number>();
    for (const cols of [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 20, 23, 33, 37]) {
      for (let at = 0; at < cols; at++) {
        const x = wide(rows * cols, cols * 1000 + at);
        for (let i = 0; i < rows; i++) x[i * cols + at] = column[i]!;
        withGuardedF32([rows * cols, cols, cols, cols], (p, s, m, v) => {
          p.write(x);
          rowk.colSums(p, s, rows, cols);
          rowk.colMeanVar(p, m, v, rows, cols);
          sums.add(s.read()[at]!);
          means.add(m.read()[at]!);
          vars.add(v.read()[at]!);
        });
      }
    }
    expect([...sums]).toEqual([Math.fround(orderColumn(column, rows, 1, 0, (t) => t))]);
    expect(means.size).toBe(1);
    expect(vars.size).toBe(1);
  });

  it('position independence: a row gives the same bits at every row index', () => {
    const cols = 13;
    const row = wide(cols, 5);
    const seen = new Set<number>();
    for (const rows of [1, 2, 5, 9]) {
      for (let at = 0; at < rows; at++) {
        const x = wide(rows * cols, rows * 10 + at);
        x.set(row, at * cols);
        withGuardedF32([rows * cols, rows], (p, y) => {
          p.write(x);
          rowk.rowSums(p, y, rows, cols);
          seen.add(y.read()[at]!);
        });
      }
    }
    expect([...seen]).toEqual([Math.fround(orderSum(row))]);
  });

  it('writes exactly cols (or rows) values: nothing past the output', () => {
    for (const [r, c] of [
      [3, 1],
      [3, 2],
      [3, 3],
      [3, 5],
      [2, 19],
    ] as const) {
      // withGuardedF32 throws if any of the GUARD values after y or w changed.
      withGuardedF32([r * c, c, c], (p, y, w) => {
        p.write(wide(r * c, 1));
        rowk.colSums(p, y, r, c);
        rowk.colMeanVar(p, y, w, r, c);
      });
    }
  });
});

describe('sum, mean, variance (public)', () => {
  it('without an axis: the float64 result rounded to float32', () => {
    for (const [r, c] of SHAPES) {
      const x = wide(r * c, 7 * r + c);
      const n = r * c;
      const s = rd.sum(mat(r, c, x));
      const m = rd.mean(mat(r, c, x));
      const v = rd.variance(mat(r, c, x));
      expect(s).toBe(Math.fround(orderSum(x)));
      expect(m).toBe(Math.fround(orderSum(x) / n));
      expect(v).toBe(Math.fround(orderVariance(x)));
      const rs = ref.sum(x);
      const sumAbs = ref.sumAbs(x);
      expectClose([s], [rs], () => f32Bound(rs, chain(n) * U53 * sumAbs + 2 * U53 * Math.abs(rs)), `sum ${r}x${c}`);
      const rv = ref.variance(x);
      expectClose([v], [rv], () => f32Bound(rv, varianceBound(chain(n), n, rv, ref.mean(x), sumAbs)), `variance ${r}x${c}`);
    }
    expect(memory().liveBuffers).toBe(0);
  });

  it('axis 0 gives a 1 x cols Tensor, axis 1 a rows x 1 Tensor', () => {
    for (const [r, c] of SHAPES) {
      const x = wide(r * c, 3 * r + 5 * c);
      const a = tensor(mat(r, c, x));
      for (const [op, kind] of [
        [rd.sum, 'sum'],
        [rd.mean, 'mean'],
        [rd.variance, 'variance'],
      ] as const) {
        const t0 = op(a, 0);
        const t1 = op(a, 1);
        expect([t0.rows, t0.cols]).toEqual([1, c]);
        expect([t1.rows, t1.cols]).toEqual([r, 1]);
        const d0 = t0.read().data;
        const d1 = t1.read().data;
        for (let j = 0; j < c; j++) {
          const s = orderColumn(x, r, c, j, (v) => v);
          const m = s / r;
          const want = kind === 'sum' ? s : kind === 'mean' ? m : orderColumn(x, r, c, j, (v) => (v - m) * (v - m)) / r;
          expect(d0[j]).toBe(Math.fround(want));
        }
        for (let i = 0; i < r; i++) {
          const row = x.subarray(i * c, (i + 1) * c);
          const want = kind === 'sum' ? orderSum(row) : kind === 'mean' ? orderSum(row) / c : orderVariance(row);
          expect(d1[i]).toBe(Math.fround(want));
        }
        t0.dispose();
        t1.dispose();
      }
      a.dispose();
    }
    expect(memory().liveBuffers).toBe(0);
  });

  it('small exact cases and number[][] input', () => {
    const x = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(rd.sum(x)).toBe(21);
    expect(rd.mean(x)).toBe(3.5);
    expect(rd.variance(x)).toBe(Math.fround(35 / 12));
    const values = (t: Tensor): number[] => {
      const v = Array.from(t.read().data);
      t.dispose();
      return v;
    };
    expect(values(rd.sum(x, 0))).toEqual([5, 7, 9]);
    expect(values(rd.sum(x, 1))).toEqual([6, 15]);
    expect(values(rd.mean(x, 0))).toEqual([2.5, 3.5, 4.5]);
    expect(values(rd.variance(x, 0))).toEqual([2.25, 2.25, 2.25]);
    expect(values(rd.variance(x, 1))).toEqual([Math.fround(2 / 3), Math.fround(2 / 3)]);
    expect(memory().liveBuffers).toBe(0);
  });

  it('writes into out', () => {
    const a = tensor(mat(6, 23, wide(6 * 23, 2)));
    const o0 = new Tensor(1, 23);
    const o1 = new Tensor(6, 1);
    expect(rd.sum(a, 0, { out: o0 })).toBe(o0);
    expect(rd.variance(a, 1, { out: o1 })).toBe(o1);
    const s0 = rd.sum(a, 0);
    const v1 = rd.variance(a, 1);
    expect(o0.read().data).toEqual(s0.read().data);
    expect(o1.read().data).toEqual(v1.read().data);
    for (const t of [a, o0, o1, s0, v1]) t.dispose();
  });
});

describe('errors', () => {
  it('a bad axis is a ValueError naming the value', () => {
    const a = new Tensor(2, 3);
    const before = memory();
    for (const op of [rd.sum, rd.mean, rd.variance]) {
      for (const [axis, shown] of [
        [2, 'got 2'],
        [-1, 'got -1'],
        [0.5, 'got 0.5'],
        ['0', 'got "0"'],
        [null, 'got null'],
        [NaN, 'got null'],
      ] as const) {
        expect(() => op(a, axis as never)).toThrow(ValueError);
        if (!Number.isNaN(axis)) expect(() => op(a, axis as never)).toThrow(shown);
      }
      expect(() => op([[1, 2]], 3 as never)).toThrow(/axis must be 0 .* 1 .* or undefined/);
    }
    expect(memory()).toEqual(before);
    a.dispose();
  });

  it('out: wrong shape names both shapes; out without an axis; bad options', () => {
    const a = new Tensor(3, 4);
    const wrong = new Tensor(1, 3);
    expect(() => rd.sum(a, 0, { out: wrong })).toThrow(ShapeError);
    expect(() => rd.sum(a, 0, { out: wrong })).toThrow(/out is 1x3, the result is 1x4/);
    expect(() => rd.mean(a, 1, { out: wrong })).toThrow(/out is 1x3, the result is 3x1/);
    expect(() => rd.sum(a, undefined, { out: wrong })).toThrow(ValueError);
    expect(() => rd.sum(a, undefined, { out: wrong })).toThrow(/out is only for an axis reduction/);
    expect(() => rd.variance(a, 0, 'x' as never)).toThrow(/options must be an object/);
    expect(() => rd.sum([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => rd.sum([[1, Infinity]])).toThrow(ValueError);
    a.dispose();
    wrong.dispose();
    expect(memory().liveBuffers).toBe(0);
  });

  it('disposed input or out throws DisposedError', () => {
    const a = new Tensor(2, 2);
    const d = new Tensor(1, 2);
    d.dispose();
    expect(() => rd.sum(d)).toThrow(DisposedError);
    expect(() => rd.mean(d, 1)).toThrow(DisposedError);
    expect(() => rd.sum(a, 0, { out: d })).toThrow(DisposedError);
    expect(() => rd.variance([[1, 2]], 0, { out: d })).toThrow(DisposedError);
    a.dispose();
    expect(memory().liveBuffers).toBe(0);
  });
});

describe('memory', () => {
  it('stays flat over 10,000 calls with out', () => {
    const a = tensor(mat(32, 17, testData(32 * 17, 4)));
    const o0 = new Tensor(1, 17);
    const o1 = new Tensor(32, 1);
    const before = memory();
    let total = 0;
    for (let i = 0; i < 10_000; i++) {
      rd.sum(a, 0, { out: o0 });
      rd.mean(a, 1, { out: o1 });
      rd.variance(a, 0, { out: o0 });
      total += rd.sum(a);
    }
    expect(memory()).toEqual(before);
    expect(total).toBe(10_000 * rd.sum(a));
    for (const t of [a, o0, o1]) t.dispose();
  });
});
