// Float64 reference for the QR kernel (assembly/kernels/qr.ts): unblocked Householder QR in
// plain TypeScript, row-major, straight from Golub & Van Loan, Matrix Computations (4th ed.),
// Algorithm 5.2.1, with LAPACK's sign convention (R[k][k] = -sign(a_kk)·norm). The tests compare
// the core against it; it is also the readable version of what the kernel does.

export interface QrResult {
  /** Thin Q, m x n row-major, orthonormal columns. */
  q: Float64Array;
  /** R, n x n row-major, upper triangular. */
  r: Float64Array;
}

/** Thin QR of the m x n row-major matrix `a` (m >= n >= 1). `a` is not modified. */
export function qrReference(a: ArrayLike<number>, m: number, n: number): QrResult {
  if (!(m >= n && n >= 1) || a.length !== m * n) {
    throw new Error(`qrReference: need m >= n >= 1 and m*n values, got ${m}x${n} and ${a.length}`);
  }
  const w = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const taus: number[] = [];
  for (let k = 0; k < n; k++) {
    // v = x + sign(x0)·||x||·e1 scaled so v[0] = 1; H = I - tau v vᵀ.
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += w[i * n + k]! * w[i * n + k]!;
    const alpha = w[k * n + k]!;
    const below = norm2 - alpha * alpha;
    const v = new Float64Array(m - k);
    v[0] = 1;
    let tau = 0;
    if (below > 0) {
      const beta = -(alpha >= 0 ? 1 : -1) * Math.sqrt(norm2);
      tau = (beta - alpha) / beta;
      for (let i = k + 1; i < m; i++) v[i - k] = w[i * n + k]! / (alpha - beta);
    }
    vs.push(v);
    taus.push(tau);
    // Apply H to columns k..n-1.
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k]! * w[i * n + j]!;
      s *= tau;
      for (let i = k; i < m; i++) w[i * n + j]! -= s * v[i - k]!;
    }
  }
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j]!;
  // Q = H_0 ... H_{n-1} [I; 0], applied backwards.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    const tau = taus[k]!;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k]! * q[i * n + j]!;
      s *= tau;
      for (let i = k; i < m; i++) q[i * n + j]! -= s * v[i - k]!;
    }
  }
  return { q, r };
}

/**
 * The orthogonal initializer in float64: gain · Q · diag(sign(diag R)) of the rows x cols
 * row-major Gaussian `g`, taking the QR of gᵀ when rows < cols (so rows come out orthonormal) and
 * of g otherwise (orthonormal columns), as torch.nn.init.orthogonal_ does. sign(0) counts as +1.
 */
export function orthogonalReference(g: ArrayLike<number>, rows: number, cols: number, gain: number): Float64Array {
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  const a = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (wide) a[j * n + i] = g[i * cols + j]!;
      else a[i * n + j] = g[i * cols + j]!;
    }
  }
  const { q, r } = qrReference(a, m, n);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = gain * (r[j * n + j]! < 0 ? -1 : 1) * q[i * n + j]!;
      if (wide) out[j * cols + i] = v;
      else out[i * cols + j] = v;
    }
  }
  return out;
}
