// The GEMM (assembly/kernels/gemm.ts) through sb.ops.matmul against the float64 reference
// (test/reference/gemm.ts), at the edges of the core's own register tiles (GEMM: m x n blocks,
// the narrow path for n <= narrowN) and past its cache blocks.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { Tensor } from '../../src/core/tensor.js';
import { gemm } from '../../src/kernels/gemm.js';
import { matmul } from '../../src/ops/matmul.js';
import { gemmAbsRef, gemmRef, transposeRef } from '../reference/gemm.js';
import { dotBound, expectClose, testData } from '../support/compare.js';
import { GEMM, f32Bits, mat, tileSizes } from '../support/kernel-tester.js';

beforeAll(async () => {
  await sb.ready();
});

const FORMS = [
  { transA: false, transB: false, name: 'NN' },
  { transA: true, transB: false, name: 'TN' },
  { transA: false, transB: true, name: 'NT' },
  { transA: true, transB: true, name: 'TT' },
] as const;

function t(rows: number, cols: number, data: Float32Array): Tensor {
  return sb.tensor(mat(rows, cols, data));
}

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  bias: boolean;
  accumulate: boolean;
}

/**
 * Runs one matmul on tensors and checks every element against the float64 reference with the
 * bound 2·K'·2^-24·Σ|terms|, K' = the number of terms summed (k products, the bias, out).
 */
function check(c: Case, seed: number): void {
  const { m, n, k, transA, transB } = c;
  const a = testData(m * k, seed);
  const b = testData(k * n, seed + 1);
  const bias = c.bias ? testData(n, seed + 2) : undefined;
  const c0 = c.accumulate ? testData(m * n, seed + 3) : undefined;
  const ta = t(transA ? k : m, transA ? m : k, a);
  const tb = t(transB ? n : k, transB ? k : n, b);
  const tbias = bias ? t(1, n, bias) : undefined;
  const out = c0 ? t(m, n, c0) : undefined;
  const y = matmul(ta, tb, { transposeA: transA, transposeB: transB, bias: tbias, out, accumulate: c.accumulate });
  const got = y.read().data;
  const want = gemmRef(a, b, m, n, k, transA, transB, bias, c0);
  const abs = gemmAbsRef(a, b, m, n, k, transA, transB, bias, c0);
  const terms = k + (bias ? 1 : 0) + (c0 ? 1 : 0);
  const label = `${m}x${n}x${k} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}${bias ? ' bias' : ''}${c0 ? ' acc' : ''}`;
  expectClose(got, want, (i) => dotBound(terms, abs[i]!) + 1e-30, label);
  for (const x of [ta, tb, tbias, y]) x?.dispose();
}

