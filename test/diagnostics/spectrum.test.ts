// Spectral norm and condition number (Lanczos on the core, src/diagnostics/spectrum.ts) against
// an exact SVD (one-sided Jacobi in float64, test/reference/diagnostics.ts).
// Bounds: up to EXACT_DIMENSION the Lanczos run is complete, so σ_max matches to 1e-12 relative
// and the condition number to 1e-9 relative for condition numbers up to 1e3 (its error grows
// like n·2^-52·cond², see the header of spectrum.ts); beyond, the spectral norm is an estimate
// (1e-9 here) and the condition number a lower bound.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { allocF32, free, memory } from '../../src/core/heap.js';
import { EXACT_DIMENSION, spectrumOf, tridiagonalEigenvalue } from '../../src/diagnostics/spectrum.js';
import { orthonormalize } from '../../src/init/qr.js';
import { singularValues } from '../reference/diagnostics.js';
import { testData } from '../support/compare.js';

beforeAll(async () => {
  await ready();
});

function spectrum(a: Float32Array, rows: number, cols: number): ReturnType<typeof spectrumOf> {
  const p = allocF32(rows * cols);
  try {
    p.write(a);
    return spectrumOf(p, rows, cols);
  } finally {
    free(p);
  }
}

function reference(a: Float32Array, rows: number, cols: number): { norm: number; cond: number } {
  const s = singularValues(a, rows, cols);
  return { norm: s[0]!, cond: s[0]! / s[s.length - 1]! };
}

/** A float32 matrix U·diag(s)·Vᵀ with Haar-like U, V from QR of test data. */
function withSingularValues(rows: number, cols: number, s: number[], seed: number): Float32Array {
  const n = Math.min(rows, cols);
  const u = orthonormalize({ rows, cols: n, data: Float64Array.from(testData(rows * n, seed, -1, 1)) }, 1).data;
  const v = orthonormalize({ rows: cols, cols: n, data: Float64Array.from(testData(cols * n, seed + 1, -1, 1)) }, 1).data;
  const a = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += u[i * n + k]! * s[k]! * v[j * n + k]!;
      a[i * cols + j] = t;
    }
  return a;
}

