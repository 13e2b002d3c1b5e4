// The diagnostics kernels against their float64 references (src/reference/diagnostics.ts), at
// tile edges (sizes around the 4-wide and 2-wide SIMD blocks) and on special values.
// Counts, column keys (summed in the documented row order), the equality test and the Gram
// cosine scan must match bit for bit; the float64 matrix-vector products within
// c·n·2^-53·Σ|a_i x_i| (Higham eq. 4.4, with c = 2 for the product roundings and slack).
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { allocBytes, allocF32, f32View, freeBytes, writeF32 } from '../../src/core/heap.js';
import * as k from '../../src/kernels/diagnostics.js';
import * as ref from '../reference/diagnostics.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await ready();
});

const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 17];
const U53 = 2 ** -53;

function put(data: Float32Array): number {
  const p = allocF32(data.length);
  writeF32(p, data);
  return p;
}

function putF64(data: Float64Array): number {
  const p = allocBytes(Math.max(16, data.length * 8));
  k.writeF64(p, data);
  return p;
}

/** Values with repeats, exact boundary values, zeros and signed zeros. */
function mixed(n: number, seed: number): Float32Array {
  const base = testData(n, seed, -2, 2);
  const specials = [0, -0, 0.99, -0.99, 1, -1, 0.01, Math.fround(0.99), -Math.fround(0.99)];
  for (let i = 0; i < n; i += 3) base[i] = specials[(i / 3 + seed) % specials.length]!;
  return base;
}

describe('f32_col_count_outside', () => {
  it('matches the reference at tile edges, including the band edges and NaN', () => {
    for (const rows of SIZES) {
      for (const cols of SIZES) {
        const x = mixed(rows * cols, rows * 31 + cols);
        if (rows * cols > 4) {
          x[2] = NaN;
          x[4] = Infinity;
        }
        const px = put(x);
        const counts = allocBytes(cols * 4 + 16);
        for (const [lo, hi] of [
          [-0.99, 0.99],
          [0.01, 0.99],
          [-Infinity, 0],
        ] as const) {
          k.colCountOutsidePtr(px, lo, hi, counts, rows, cols);
          expect([...k.readI32(counts, cols)], `${rows}x${cols} [${lo}, ${hi}]`).toEqual([
            ...ref.colCountOutside(x, rows, cols, lo, hi),
          ]);
        }
        freeBytes(px);
        freeBytes(counts);
      }
    }
  });

  it('leaves the memory after the last count untouched', () => {
    const x = new Float32Array([5, 5, 5]);
    const px = put(x);
    const counts = allocBytes(16);
    k.writeI32(counts, [7, 7, 7, 7]);
    k.colCountOutsidePtr(px, -1, 1, counts, 1, 3);
    expect([...k.readI32(counts, 4)]).toEqual([1, 1, 1, 7]);
    freeBytes(px);
    freeBytes(counts);
  });
});

describe('f32_col_keys', () => {
  it('matches the reference bit for bit (row-order float64 sums, max |x|)', () => {
    for (const rows of SIZES) {
      for (const cols of SIZES) {
        const x = testData(rows * cols, rows + 100 * cols, -3, 3);
        const w = testData(rows, 7 + rows, 1, 2);
        if (cols > 2) x[cols + 1 < x.length ? cols + 1 : 0] = NaN;
        const px = put(x);
        const pw = put(w);
        const key = allocBytes(cols * 8 + 16);
        const scale = allocF32(cols);
        k.colKeysPtr(px, pw, key, scale, rows, cols);
        const r = ref.colKeys(x, w, rows, cols);
        const got = k.readF64(key, cols);
        const gotScale = f32View(scale, cols).slice();
        for (let j = 0; j < cols; j++) {
          expect(Object.is(got[j], r.key[j]) || (Number.isNaN(got[j]) && Number.isNaN(r.key[j])), `key ${rows}x${cols}[${j}]`).toBe(true);
          expect(gotScale[j], `scale ${rows}x${cols}[${j}]`).toEqual(Math.fround(r.scale[j]!));
        }
        for (const p of [px, pw, key, scale]) freeBytes(p);
      }
    }
  });

  it('gives a column the same key and scale at every position and width', () => {
    const rows = 13;
    const col = testData(rows, 5, -1, 1);
    const w = testData(rows, 6, 1, 2);
    const pw = put(w);
    let first: { key: number; scale: number } | undefined;
    for (const cols of [1, 3, 4, 5, 8, 11]) {
      for (let at = 0; at < cols; at++) {
        const x = testData(rows * cols, cols * 17 + at, -1, 1);
        for (let r = 0; r < rows; r++) x[r * cols + at] = col[r]!;
        const px = put(x);
        const key = allocBytes(cols * 8 + 16);
        const scale = allocF32(cols);
        k.colKeysPtr(px, pw, key, scale, rows, cols);
        const got = { key: k.readF64(key, cols)[at]!, scale: f32View(scale, cols)[at]! };
        first ??= got;
        expect(got).toEqual(first);
        for (const p of [px, key, scale]) freeBytes(p);
      }
    }
    freeBytes(pw);
  });
});