describe('matmul: values', () => {
  it('computes a hand-checked product exactly in every form', () => {
    // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    const A = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const B = [
      [7, 8],
      [9, 10],
      [11, 12],
    ];
    const At = [
      [1, 4],
      [2, 5],
      [3, 6],
    ];
    const Bt = [
      [7, 9, 11],
      [8, 10, 12],
    ];
    const want = [58, 64, 139, 154];
    const read = (y: Tensor): number[] => {
      const r = Array.from(y.read().data);
      y.dispose();
      return r;
    };
    expect(read(matmul(A, B))).toEqual(want);
    expect(read(matmul(At, B, { transposeA: true }))).toEqual(want);
    expect(read(matmul(A, Bt, { transposeB: true }))).toEqual(want);
    expect(read(matmul(At, Bt, { transposeA: true, transposeB: true }))).toEqual(want);
    // bias [100, 200] on every row
    expect(read(matmul(A, B, { bias: [[100, 200]] }))).toEqual([158, 264, 239, 354]);
    const before = sb.memory();
    const out = sb.tensor([
      [1, 2],
      [3, 4],
    ]);
    matmul(A, B, { out, accumulate: true, bias: [[0.5, 0.25]] });
    expect(Array.from(out.read().data)).toEqual([59.5, 66.25, 142.5, 158.25]);
    out.dispose();
    expect(sb.memory()).toEqual(before);
  });

  it('1x1 and k = 1', () => {
    const y = matmul([[3]], [[-2]]);
    expect(Array.from(y.read().data)).toEqual([-6]);
    y.dispose();
    const outer = matmul([[1], [2], [3]], [[4, 5]]);
    expect(Array.from(outer.read().data)).toEqual([4, 5, 8, 10, 12, 15]);
    outer.dispose();
  });

  // Every edge of the row tile, the narrow path's width, the column tile and two column tiles.
  const SMALL = tileSizes([GEMM.m, GEMM.narrowN, GEMM.n, 2 * GEMM.n], []);
  const KS = [...SMALL, 64];
  it(`matches the reference at tile edges: m, n in {${SMALL.join(',')}}, all four forms`, () => {
    let idx = 0;
    for (const m of SMALL) {
      for (const n of SMALL) {
        const k = KS[idx % KS.length]!;
        for (const f of FORMS) {
          // bias and accumulate rotate so every shape class meets each combination.
          const mode = (idx + FORMS.indexOf(f)) % 4;
          check({ m, n, k, transA: f.transA, transB: f.transB, bias: (mode & 1) !== 0, accumulate: (mode & 2) !== 0 }, idx + 1);
        }
        idx++;
      }
    }
  });

  it('matches the reference for every k in {1..64 edges} on an edge-tile shape', () => {
    let seed = 1000;
    for (const k of KS) {
      for (const f of FORMS) {
        check({ m: 7, n: 13, k, transA: f.transA, transB: f.transB, bias: true, accumulate: false }, seed++);
      }
    }
  });

  it('matches the reference past the cache blocks (k > 256, n > 512, m > 128) and on odd/prime shapes', () => {
    const shapes: [number, number, number][] = [
      [5, 9, 257], // two k-blocks
      [3, 7, 784], // four k-blocks
      [17, 33, 600],
      [7, 513, 31], // two n-blocks
      [9, 1000, 17],
      [129, 11, 23], // two m-blocks
      [257, 31, 64],
      [61, 67, 71], // primes
      [131, 521, 263], // every block boundary at once, primes
      [64, 128, 10],
    ];
    let seed = 2000;
    for (const [m, n, k] of shapes) {
      for (const f of FORMS) {
        for (const mode of [0, 3]) {
          check({ m, n, k, transA: f.transA, transB: f.transB, bias: (mode & 1) !== 0, accumulate: (mode & 2) !== 0 }, seed++);
        }
      }
    }
  });

  it('accepts Matrix and number[][] inputs and frees their temporaries', () => {
    const before = sb.memory();
    const a = { rows: 2, cols: 2, data: new Float32Array([1, 2, 3, 4]) };
    const y = matmul(a, [
      [1, 0],
      [0, 1],
    ], { bias: { rows: 1, cols: 2, data: new Float32Array([10, 20]) } });
    expect(Array.from(y.read().data)).toEqual([11, 22, 13, 24]);
    expect(sb.memory().liveBuffers).toBe(before.liveBuffers + 1); // only the result
    y.dispose();
    expect(sb.memory()).toEqual(before);
  });

  it('the buffer-level gemm gives the same bits as matmul', () => {
    const m = 9;
    const n = 10;
    const k = 11;
    const ta = t(k, m, testData(m * k, 7));
    const tb = t(n, k, testData(k * n, 8));
    const bias = t(1, n, testData(n, 9));
    const y1 = matmul(ta, tb, { transposeA: true, transposeB: true, bias });
    const y2 = new Tensor(m, n);
    gemm(ta.buffer, tb.buffer, y2.buffer, bias.buffer, m, n, k, true, true, false);
    expect(y2.read().data).toEqual(y1.read().data);
    // accumulate adds onto what is there: y2 = y1 + A·B + bias - ... compare with the reference
    gemm(ta.buffer, tb.buffer, y2.buffer, null, m, n, k, true, true, true);
    const want = gemmRef(ta.read().data, tb.read().data, m, n, k, true, true, undefined, y1.read().data);
    const abs = gemmAbsRef(ta.read().data, tb.read().data, m, n, k, true, true, undefined, y1.read().data);
    expectClose(y2.read().data, want, (i) => dotBound(k + 1, abs[i]!));
    for (const x of [ta, tb, bias, y1, y2]) x.dispose();
  });
});

