// Wrapper of the Householder QR kernels (assembly/kernels/qr.ts). Internal: the orthogonal
// initializer and the tests use it; nothing here is part of the public API.
// The kernels work on column-major float64 matrices; these wrappers own the buffers (allocate,
// fill, free), convert layouts, and check shapes before anything reaches the core.
import { ShapeError, ValueError } from '../errors.js';
import { core } from '../runtime/core.js';
import { allocBytes, freeBytes } from '../runtime/heap.js';
import type { Matrix } from '../runtime/matrix.js';

interface QrExports {
  f64_qr(a: number, m: number, n: number, tau: number): void;
  f64_qr_q(a: number, m: number, n: number, tau: number, q: number): void;
  f32_qr_orthonormal(a: number, q: number, m: number, n: number, gain: number, transpose: number, out: number): void;
}

function qrCore(): QrExports {
  return core<QrExports>();
}

function f64View(ptr: number, count: number): Float64Array {
  return new Float64Array(core().memory.buffer, ptr, count);
}

function checkTall(m: number, n: number, op: string): void {
  if (!Number.isInteger(m) || !Number.isInteger(n) || n < 1 || m < n) {
    throw new ShapeError(`${op}: needs an m x n matrix with m >= n >= 1, got ${m}x${n}`);
  }
}

/**
 * @internal Pointer level: QR in place of the column-major m x n float64 matrix at `a`
 * (m >= n >= 1); `tau` has room for n float64. See f64_qr for the layout of the result.
 */
export function qrFactorPtr(a: number, m: number, n: number, tau: number): void {
  checkTall(m, n, 'qrFactorPtr');
  qrCore().f64_qr(a, m, n, tau);
}

/** @internal Pointer level: the thin Q (column-major m x n float64) at `q` from qrFactorPtr's output. */
export function qrFormQPtr(a: number, m: number, n: number, tau: number, q: number): void {
  checkTall(m, n, 'qrFormQPtr');
  qrCore().f64_qr_q(a, m, n, tau, q);
}

/**
 * @internal Pointer level: out (float32) = gain · Q · diag(sign(diag R)), m x n row-major, or its
 * n x m transpose when `transpose` is true.
 */
export function qrOrthonormalPtr(a: number, q: number, m: number, n: number, gain: number, transpose: boolean, out: number): void {
  checkTall(m, n, 'qrOrthonormalPtr');
  qrCore().f32_qr_orthonormal(a, q, m, n, gain, transpose ? 1 : 0, out);
}

/** Frees every pointer, even when one of the calls before threw. */
function withBuffers<T>(sizes: number[], body: (ptrs: number[]) => T): T {
  const ptrs: number[] = [];
  try {
    for (const bytes of sizes) ptrs.push(allocBytes(Math.max(16, bytes)));
    return body(ptrs);
  } finally {
    for (const p of ptrs) freeBytes(p);
  }
}

/**
 * @internal Thin QR on the core of the m x n row-major float64 matrix `a` (m >= n): Q (m x n)
 * and R (n x n), row-major float64, with LAPACK's signs (for the tests against the reference).
 */
export function qrDecompose(a: ArrayLike<number>, m: number, n: number): { q: Float64Array; r: Float64Array } {
  checkTall(m, n, 'qrDecompose');
  if (a.length !== m * n) throw new ShapeError(`qrDecompose: a has ${a.length} values, expected ${m}*${n}`);
  return withBuffers([m * n * 8, m * n * 8, n * 8], ([pa, pq, pt]) => {
    const x = f64View(pa!, m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) x[j * m + i] = a[i * n + j]!;
    qrCore().f64_qr(pa!, m, n, pt!);
    qrCore().f64_qr_q(pa!, m, n, pt!, pq!);
    const xa = f64View(pa!, m * n);
    const xq = f64View(pq!, m * n);
    const q = new Float64Array(m * n);
    const r = new Float64Array(n * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] = xq[j * m + i]!;
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = xa[j * m + i]!;
    return { q, r };
  });
}

/**
 * @internal Matrix in, Matrix out: gain · Q · diag(sign(diag R)) for the rows x cols row-major
 * matrix `g` (float64 or float32 values), using the QR of gᵀ when rows < cols (rows come out
 * orthonormal) and of g otherwise (columns orthonormal), as torch.nn.init.orthogonal_.
 */
export function orthonormalize(g: Matrix | { rows: number; cols: number; data: Float64Array }, gain: number): Matrix {
  const { rows, cols, data } = g;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new ShapeError(`orthonormalize: needs at least 1 row and 1 column, got ${rows}x${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new ShapeError(`orthonormalize: data has ${data.length} values, expected ${rows}*${cols}`);
  }
  if (!Number.isFinite(gain)) throw new ValueError(`orthonormalize: gain must be finite, got ${gain}`);
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  return withBuffers([m * n * 8, m * n * 8, n * 8, m * n * 4], ([pa, pq, pt, po]) => {
    const x = f64View(pa!, m * n);
    if (wide) {
      x.set(data); // column j of gᵀ is row j of g: already contiguous
    } else {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[j * m + i] = data[i * cols + j]!;
    }
    const c = qrCore();
    c.f64_qr(pa!, m, n, pt!);
    c.f64_qr_q(pa!, m, n, pt!, pq!);
    c.f32_qr_orthonormal(pa!, pq!, m, n, gain, wide ? 1 : 0, po!);
    return { rows, cols, data: new Float32Array(core().memory.buffer, po!, rows * cols).slice() };
  });
}
