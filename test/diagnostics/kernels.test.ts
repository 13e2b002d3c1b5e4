// The diagnostics kernels against their float64 references (test/reference/diagnostics.ts), at
// tile edges (sizes around the 4-wide and 2-wide SIMD blocks) and on special values.
// Counts, column keys (summed in the documented row order), the equality test and the Gram
// cosine scan must match bit for bit; the float64 matrix-vector products within
// c·n·2^-53·Σ|a_i x_i| (Higham eq. 4.4, with c = 2 for the product roundings and slack).
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import type { F32Buffer, F64Buffer } from '../../src/core/buffer.js';
import * as k from '../../src/kernels/diagnostics.js';
import * as ref from '../reference/diagnostics.js';
import { testData } from '../support/compare.js';
import { LANES, tileSizes, withGuarded, F64_LANES } from '../support/kernel-tester.js';

beforeAll(async () => {
  await ready();
});

// The float32 kernels take columns LANES at a time, the float64 ones F64_LANES; 17 is the
// larger size (two blocks of 2·LANES and one more).
const SIZES = tileSizes([F64_LANES, LANES], [17]);
const U53 = 2 ** -53;

/** Values with repeats, exact boundary values, zeros and signed zeros. */
function mixed(n: number, seed: number): Float32Array {
  const base = testData(n, seed, -2, 2);
  const specials = [0, -0, 0.99, -0.99, 1, -1, 0.01, Math.fround(0.99), -Math.fround(0.99)];
  for (let i = 0; i < n; i += 3) base[i] = specials[(i / 3 + seed) % specials.length]!;
  return base;
}

/** colKeys on guarded buffers: the float64 keys and float32 scales of x's columns. */
function colKeys(x: Float32Array, w: Float32Array, rows: number, cols: number): { key: Float64Array; scale: Float32Array } {
  let got: { key: Float64Array; scale: Float32Array } | undefined;
  withGuarded(
    [
      ['f32', rows * cols],
      ['f32', rows],
      ['f64', cols],
      ['f32', cols],
    ],
    (px, pw, key, scale) => {
      px.write(x);
      pw.write(w);
      k.colKeys(px, pw, key, scale, rows, cols);
      got = { key: key.read(), scale: scale.read() };
    },
  );
  return got!;
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
        withGuarded(
          [
            ['f32', rows * cols],
            ['i32', cols],
          ],
          (px, counts) => {
            px.write(x);
            for (const [lo, hi] of [
              [-0.99, 0.99],
              [0.01, 0.99],
              [-Infinity, 0],
            ] as const) {
              k.colCountOutside(px, lo, hi, counts, rows, cols);
              expect([...counts.read()], `${rows}x${cols} [${lo}, ${hi}]`).toEqual([...ref.colCountOutside(x, rows, cols, lo, hi)]);
            }
          },
        );
      }
    }
  });

  it('leaves the memory after the last count untouched', () => {
    withGuarded(
      [
        ['f32', 3],
        ['i32', 4],
      ],
      (px, counts) => {
        px.write([5, 5, 5]);
        counts.write([7, 7, 7, 7]);
        k.colCountOutside(px, -1, 1, counts, 1, 3);
        expect([...counts.read()]).toEqual([1, 1, 1, 7]);
      },
    );
  });
});

describe('f32_col_keys', () => {
  it('matches the reference bit for bit (row-order float64 sums, max |x|)', () => {
    for (const rows of SIZES) {
      for (const cols of SIZES) {
        const x = testData(rows * cols, rows + 100 * cols, -3, 3);
        const w = testData(rows, 7 + rows, 1, 2);
        if (cols > 2) x[cols + 1 < x.length ? cols + 1 : 0] = NaN;
        const { key: got, scale: gotScale } = colKeys(x, w, rows, cols);
        const r = ref.colKeys(x, w, rows, cols);
        for (let j = 0; j < cols; j++) {
          expect(Object.is(got[j], r.key[j]) || (Number.isNaN(got[j]) && Number.isNaN(r.key[j])), `key ${rows}x${cols}[${j}]`).toBe(true);
          expect(gotScale[j], `scale ${rows}x${cols}[${j}]`).toEqual(Math.fround(r.scale[j]!));
        }
      }
    }
  });

  it('gives a column the same key and scale at every position and width', () => {
    const rows = 13;
    const col = testData(rows, 5, -1, 1);
    const w = testData(rows, 6, 1, 2);
    let first: { key: number; scale: number } | undefined;
    for (const cols of [1, 3, 4, 5, 8, 11]) {
      for (let at = 0; at < cols; at++) {
        const x = testData(rows * cols, cols * 17 + at, -1, 1);
        for (let r = 0; r < rows; r++) x[r * cols + at] = col[r]!;
        const keys = colKeys(x, w, rows, cols);
        const got = { key: keys.key[at]!, scale: keys.scale[at]! };
        first ??= got;
        expect(got).toEqual(first);
      }
    }
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
    const column = (j: number): number[] => Array.from({ length: rows }, (_, r) => x[r * cols + j]!);
    withGuarded([['f32', rows * cols]], (px) => {
      px.write(x);
      for (const tol of [0, 5e-7, 2e-6]) {
        for (const [i, j] of [
          [1, 5],
          [1, 6],
          [0, 1],
        ] as const) {
          expect(k.within(px.view(i), px.view(j), rows, cols, tol), `cols ${i},${j} tol ${tol}`).toBe(
            ref.within(column(i), column(j), tol),
          );
        }
      }
      expect(k.within(px.view(1), px.view(5), rows, cols, 0)).toBe(true);
      expect(k.within(px.view(1), px.view(6), rows, cols, 0)).toBe(false);
      // Rows: stride 1.
      expect(k.within(px, px, cols, 1, 0)).toBe(true);
      expect(k.within(px, px.view(cols), cols, 1, 0)).toBe(false);
    });
  });

  it('treats +0 and -0 as equal and NaN as different from everything', () => {
    withGuarded(
      [
        ['f32', 3],
        ['f32', 3],
      ],
      (p, q) => {
        p.write([0, NaN, 1]);
        q.write([-0, NaN, 1]);
        expect(k.within(p, q, 1, 1, 0)).toBe(true);
        expect(k.within(p.view(1), q.view(1), 1, 1, 1)).toBe(false);
        expect(k.within(p.view(1), p.view(1), 1, 1, 1)).toBe(false);
        expect(k.within(p.view(2), q.view(2), 1, 1, 0)).toBe(true);
        expect(k.within(p, q, 0, 1, 0)).toBe(true); // nothing to compare
      },
    );
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
      const r = ref.gramMaxAbsCosine(g, n, group);
      withGuarded(
        [
          ['f32', n * n],
          ['i32', n],
          ['f64', n],
          ['i32', 2],
        ],
        (pg, pid, work, out) => {
          pg.write(g);
          pid.write(group);
          const value = k.gramMaxAbsCosine(pg, n, pid, work, out);
          expect(value, `n ${n}`).toBe(r.value);
          expect([...out.read()]).toEqual([r.i, r.j]);
        },
      );
    }
  });
});