describe('matmul: position independence', () => {
  // Logical op(A) (m x k) and op(B) (k x n) in which some rows of A and columns of B are copies
  // of others, placed in other tiles and in the edge tiles. Every copy must give the same bits
  // as its source along its whole row/column (about 15% of elements differ when only the
  // order of one addition changes, so whole rows/columns catch a position-dependent order),
  // in every form, and the same bits as a 1x1 product of the same row and column.
  const m = 3 * GEMM.m + 1; // three tiles of GEMM.m rows (13: 0-3, 4-7, 8-11), then the edge row
  const k = 300; // two k-blocks, so the carry through C is exercised
  const rowPairs: [number, number][] = [
    [0, GEMM.m + 1],
    [1, m - 1],
    [2, 2 * GEMM.m + 1],
    [3, GEMM.m + 2],
  ];
  // Four full panels of GEMM.n columns, then an edge panel of narrowN + 1 columns (37: columns
  // 32-36, the 4x8 kernel on a scratch tile) or of narrowN - 1 (35: 3 columns, the 4x4 twin).
  for (const n of [4 * GEMM.n + GEMM.narrowN + 1, 4 * GEMM.n + GEMM.narrowN - 1]) {
    const colPairs: [number, number][] = [
      [0, GEMM.n + 1],
      [1, 4 * GEMM.n + 1],
      [2, n - 1],
      [GEMM.narrowN + 1, 2 * GEMM.n + GEMM.narrowN],
      [GEMM.n - 1, GEMM.n],
    ];

    function logical(): { A: Float32Array; B: Float32Array; bias: Float32Array; c0: Float32Array } {
      const A = testData(m * k, 31, -2, 2);
      const B = testData(k * n, 32, -2, 2);
      const bias = testData(n, 33);
      const c0 = testData(m * n, 34);
      for (const [src, dst] of rowPairs) {
        A.copyWithin(dst * k, src * k, src * k + k);
        c0.copyWithin(dst * n, src * n, src * n + n);
      }
      for (const [src, dst] of colPairs) {
        for (let p = 0; p < k; p++) B[p * n + dst] = B[p * n + src]!;
        for (let i = 0; i < m; i++) c0[i * n + dst] = c0[i * n + src]!;
        bias[dst] = bias[src]!;
      }
      return { A, B, bias, c0 };
    }

    for (const withExtras of [false, true]) {
      it(`copied rows and columns are bit-identical in all forms, n = ${n}${withExtras ? ' (bias + accumulate)' : ''}`, () => {
        const { A, B, bias, c0 } = logical();
        const results: Float32Array[] = [];
        for (const f of FORMS) {
          const ta = f.transA ? t(k, m, transposeRef(A, m, k)) : t(m, k, A);
          const tb = f.transB ? t(n, k, transposeRef(B, k, n)) : t(k, n, B);
          const tbias = withExtras ? t(1, n, bias) : undefined;
          const out = withExtras ? t(m, n, c0) : undefined;
          const y = matmul(ta, tb, { transposeA: f.transA, transposeB: f.transB, bias: tbias, out, accumulate: withExtras });
          results.push(y.read().data);
          for (const x of [ta, tb, tbias, y]) x?.dispose();
        }
        for (const [fi, c] of results.entries()) {
          const form = FORMS[fi]!.name;
          for (const [src, dst] of rowPairs) {
            for (let j = 0; j < n; j++) {
              expect(f32Bits(c[dst * n + j]!), `${form} row ${dst} vs ${src}, column ${j}`).toBe(f32Bits(c[src * n + j]!));
            }
          }
          for (const [src, dst] of colPairs) {
            for (let i = 0; i < m; i++) {
              expect(f32Bits(c[i * n + dst]!), `${form} column ${dst} vs ${src}, row ${i}`).toBe(f32Bits(c[i * n + src]!));
            }
          }
          // every form gives the same bits everywhere
          expect(c).toEqual(results[0]);
        }
        // the same dot product as a 1x1 result (a 1 x k row times a k x 1 column), for the
        // element in the edge tile's corner
        const [ri, cj] = [m - 1, n - 1];
        const ref = results[0]![ri * n + cj]!;
        expect(Number.isFinite(ref) && ref !== 0).toBe(true);
        const col = new Float32Array(k);
        for (let p = 0; p < k; p++) col[p] = B[p * n + cj]!;
        const ta1 = t(1, k, A.slice(ri * k, ri * k + k));
        const tb1 = t(k, 1, col);
        const bias1 = withExtras ? t(1, 1, new Float32Array([bias[cj]!])) : undefined;
        const out1 = withExtras ? t(1, 1, new Float32Array([c0[ri * n + cj]!])) : undefined;
        const y1 = matmul(ta1, tb1, { bias: bias1, out: out1, accumulate: withExtras });
        expect(f32Bits(y1.read().data[0]!)).toBe(f32Bits(ref));
        for (const x of [ta1, tb1, bias1, y1]) x?.dispose();
      });
    }
  }

  it('a row gives the same bits in matrices of different sizes', () => {
    const k2 = 41;
    const row = testData(k2, 51);
    const Bfull = testData(k2 * 45, 52);
    const tb = t(k2, 45, Bfull);
    const expected = (() => {
      const ta1 = t(1, k2, row);
      const y = matmul(ta1, tb);
      const d = y.read().data;
      y.dispose();
      ta1.dispose();
      return d;
    })();
    for (const mm of [GEMM.m - 2, GEMM.m + 1, 2 * GEMM.m, 3 * GEMM.m - 1]) {
      const A = testData(mm * k2, 53 + mm);
      const at = mm - 1; // the last row: an edge tile when mm % GEMM.m != 0
      A.set(row, at * k2);
      const ta = t(mm, k2, A);
      const y = matmul(ta, tb);
      expect(y.read().data.slice(at * 45, at * 45 + 45)).toEqual(expected);
      y.dispose();
      ta.dispose();
    }
    tb.dispose();
  });

  it('a column gives the same bits in matrices of different widths (4x8 and 4x4 edge kernels)', () => {
    const k2 = 29;
    const col = testData(k2, 54);
    const A = testData(6 * k2, 55);
    const ta = t(6, k2, A);
    const expected = (() => {
      const tb1 = t(k2, 1, col);
      const y = matmul(ta, tb1);
      const d = y.read().data;
      y.dispose();
      tb1.dispose();
      return d;
    })();
    const NARROW = GEMM.narrowN;
    for (const nn of [NARROW - 2, NARROW - 1, NARROW, NARROW + 1, GEMM.n, GEMM.n + 1, GEMM.n + NARROW, GEMM.n + NARROW + 1, 2 * GEMM.n]) {
      const B = testData(k2 * nn, 56 + nn);
      const at = nn - 1;
      for (let p = 0; p < k2; p++) B[p * nn + at] = col[p]!;
      const tb = t(k2, nn, B);
      const y = matmul(ta, tb);
      const c = y.read().data;
      for (let i = 0; i < 6; i++) expect(c[i * nn + at], `n = ${nn}, row ${i}`).toBe(expected[i]);
      y.dispose();
      tb.dispose();
    }
    ta.dispose();
  });
});

