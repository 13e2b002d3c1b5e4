// QR on the core for the orthogonal initializer (and the tests): the kernels of
// assembly/kernels/qr.ts work on column-major float64 matrices; these functions own the buffers
// (allocate, fill, free), convert layouts, and check shapes before anything reaches the core.
import { ShapeError, ValueError } from '../errors.js';
import { allocF32, allocF64, freeAll } from '../core/heap.js';
import type { F32Buffer, F64Buffer } from '../core/buffer.js';
import { qrFactor, qrFormQ, qrOrthonormal } from '../kernels/qr.js';
import type { Matrix } from '../util/matrix.js';

function checkTall(m: number, n: number, op: string): void {
  if (!Number.isInteger(m) || !Number.isInteger(n) || n < 1 || m < n) {
    throw new ShapeError(`${op}: needs an m x n matrix with m >= n >= 1, got ${m}x${n}`);
  }
}

/** Runs body on a (m x n), q (m x n) and tau (n) float64 buffers, freed afterwards whatever happens. */
function withQrBuffers<T>(m: number, n: number, body: (a: F64Buffer, q: F64Buffer, tau: F64Buffer) => T): T {
  const owned: F64Buffer[] = [];
  try {
    for (const count of [m * n, m * n, n]) owned.push(allocF64(count));
    return body(owned[0]!, owned[1]!, owned[2]!);
  } finally {
    freeAll(owned);
  }
}

/**
 * @internal Thin QR on the core of the m x n row-major float64 matrix `a` (m >= n): Q (m x n)
 * and R (n x n), row-major float64, with LAPACK's signs (for the tests against the reference).
 */
export function qrDecompose(a: ArrayLike<number>, m: number, n: number): { q: Float64Array; r: Float64Array } {
  checkTall(m, n, 'qrDecompose');
  if (a.length !== m * n) throw new ShapeError(`qrDecompose: a has ${a.length} values, expected ${m}*${n}`);
  return withQrBuffers(m, n, (pa, pq, pt) => {
    const x = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) x[j * m + i] = a[i * n + j]!;
    pa.write(x);
    qrFactor(pa, m, n, pt);
    qrFormQ(pa, m, n, pt, pq);
    const xa = pa.read();
    const xq = pq.read();
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
  return withQrBuffers(m, n, (pa, pq, pt) => {
    if (wide) {
      pa.write(data); // column j of gᵀ is row j of g: already contiguous
    } else {
      const x = new Float64Array(m * n);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[j * m + i] = data[i * cols + j]!;
      pa.write(x);
    }
    qrFactor(pa, m, n, pt);
    qrFormQ(pa, m, n, pt, pq);
    let po: F32Buffer | undefined;
    try {
      po = allocF32(rows * cols);
      qrOrthonormal(pa, pq, m, n, gain, wide, po);
      return { rows, cols, data: po.read() };
    } finally {
      freeAll([po]);
    }
  });
}
