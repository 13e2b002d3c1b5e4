// The Householder QR kernel against the float64 reference, and the orthogonal initializer:
// W·Wᵀ = gain²·I (wide) or Wᵀ·W = gain²·I (tall) to 1e-4.
import { beforeAll, describe, expect, it } from 'vitest';
import { NotReadyError, ShapeError } from '../../src/errors.js';
import { isReady, ready } from '../../src/core/load.js';
import { memory } from '../../src/core/heap.js';
import { orthonormalize, qrDecompose } from '../../src/init/qr.js';
import { orthogonalReference, qrReference } from '../reference/qr.js';
import { init, randomStream } from '../../src/init/index.js';
import { testData } from '../support/compare.js';

/** max |(W·Wᵀ or Wᵀ·W) - gain²·I| over the smaller Gram matrix, in float64. */
function orthogonalityError(w: ArrayLike<number>, rows: number, cols: number, gain: number): number {
  const wide = rows <= cols;
  const n = wide ? rows : cols;
  const len = wide ? cols : rows;
  const at = (vec: number, k: number): number => (wide ? w[vec * cols + k]! : w[k * cols + vec]!);
  // Copy the vectors out contiguous, as float64, for a fast Gram loop.
  const v = new Float64Array(n * len);
  for (let a = 0; a < n; a++) for (let k = 0; k < len; k++) v[a * len + k] = at(a, k);
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      const oa = a * len;
      const ob = b * len;
      for (let k = 0; k < len; k++) s += v[oa + k]! * v[ob + k]!;
      worst = Math.max(worst, Math.abs(s - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

describe('before ready()', () => {
  it('orthogonal needs the core: NotReadyError', () => {
    if (isReady()) return; // another file in this worker loaded it already
    expect(() => init.orthogonal().sample(3, 3, randomStream(1))).toThrow(NotReadyError);
  });
});

describe('QR kernel (f64_qr, f64_qr_q) against the float64 reference', () => {
  beforeAll(async () => {
    await ready();
  });

  // Tile edges of the kernel: 4-column groups, 2-row SIMD steps, reflector pairs, NB = 32 panels.
  const shapes: [number, number][] = [
    [1, 1], [2, 1], [2, 2], [3, 1], [3, 3], [4, 4], [5, 3], [5, 5], [7, 4], [8, 8], [9, 5], [9, 9],
    [13, 13], [31, 31], [32, 32], [33, 33], [33, 7], [64, 33], [65, 65], [100, 37], [97, 96],
  ];
  for (const [m, n] of shapes) {
    it(`${m}x${n}: Q and R match to 1e-12 · scale, and A = QR`, () => {
      const a = Float64Array.from(testData(m * n, m * 100 + n, -1, 1));
      const core = qrDecompose(a, m, n);
      const ref = qrReference(a, m, n);
      for (let i = 0; i < m * n; i++) expect(Math.abs(core.q[i]! - ref.q[i]!)).toBeLessThan(1e-12 * Math.sqrt(m));
      for (let i = 0; i < n * n; i++) expect(Math.abs(core.r[i]! - ref.r[i]!)).toBeLessThan(1e-12 * m);
      // R is upper triangular and QR reproduces A.
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) expect(core.r[i * n + j]).toBe(0);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k <= j; k++) s += core.q[i * n + k]! * core.r[k * n + j]!;
          expect(Math.abs(s - a[i * n + j]!)).toBeLessThan(1e-13 * m);
        }
      }
      expect(orthogonalityError(core.q, m, n, 1)).toBeLessThan(1e-13);
    });
  }

  it('handles a column that is already zero below the diagonal (tau = 0) and a zero column', () => {
    const a = Float64Array.from([2, 1, 0, 3, 0, 4]); // 3x2: column 0 = (2, 0, 0)
    const c = qrDecompose(a, 3, 2);
    const r = qrReference(a, 3, 2);
    for (let i = 0; i < 6; i++) expect(c.q[i]).toBeCloseTo(r.q[i]!, 14);
    expect(c.r[0]).toBe(2); // H = I, R[0][0] = alpha
    const z = qrDecompose(Float64Array.from([0, 1, 0, 1]), 2, 2); // first column zero
    expect(Number.isFinite(z.q[0]!) && Number.isFinite(z.r[3]!)).toBe(true);
  });

  it('rejects shapes it cannot factor (ShapeError naming the shape)', () => {
    expect(() => qrDecompose(new Float64Array(6), 2, 3)).toThrow(ShapeError);
    expect(() => qrDecompose(new Float64Array(6), 2, 3)).toThrow(/m >= n >= 1, got 2x3/);
    expect(() => qrDecompose(new Float64Array(5), 3, 2)).toThrow(/a has 5 values, expected 3\*2/);
    expect(() => orthonormalize({ rows: 0, cols: 3, data: new Float32Array(0) }, 1)).toThrow(/got 0x3/);
    expect(() => orthonormalize({ rows: 2, cols: 2, data: new Float32Array(3) }, 1)).toThrow(/data has 3 values/);
  });

  it('frees every buffer it allocates', () => {
    const before = memory();
    qrDecompose(Float64Array.from(testData(20, 1)), 5, 4);
    orthonormalize({ rows: 4, cols: 9, data: testData(36, 2) }, 1);
    expect(memory().liveBuffers).toBe(before.liveBuffers);
    expect(memory().liveBytes).toBe(before.liveBytes);
  });
});