describe(`matmul: the narrow path (n <= ${GEMM.narrowN}) gives the blocked path's bits`, () => {
  // Columns 0..n-1 of a product with n <= narrowN columns against the same columns inside a
  // product of W = GEMM.n + 1 columns (the blocked path), in every form, with bias and
  // accumulate, at k on both sides of the blocked path's k-block (256), m = 9·GEMM.m + 1
  // (groups of GEMM.m rows and a remainder).
  const W = GEMM.n + 1;
  for (const f of FORMS) {
    it(`${f.name}`, () => {
      for (const k of [1, 2, 7, 29, 64, 65, 256, 257, 400]) {
        for (let n = 1; n <= GEMM.narrowN; n++) {
          const m = 9 * GEMM.m + 1;
          const A = testData(m * k, 100 + k);
          const wide = testData(W * k, 200 + k); // op(B) k x W
          const narrow = new Float32Array(k * n);
          for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) narrow[p * n + j] = wide[p * W + j]!;
          const store = (b: Float32Array, cols: number): Float32Array => (f.transB ? transposeRef(b, k, cols) : b);
          const ta = f.transA ? t(k, m, transposeRef(A, m, k)) : t(m, k, A);
          const tbw = f.transB ? t(W, k, store(wide, W)) : t(k, W, wide);
          const tbn = f.transB ? t(n, k, store(narrow, n)) : t(k, n, narrow);
          const biasW = testData(W, 300 + n);
          const c0w = testData(m * W, 400 + n);
          const c0n = new Float32Array(m * n);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c0n[i * n + j] = c0w[i * W + j]!;
          const outW = t(m, W, c0w);
          const outN = t(m, n, c0n);
          const opts = { transposeA: f.transA, transposeB: f.transB, accumulate: true };
          matmul(ta, tbw, { ...opts, out: outW, bias: mat(1, W, biasW) });
          matmul(ta, tbn, { ...opts, out: outN, bias: mat(1, n, biasW.slice(0, n)) });
          const w = outW.read().data;
          const v = outN.read().data;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) expect(v[i * n + j], `k ${k}, n ${n}, C[${i}][${j}]`).toBe(w[i * W + j]);
          }
          for (const x of [ta, tbw, tbn, outW, outN]) x.dispose();
        }
      }
    });
  }
});