describe('f32_within', () => {
  it('compares strided rows and columns like the reference, with tolerance 0 and above', () => {
    const rows = 9;
    const cols = 7;
    const x = testData(rows * cols, 3, -1, 1);
    for (let r = 0; r < rows; r++) x[r * cols + 5] = x[r * cols + 1]!; // columns 1 and 5 equal
    x[2 * cols + 6] = x[2 * cols + 1]! + 1e-6; // column 6 = column 1 + a small difference at row 2
    for (let r = 0; r < rows; r++) if (r !== 2) x[r * cols + 6] = x[r * cols + 1]!;
    const px = put(x);
    const column = (j: number): number[] => Array.from({ length: rows }, (_, r) => x[r * cols + j]!);
    for (const tol of [0, 5e-7, 2e-6]) {
      for (const [i, j] of [
        [1, 5],
        [1, 6],
        [0, 1],
      ] as const) {
        expect(k.withinPtr(px + 4 * i, px + 4 * j, rows, cols, tol), `cols ${i},${j} tol ${tol}`).toBe(
          ref.within(column(i), column(j), tol),
        );
      }
    }
    expect(k.withinPtr(px + 4 * 1, px + 4 * 5, rows, cols, 0)).toBe(true);
    expect(k.withinPtr(px + 4 * 1, px + 4 * 6, rows, cols, 0)).toBe(false);
    // Rows: stride 1.
    expect(k.withinPtr(px, px, cols, 1, 0)).toBe(true);
    expect(k.withinPtr(px, px + 4 * cols, cols, 1, 0)).toBe(false);
    freeBytes(px);
  });

  it('treats +0 and -0 as equal and NaN as different from everything', () => {
    const p = put(new Float32Array([0, NaN, 1]));
    const q = put(new Float32Array([-0, NaN, 1]));
    expect(k.withinPtr(p, q, 1, 1, 0)).toBe(true);
    expect(k.withinPtr(p + 4, q + 4, 1, 1, 1)).toBe(false);
    expect(k.withinPtr(p + 4, p + 4, 1, 1, 1)).toBe(false);
    expect(k.withinPtr(p + 8, q + 8, 1, 1, 0)).toBe(true);
    expect(k.withinPtr(p, q, 0, 1, 0)).toBe(true); // nothing to compare
    freeBytes(p);
    freeBytes(q);
  });
});

describe('f32_gram_max_abs_cosine', () => {
  it('matches the reference (value and pair) with groups, exclusions and zero diagonals', () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const rows = 6;
      const a = testData(rows * n, n, -1, 1);
      const g = new Float32Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += a[r * n + i]! * a[r * n + j]!;
          g[i * n + j] = s;
        }
      if (n > 3) {
        for (let j = 0; j < n; j++) g[2 * n + j] = g[j * n + 2] = 0; // unit 2 is a zero column
      }
      const group = Array.from({ length: n }, (_, i) => (n > 4 && i === 4 ? -1 : n > 5 && i >= 5 ? 100 : i));
      const pg = put(g);
      const pid = allocBytes(4 * n + 16);
      k.writeI32(pid, group);
      const work = allocBytes(8 * n + 16);
      const out = allocBytes(16);
      const value = k.gramMaxAbsCosinePtr(pg, n, pid, work, out);
      const r = ref.gramMaxAbsCosine(g, n, group);
      expect(value, `n ${n}`).toBe(r.value);
      expect([...k.readI32(out, 2)]).toEqual([r.i, r.j]);
      for (const p of [pg, pid, work, out]) freeBytes(p);
    }
  });
});

