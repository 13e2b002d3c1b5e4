// Float64 reference for f32_gemm. Products of float32 values are exact in float64 and the
// float64 sum adds at most about K·2^-53 relative error, so this stands in for the exact value
// when checking the float32 kernel against the bound K·2^-24·Σ|a_ik·b_kj| (Higham, "Accuracy
// and Stability of Numerical Algorithms", 2nd ed., §3.1, inner products).

function at(x: ArrayLike<number>, i: number): number {
  return x[i]!;
}

/** op(A)[i][p]: A stored m x k, or k x m when transA. */
function aAt(a: ArrayLike<number>, i: number, p: number, m: number, k: number, transA: boolean): number {
  return transA ? at(a, p * m + i) : at(a, i * k + p);
}

/** op(B)[p][j]: B stored k x n, or n x k when transB. */
function bAt(b: ArrayLike<number>, p: number, j: number, n: number, k: number, transB: boolean): number {
  return transB ? at(b, j * k + p) : at(b, p * n + j);
}

/** Σ of f(term) over the terms of C[i][j] = c0 + op(A)·op(B) + bias, in float64. */
function gemmTerms(
  f: (term: number) => number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  bias: ArrayLike<number> | undefined,
  c0: ArrayLike<number> | undefined,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = (c0 ? f(at(c0, i * n + j)) : 0) + (bias ? f(at(bias, j)) : 0);
      for (let p = 0; p < k; p++) s += f(aAt(a, i, p, m, k, transA) * bAt(b, p, j, n, k, transB));
      c[i * n + j] = s;
    }
  }
  return c;
}

const identity = (x: number): number => x;

/**
 * C[m x n] = c0 + op(A)·op(B) + bias (row broadcast), in float64. c0 (m*n values) and bias
 * (n values) are optional.
 */
export function gemmRef(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  transA = false,
  transB = false,
  bias?: ArrayLike<number>,
  c0?: ArrayLike<number>,
): Float64Array {
  return gemmTerms(identity, a, b, m, n, k, transA, transB, bias, c0);
}

/**
 * Per element, the sum of the absolute values of the terms gemmRef adds:
 * |c0_ij| + |bias_j| + Σ_p |a_ip·b_pj|, the scale of the float32 rounding error.
 */
export function gemmAbsRef(...args: Parameters<typeof gemmRef>): Float64Array {
  const [a, b, m, n, k, transA = false, transB = false, bias, c0] = args;
  return gemmTerms(Math.abs, a, b, m, n, k, transA, transB, bias, c0);
}

/** The stored layout of op(X)ᵀ: transposes a rows x cols row-major array (for building test inputs). */
export function transposeRef(x: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = at(x, r * cols + c);
  return t;
}