describe('matmul: non-finite values stay where they belong', () => {
  for (const f of FORMS) {
    it(`${f.name}: NaN in a row of A, Inf in a column of B and NaN in a bias entry only reach their own row/column`, () => {
      const m = GEMM.m + 2; // a full row tile, then a partial one
      const n = GEMM.n + 3; // a full panel, then a partial edge panel
      const k = 9;
      const lastRow = m - 1;
      const edgeCol = GEMM.n + 1;
      const A = testData(m * k, 61);
      const B = testData(k * n, 62);
      const bias = testData(n, 63);
      A[2 * k + 5] = NaN; // row 2 of op(A)
      A[lastRow * k + 0] = Infinity; // the last row, in a partial tile
      B[3 * n + edgeCol] = -Infinity; // a column of op(B) in the partial edge panel
      bias[4] = NaN;
      const ta = f.transA ? new Tensor(k, m) : new Tensor(m, k);
      ta.write(f.transA ? transposeRef(A, m, k) : A); // write() skips the finiteness check on purpose
      const tb = f.transB ? new Tensor(n, k) : new Tensor(k, n);
      tb.write(f.transB ? transposeRef(B, k, n) : B);
      const tbias = new Tensor(1, n);
      tbias.write(bias);
      const y = matmul(ta, tb, { transposeA: f.transA, transposeB: f.transB, bias: tbias });
      const c = y.read().data;
      const want = gemmRef(A, B, m, n, k, false, false, bias); // A, B are the logical op(A), op(B)
      const abs = gemmAbsRef(A, B, m, n, k, false, false, bias);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const v = c[i * n + j]!;
          if (i === 2 || j === 4) {
            expect(Number.isNaN(v), `[${i}][${j}] is NaN`).toBe(true);
          } else if (i === lastRow || j === edgeCol) {
            expect(Number.isFinite(v), `[${i}][${j}] is not finite`).toBe(false);
            // same non-finite value as the reference (±Infinity or NaN)
            expect(Object.is(v, want[i * n + j]!) || (Number.isNaN(v) && Number.isNaN(want[i * n + j]!))).toBe(true);
          } else {
            expect(Math.abs(v - want[i * n + j]!)).toBeLessThanOrEqual(dotBound(k + 1, abs[i * n + j]!));
          }
        }
      }
      for (const x of [ta, tb, tbias, y]) x.dispose();
    });
  }
});