describe('spectrumOf', () => {
  it('is exact on small matrices of every shape (random entries)', () => {
    const shapes = [
      [1, 1],
      [1, 5],
      [5, 1],
      [2, 2],
      [3, 5],
      [7, 4],
      [9, 9],
      [16, 16],
      [33, 20],
      [20, 33],
      [64, 100],
      [128, 128],
    ] as const;
    for (const [rows, cols] of shapes) {
      const a = testData(rows * cols, rows * 1000 + cols, -1, 1);
      const s = spectrum(a, rows, cols);
      const r = reference(a, rows, cols);
      expect(s.exact, `${rows}x${cols}`).toBe(true);
      expect(Math.abs(s.spectralNorm - r.norm) / r.norm, `${rows}x${cols} norm`).toBeLessThanOrEqual(1e-12);
      expect(r.cond).toBeLessThan(1e3);
      expect(Math.abs(s.conditionNumber - r.cond) / r.cond, `${rows}x${cols} cond`).toBeLessThanOrEqual(1e-9);
    }
  });

  it('recovers prescribed singular values (condition numbers 1 to 1e4)', () => {
    for (const [rows, cols, sv] of [
      [4, 4, [10, 5, 1, 0.1]],
      [6, 3, [2, 2, 2]],
      [3, 8, [3, 1e-2, 3e-4]],
      [12, 12, Array.from({ length: 12 }, (_, i) => 2 ** -i)],
    ] as const) {
      const a = withSingularValues(rows, cols, [...sv], rows + cols);
      const s = spectrum(a, rows, cols);
      const r = reference(a, rows, cols);
      // The float32 rounding of the product moves the singular values by about 1e-7·σ_max:
      // compare with the exact SVD of the rounded matrix, and with the prescribed values loosely.
      expect(Math.abs(s.spectralNorm - r.norm) / r.norm).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(s.conditionNumber - r.cond) / r.cond).toBeLessThanOrEqual(1e-16 * Math.max(rows, cols) * r.cond ** 2 + 1e-12);
      expect(s.spectralNorm).toBeCloseTo(sv[0], 5);
      expect(s.conditionNumber / (sv[0] / sv[sv.length - 1]!)).toBeCloseTo(1, 2);
    }
  });

  it('reports Infinity for singular kernels: zero, equal rows (the lesson), rank one', () => {
    const zero = spectrum(new Float32Array(6), 2, 3);
    expect(zero).toMatchObject({ spectralNorm: 0, conditionNumber: Infinity, exact: true });
    // 4 units with identical rows, as after training a zero- or constant-initialized layer.
    const row = [0.3, -1.2];
    const equalRows = Float32Array.from({ length: 8 }, (_, i) => row[i % 2]!);
    const s = spectrum(equalRows, 4, 2);
    expect(s.conditionNumber).toBe(Infinity);
    expect(s.spectralNorm).toBeCloseTo(Math.sqrt(4 * (0.3 ** 2 + 1.2 ** 2)), 6);
    expect(s.exact).toBe(true);
    const constant = spectrum(new Float32Array(40).fill(0.5), 8, 5);
    expect(constant.conditionNumber).toBe(Infinity);
    expect(constant.spectralNorm).toBeCloseTo(0.5 * Math.sqrt(40), 6);
  });

  it('gives 1 for orthogonal kernels (Lanczos stops on the invariant subspace)', () => {
    for (const [rows, cols] of [
      [8, 8],
      [16, 5],
      [5, 16],
      [200, 200],
    ] as const) {
      const q = orthonormalize({ rows, cols, data: Float64Array.from(testData(rows * cols, rows, -1, 1)) }, 1).data;
      const s = spectrum(q, rows, cols);
      expect(s.spectralNorm).toBeCloseTo(1, 6);
      expect(s.conditionNumber).toBeCloseTo(1, 5);
    }
  });

  it('beyond the exact dimension: the spectral norm converges, the condition number is a lower bound', () => {
    for (const [rows, cols] of [
      [EXACT_DIMENSION + 1, EXACT_DIMENSION + 1],
      [EXACT_DIMENSION + 3, EXACT_DIMENSION + 20],
      [EXACT_DIMENSION + 20, EXACT_DIMENSION + 3],
    ] as const) {
      const a = testData(rows * cols, rows + 7 * cols, -1, 1);
      const s = spectrum(a, rows, cols);
      const r = reference(a, rows, cols);
      expect(s.exact).toBe(false);
      expect(s.spectralNorm).toBeLessThanOrEqual(r.norm * (1 + 1e-12));
      expect(Math.abs(s.spectralNorm - r.norm) / r.norm).toBeLessThanOrEqual(1e-9);
      expect(s.conditionNumber).toBeLessThanOrEqual(r.cond * (1 + 1e-9));
      expect(s.conditionNumber).toBeGreaterThan(1);
    }
  });

  it('is NaN for a kernel holding NaN, and leaks no core memory', () => {
    const before = memory().liveBuffers;
    const s = spectrum(new Float32Array([1, NaN, 2, 3]), 2, 2);
    expect(Number.isNaN(s.spectralNorm) && Number.isNaN(s.conditionNumber)).toBe(true);
    spectrum(testData(50 * 60, 1), 50, 60);
    expect(memory().liveBuffers).toBe(before);
  });
});

describe('tridiagonalEigenvalue', () => {
  it('finds the extreme eigenvalues of the second-difference matrix, 2 - 2cos(kπ/(n+1))', () => {
    for (const n of [1, 2, 5, 50]) {
      const alpha = new Array<number>(n).fill(2);
      const beta = new Array<number>(n - 1).fill(-1);
      const exact = (k: number): number => 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
      expect(Math.abs(tridiagonalEigenvalue(alpha, beta, 0) - exact(1))).toBeLessThanOrEqual(4e-15);
      expect(Math.abs(tridiagonalEigenvalue(alpha, beta, n - 1) - exact(n))).toBeLessThanOrEqual(4e-15);
    }
  });
});