describe('orthonormalize (gain · Q · diag(sign(diag R)), float32) against the reference', () => {
  beforeAll(async () => {
    await ready();
  });
  const shapes: [number, number][] = [[1, 1], [1, 5], [5, 1], [3, 7], [7, 3], [16, 16], [33, 65], [65, 33], [40, 40]];
  for (const [rows, cols] of shapes) {
    it(`${rows}x${cols}`, () => {
      const g = testData(rows * cols, rows * 7 + cols, -2, 2);
      const w = orthonormalize({ rows, cols, data: g }, 1.5);
      expect(w.rows).toBe(rows);
      expect(w.cols).toBe(cols);
      const ref = orthogonalReference(g, rows, cols, 1.5);
      // float32 rounding of values <= 1.5: 2^-24 · 1.5 each, plus the float64 difference (1e-12).
      for (let i = 0; i < ref.length; i++) expect(Math.abs(w.data[i]! - ref[i]!)).toBeLessThanOrEqual(1.5 * 2 ** -24 + 1e-12);
    });
  }
});

describe('orthogonal initializer', () => {
  beforeAll(async () => {
    await ready();
  });

  const shapes: [number, number][] = [
    [1, 1], [1, 9], [9, 1], [2, 3], [3, 2], [5, 5], [16, 16], [31, 64], [64, 31], [100, 64], [64, 100], [128, 128],
  ];
  for (const [units, inputs] of shapes) {
    for (const gain of [1, 0.5, 2]) {
      it(`${units} units x ${inputs} inputs, gain ${gain}: ${units <= inputs ? 'W·Wᵀ' : 'Wᵀ·W'} = gain²·I to 1e-4`, () => {
        const w = init.orthogonal({ gain }).sample(inputs, units, randomStream(`orth-${units}-${inputs}`));
        expect(w.rows).toBe(units);
        expect(w.cols).toBe(inputs);
        expect(orthogonalityError(w.data, units, inputs, gain)).toBeLessThan(1e-4);
      });
    }
  }

  it('1x1 is ±gain', () => {
    expect(Math.abs(init.orthogonal({ gain: 3 }).sample(1, 1, randomStream(1)).data[0]!)).toBe(3);
  });

  it('is the QR of the stream Gaussian with the sign fix: Wᵀ·G is upper triangular with a positive diagonal', () => {
    for (const [units, inputs] of [[12, 12], [20, 8], [8, 20]] as const) {
      const w = init.orthogonal().sample(inputs, units, randomStream(77)).data;
      const s = randomStream(77);
      const g = new Float64Array(units * inputs);
      for (let i = 0; i < g.length; i++) g[i] = s.normal();
      // Tall (units >= inputs): G = Q R, so R = Wᵀ G (inputs x inputs). Wide: Gᵀ = Q R, R = W Gᵀ.
      const wide = units < inputs;
      const n = wide ? units : inputs;
      const len = wide ? inputs : units;
      const wAt = (vec: number, k: number): number => (wide ? w[vec * inputs + k]! : w[k * inputs + vec]!);
      const gAt = (vec: number, k: number): number => (wide ? g[vec * inputs + k]! : g[k * inputs + vec]!);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          let r = 0;
          for (let k = 0; k < len; k++) r += wAt(a, k) * gAt(b, k);
          if (a > b) expect(Math.abs(r)).toBeLessThan(1e-5);
          if (a === b) expect(r).toBeGreaterThan(0);
        }
      }
    }
  });

  it('1024x1024: W·Wᵀ = I to 1e-4 (and reports the time)', () => {
    const t0 = performance.now();
    const w = init.orthogonal().sample(1024, 1024, randomStream(1024));
    const ms = performance.now() - t0;
    console.log(`orthogonal 1024x1024 (normals + QR + Q): ${ms.toFixed(0)} ms`);
    expect(orthogonalityError(w.data, 1024, 1024, 1)).toBeLessThan(1e-4);
  });

  it('same seed, same bits; different seeds differ', () => {
    const a = init.orthogonal().sample(30, 20, randomStream(5)).data;
    expect(init.orthogonal().sample(30, 20, randomStream(5)).data).toEqual(a);
    expect(init.orthogonal().sample(30, 20, randomStream(6)).data).not.toEqual(a);
  });

  it('frees its buffers', () => {
    const before = memory();
    init.orthogonal().sample(50, 40, randomStream(5));
    expect(memory().liveBytes).toBe(before.liveBytes);
  });
});