describe('matmul: out', () => {
  it('writes in place and may alias a or b (also with accumulate)', () => {
    const n = 9;
    const A = testData(n * n, 71);
    const B = testData(n * n, 72);
    const bias = testData(n, 73);
    const fresh = (): { a: Tensor; b: Tensor } => ({ a: t(n, n, A), b: t(n, n, B) });
    for (const f of FORMS) {
      const opts = { transposeA: f.transA, transposeB: f.transB };
      const { a, b } = fresh();
      const y0 = matmul(a, b, opts);
      const expected = y0.read().data;
      const acc0 = t(n, n, A);
      const bias0 = t(1, n, bias);
      matmul(a, b, { ...opts, out: acc0, accumulate: true, bias: bias0 });
      const expectedAcc = acc0.read().data;
      for (const q of [a, b, y0, acc0, bias0]) q.dispose();

      const before = sb.memory();
      const x = fresh();
      expect(matmul(x.a, x.b, { ...opts, out: x.a })).toBe(x.a);
      expect(x.a.read().data).toEqual(expected);
      x.a.dispose();
      x.b.dispose();
      const y = fresh();
      matmul(y.a, y.b, { ...opts, out: y.b });
      expect(y.b.read().data).toEqual(expected);
      y.a.dispose();
      y.b.dispose();
      const z = fresh();
      const zb = t(1, n, bias);
      matmul(z.a, z.b, { ...opts, out: z.a, accumulate: true, bias: zb });
      expect(z.a.read().data).toEqual(expectedAcc);
      for (const q of [z.a, z.b, zb]) q.dispose();
      expect(sb.memory()).toEqual(before);
    }
  });

  it('out may alias the bias (1 x n result)', () => {
    const bias = sb.tensor([[1, 2, 3]]);
    matmul([[2]], [[10, 20, 30]], { bias, out: bias });
    expect(Array.from(bias.read().data)).toEqual([21, 42, 63]);
    bias.dispose();
  });

  it('allocates nothing across 10,000 calls with out', () => {
    const a = t(5, 7, testData(35, 81));
    const b = t(9, 7, testData(63, 82));
    const bias = t(1, 9, testData(9, 83));
    const out = new Tensor(5, 9);
    matmul(a, b, { transposeB: true, bias, out });
    const first = out.read().data;
    const before = sb.memory();
    for (let i = 0; i < 10_000; i++) matmul(a, b, { transposeB: true, bias, out });
    expect(sb.memory()).toEqual(before);
    expect(out.read().data).toEqual(first);
    for (const x of [a, b, bias, out]) x.dispose();
  });

  it('stays correct after the memory grows under tensors made before', () => {
    const m = 33;
    const n = 21;
    const k = 40;
    const A = testData(m * k, 91);
    const B = testData(k * n, 92);
    const a = t(m, k, A);
    const b = t(n, k, transposeRef(B, k, n));
    const out = new Tensor(m, n);
    const bytesBefore = sb.memory().wasmBytes;
    const huge = new Tensor(4096, 4096); // 64 MiB: more than the memory has, so it grows
    expect(sb.memory().wasmBytes).toBeGreaterThan(bytesBefore);
    matmul(a, b, { transposeB: true, out });
    const want = gemmRef(A, B, m, n, k);
    const abs = gemmAbsRef(A, B, m, n, k);
    expectClose(out.read().data, want, (i) => dotBound(k, abs[i]!));
    const y = matmul(a, b, { transposeB: true }); // a fresh result after growth too
    expect(y.read().data).toEqual(out.read().data);
    for (const x of [a, b, out, huge, y]) x.dispose();
  });
});