describe('float64 vector kernels', () => {
  it('gemv on a float32 matrix matches the reference within the float64 bound, both orientations', () => {
    for (const rows of SIZES) {
      for (const cols of SIZES) {
        const a = testData(rows * cols, rows * 7 + cols, -1, 1);
        const pa = put(a);
        for (const trans of [false, true]) {
          const xlen = trans ? rows : cols;
          const ylen = trans ? cols : rows;
          const x = Float64Array.from(testData(xlen, xlen + 3, -1, 1), (v) => v * (1 + 1e-9));
          const px = putF64(x);
          const py = allocBytes(8 * ylen + 16);
          k.gemvF32Ptr(pa, px, py, rows, cols, trans);
          const got = k.readF64(py, ylen);
          const want = ref.gemv(a, x, rows, cols, trans);
          const absA = ref.gemv(a.map(Math.abs), x.map(Math.abs), rows, cols, trans);
          for (let i = 0; i < ylen; i++) {
            expect(Math.abs(got[i]! - want[i]!), `${rows}x${cols} trans ${trans} [${i}]`).toBeLessThanOrEqual(
              2 * (xlen + 2) * U53 * absA[i]!,
            );
          }
          freeBytes(px);
          freeBytes(py);
        }
        freeBytes(pa);
      }
    }
  });

  it('gemv on a float64 matrix, dot, axpy and scale match the reference', () => {
    for (const rows of [1, 2, 3, 5]) {
      for (const cols of [1, 2, 3, 4, 7]) {
        const a = Float64Array.from(testData(rows * cols, rows + cols * 13, -1, 1), (v) => v / 3);
        const pa = putF64(a);
        for (const trans of [false, true]) {
          const xlen = trans ? rows : cols;
          const ylen = trans ? cols : rows;
          const x = Float64Array.from(testData(xlen, xlen + 9, -1, 1), (v) => v / 7);
          const px = putF64(x);
          const py = allocBytes(8 * ylen + 16);
          k.gemvF64Ptr(pa, px, py, rows, cols, trans);
          const got = k.readF64(py, ylen);
          const want = ref.gemv(a, x, rows, cols, trans);
          const absA = ref.gemv(a.map(Math.abs), x.map(Math.abs), rows, cols, trans);
          for (let i = 0; i < ylen; i++) {
            expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(2 * (xlen + 2) * U53 * absA[i]!);
          }
          freeBytes(px);
          freeBytes(py);
        }
        freeBytes(pa);
      }
    }
    for (const n of [1, 2, 3, 4, 5, 9]) {
      const x = Float64Array.from(testData(n, n, -1, 1), (v) => v / 3);
      const y = Float64Array.from(testData(n, n + 50, -1, 1), (v) => v / 5);
      const px = putF64(x);
      const py = putF64(y);
      let dot = 0;
      let absDot = 0;
      for (let i = 0; i < n; i++) {
        dot += x[i]! * y[i]!;
        absDot += Math.abs(x[i]! * y[i]!);
      }
      expect(Math.abs(k.dotF64Ptr(px, py, n) - dot)).toBeLessThanOrEqual(2 * (n + 2) * U53 * absDot);
      k.axpyF64Ptr(-0.5, px, py, n);
      const axpy = k.readF64(py, n);
      for (let i = 0; i < n; i++) expect(axpy[i]).toBe(y[i]! + x[i]! * -0.5);
      k.scaleF64Ptr(px, 3, px, n);
      const scaled = k.readF64(px, n);
      for (let i = 0; i < n; i++) expect(scaled[i]).toBe(x[i]! * 3);
      freeBytes(px);
      freeBytes(py);
    }
  });
});