/** y = A·x or Aᵀ·x on guarded buffers, A float32 (gemvF32) or float64 (gemvF64). */
function gemv(a: Float32Array | Float64Array, x: Float64Array, rows: number, cols: number, trans: boolean): Float64Array {
  const f64 = a instanceof Float64Array;
  let y: Float64Array | undefined;
  withGuarded(
    [
      [f64 ? 'f64' : 'f32', a.length],
      ['f64', x.length],
      ['f64', trans ? cols : rows],
    ],
    (pa, px, py) => {
      pa.write(a);
      px.write(x);
      // pa's kind was chosen by f64 above.
      if (f64) k.gemvF64(pa as F64Buffer, px, py, rows, cols, trans);
      else k.gemvF32(pa as F32Buffer, px, py, rows, cols, trans);
      y = py.read();
    },
  );
  return y!;
}

/** gemv within 2·(xlen + 2)·2^-53·Σ|a_i x_i| of the reference, per element. */
function expectGemv(a: Float32Array | Float64Array, x: Float64Array, rows: number, cols: number, trans: boolean): void {
  const got = gemv(a, x, rows, cols, trans);
  const want = ref.gemv(a, x, rows, cols, trans);
  const absA = ref.gemv(a.map(Math.abs), x.map(Math.abs), rows, cols, trans);
  for (let i = 0; i < got.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `${rows}x${cols} trans ${trans} [${i}]`).toBeLessThanOrEqual(
      2 * (x.length + 2) * U53 * absA[i]!,
    );
  }
}

describe('float64 vector kernels', () => {
  it('gemv on a float32 matrix matches the reference within the float64 bound, both orientations', () => {
    for (const rows of SIZES) {
      for (const cols of SIZES) {
        const a = testData(rows * cols, rows * 7 + cols, -1, 1);
        for (const trans of [false, true]) {
          const xlen = trans ? rows : cols;
          const x = Float64Array.from(testData(xlen, xlen + 3, -1, 1), (v) => v * (1 + 1e-9));
          expectGemv(a, x, rows, cols, trans);
        }
      }
    }
  });

  it('gemv on a float64 matrix, dot, axpy and scale match the reference', () => {
    for (const rows of [1, 2, 3, 5]) {
      for (const cols of [1, 2, 3, 4, 7]) {
        const a = Float64Array.from(testData(rows * cols, rows + cols * 13, -1, 1), (v) => v / 3);
        for (const trans of [false, true]) {
          const xlen = trans ? rows : cols;
          const x = Float64Array.from(testData(xlen, xlen + 9, -1, 1), (v) => v / 7);
          expectGemv(a, x, rows, cols, trans);
        }
      }
    }
    for (const n of [1, 2, 3, 4, 5, 9]) {
      const x = Float64Array.from(testData(n, n, -1, 1), (v) => v / 3);
      const y = Float64Array.from(testData(n, n + 50, -1, 1), (v) => v / 5);
      let dot = 0;
      let absDot = 0;
      for (let i = 0; i < n; i++) {
        dot += x[i]! * y[i]!;
        absDot += Math.abs(x[i]! * y[i]!);
      }
      withGuarded(
        [
          ['f64', n],
          ['f64', n],
        ],
        (px, py) => {
          px.write(x);
          py.write(y);
          expect(Math.abs(k.dotF64(px, py, n) - dot)).toBeLessThanOrEqual(2 * (n + 2) * U53 * absDot);
          k.axpyF64(-0.5, px, py, n);
          const axpy = py.read();
          for (let i = 0; i < n; i++) expect(axpy[i]).toBe(y[i]! + x[i]! * -0.5);
          k.scaleF64(px, 3, px, n);
          const scaled = px.read();
          for (let i = 0; i < n; i++) expect(scaled[i]).toBe(x[i]! * 3);
        },
      );
    }
  });
});