describe('matmul: errors', () => {
  const a34 = [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9, 10, 11, 12],
  ];
  const b52 = [
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
    [9, 10],
  ];

  it('shape mismatches name both shapes and the transposes', () => {
    const before = sb.memory();
    expect(() => matmul(a34, b52)).toThrow(sb.ShapeError);
    expect(() => matmul(a34, b52)).toThrow(/a is 3x4, b is 5x2: a\.cols must equal b\.rows \(4 vs 5\)/);
    expect(() => matmul(a34, b52, { transposeA: true })).toThrow(
      /a is 3x4 \(transposed: 4x3\), b is 5x2: aᵀ\.cols must equal b\.rows \(3 vs 5\)/,
    );
    expect(() => matmul(a34, b52, { transposeB: true })).toThrow(
      /a is 3x4, b is 5x2 \(transposed: 2x5\): a\.cols must equal bᵀ\.rows \(4 vs 2\)/,
    );
    expect(() => matmul(a34, a34, { bias: [[1, 2]], transposeB: true })).toThrow(
      /bias is 1x2, expected 1x3 \(one value per column of the 3x3 result\)/,
    );
    const out = new Tensor(3, 3);
    expect(() => matmul(a34, b52.slice(0, 4), { out })).toThrow(/out is 3x3, the result is 3x2/);
    out.dispose();
    expect(sb.memory()).toEqual(before); // the copied-in inputs were freed
  });

  it('bad options throw ValueError', () => {
    const before = sb.memory();
    const b42 = b52.slice(0, 4);
    expect(() => matmul(a34, b42, { transposeA: 'yes' as unknown as boolean })).toThrow(sb.ValueError);
    expect(() => matmul(a34, b42, { transposeA: 'yes' as unknown as boolean })).toThrow(
      /transposeA must be true or false, got string/,
    );
    expect(() => matmul(a34, b42, { transposeB: 1 as unknown as boolean })).toThrow(/transposeB must be true or false/);
    expect(() => matmul(a34, b42, { accumulate: true })).toThrow(/accumulate needs an out Tensor/);
    expect(() => matmul(a34, b42, { transposeb: true } as unknown as object)).toThrow(/unknown option 'transposeb'/);
    expect(() => matmul(a34, b42, 'NT' as unknown as object)).toThrow(/options must be an object/);
    expect(() => matmul(a34, b42, { out: [[0]] as unknown as Tensor })).toThrow(/out must be a Tensor/);
    expect(() => matmul(a34, [[NaN, 1]])).toThrow(sb.ValueError);
    expect(sb.memory()).toEqual(before);
  });

  it('disposed tensors throw DisposedError', () => {
    const a = sb.tensor(a34);
    const b = sb.tensor(b52.slice(0, 4));
    const gone = sb.tensor([[1, 2]]);
    gone.dispose();
    expect(() => matmul(gone, b)).toThrow(sb.DisposedError);
    expect(() => matmul(a, gone)).toThrow(sb.DisposedError);
    expect(() => matmul(a, b, { bias: gone })).toThrow(sb.DisposedError);
    const out = new Tensor(3, 2);
    out.dispose();
    expect(() => matmul(a, b, { out })).toThrow(sb.DisposedError);
    a.dispose();
    b.dispose();
  });
});
