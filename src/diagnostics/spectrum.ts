// Spectral norm and condition number of a kernel W (units x inputs, float32) by the Lanczos
// method on the Gram matrix B = WᵀW (or W·Wᵀ, whichever is smaller: n = min(units, inputs)),
// with full reorthogonalization, in float64 on the core (Golub & Van Loan, "Matrix
// Computations", 4th ed., §10.1; Parlett's "twice is enough" for the reorthogonalization).
// B is never formed: each step applies W and Wᵀ (two matrix-vector products).
//
// Accuracy:
// - When n <= EXACT_DIMENSION, Lanczos runs n steps (or stops earlier on an invariant subspace):
//   the eigenvalues of the tridiagonal T are those of B to float64 rounding, so σ_max is exact to
//   about 1e-15 relative and σ_min to about 1e-16·σ_max²/σ_min (absolute error of λ_min is about
//   n·2^-52·λ_max). `exact` is then true.
// - Otherwise it runs LANCZOS_STEPS steps from a fixed random start: the largest Ritz value
//   converges first and fast (Kaniel-Paige), and is a lower bound of λ_max, so spectralNorm is an
//   estimate from below (1e-6 relative or better on the tests' random matrices); the smallest
//   Ritz value is an upper bound of λ_min, so conditionNumber is a LOWER BOUND, often far below
//   the true value for large random square matrices, whose smallest singular values cluster near 0.
// - λ_min <= n·2^-52·λ_max counts as 0: conditionNumber is Infinity (a numerically singular
//   kernel, such as the lesson's zero or constant one). Condition numbers above about 1e7 are not
//   resolved, since B squares them.
// The tridiagonal's extreme eigenvalues come from bisection with Sturm counts (Barth, Martin &
// Wilkinson 1967), to float64 resolution.
import type { F32Buffer } from '../core/buffer.js';
import { sumSquares } from '../kernels/reduce.js';
import { axpyF64, dotF64, gemvF32, gemvF64, scaleF64 } from '../kernels/diagnostics.js';
import { randomStream } from '../init/random.js';
import { Scratch } from './scratch.js';

/** Up to this dimension the spectrum is exact (Lanczos runs to completion). */
export const EXACT_DIMENSION = 128;
/** Lanczos steps beyond that dimension. */
export const LANCZOS_STEPS = 64;

const EPS = 2 ** -52;

export interface Spectrum {
  spectralNorm: number;
  conditionNumber: number;
  /** True when both values are exact to float64 rounding (see the header). */
  exact: boolean;
  /** Lanczos steps taken. */
  steps: number;
}

/** Number of eigenvalues of the symmetric tridiagonal (alpha, beta) below x (Sturm sequence). */
function countBelow(alpha: number[], beta: number[], x: number, pivmin: number): number {
  let count = 0;
  let d = 1;
  for (let i = 0; i < alpha.length; i++) {
    const b2 = i > 0 ? beta[i - 1]! * beta[i - 1]! : 0;
    d = alpha[i]! - x - (i > 0 ? b2 / d : 0);
    if (Math.abs(d) < pivmin) d = -pivmin;
    if (d < 0) count++;
  }
  return count;
}

/** The m-th smallest eigenvalue (0-based) of the tridiagonal, by bisection on Gershgorin's interval. */
export function tridiagonalEigenvalue(alpha: number[], beta: number[], m: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  let big = 0;
  for (let i = 0; i < alpha.length; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]!) : 0) + (i < beta.length ? Math.abs(beta[i]!) : 0);
    lo = Math.min(lo, alpha[i]! - r);
    hi = Math.max(hi, alpha[i]! + r);
    big = Math.max(big, Math.abs(alpha[i]!) + r);
  }
  const pivmin = Math.max(Number.MIN_VALUE, big * 1e-300);
  for (let it = 0; it < 2100; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break; // adjacent floats: converged
    if (countBelow(alpha, beta, mid, pivmin) > m) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Spectral norm and condition number of the rows x cols float32 matrix w. `seed` fixes
 * the Lanczos start vector (a standard normal vector from a seeded stream).
 */
export function spectrumOf(kernel: F32Buffer, rows: number, cols: number, seed = 'symbreak/diagnostics/lanczos'): Spectrum {
  const n = Math.min(rows, cols);
  const frob2 = sumSquares(kernel, rows * cols); // ||W||_F² >= λ_max
  if (!Number.isFinite(frob2)) return { spectralNorm: NaN, conditionNumber: NaN, exact: false, steps: 0 };
  if (frob2 === 0) return { spectralNorm: 0, conditionNumber: Infinity, exact: true, steps: 0 };
  const maxSteps = n <= EXACT_DIMENSION ? n : LANCZOS_STEPS;
  // B = WᵀW acts on inputs-vectors (cols <= rows), B = W·Wᵀ on units-vectors otherwise.
  const gramOfColumns = cols <= rows;
  const s = new Scratch();
  try {
    const q = s.f64(maxSteps * n);
    const w = s.f64(n);
    const t = s.f64(Math.max(rows, cols));
    const h = s.f64(maxSteps);
    const tmp = s.f64(n);
    const start = new Float64Array(n);
    const rng = randomStream(seed);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      start[i] = rng.normal();
      norm += start[i]! * start[i]!;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) start[i]! /= norm;
    q.write(start);

    const alpha: number[] = [];
    const beta: number[] = [];
    let invariant = false;
    const breakdown = n * EPS * frob2;
    for (let j = 0; j < maxSteps; j++) {
      const qj = q.view(n * j, n);
      if (gramOfColumns) {
        gemvF32(kernel, qj, t, rows, cols, false); // t = W q (rows)
        gemvF32(kernel, t, w, rows, cols, true); // w = Wᵀ t (cols)
      } else {
        gemvF32(kernel, qj, t, rows, cols, true); // t = Wᵀ q (cols)
        gemvF32(kernel, t, w, rows, cols, false); // w = W t (rows)
      }
      let a = dotF64(qj, w, n);
      axpyF64(-a, qj, w, n);
      if (j > 0) axpyF64(-beta[j - 1]!, q.view(n * (j - 1), n), w, n);
      // Full reorthogonalization against q_0..q_j, twice.
      for (let pass = 0; pass < 2; pass++) {
        gemvF64(q, w, h, j + 1, n, false); // h = Q w
        gemvF64(q, h, tmp, j + 1, n, true); // tmp = Qᵀ h
        axpyF64(-1, tmp, w, n);
        a += h.array()[j]!;
      }
      alpha.push(a);
      if (j === maxSteps - 1) break;
      const b = Math.sqrt(dotF64(w, w, n));
      if (!(b > breakdown)) {
        // An invariant subspace: with a random start, T holds every distinct eigenvalue of B.
        invariant = true;
        break;
      }
      beta.push(b);
      scaleF64(w, 1 / b, q.view(n * (j + 1), n), n);
    }
    const k = alpha.length;
    const lmax = Math.max(0, tridiagonalEigenvalue(alpha, beta, k - 1));
    const lmin = Math.max(0, tridiagonalEigenvalue(alpha, beta, 0));
    const spectralNorm = Math.sqrt(lmax);
    const conditionNumber = lmin <= n * EPS * lmax ? Infinity : Math.sqrt(lmax / lmin);
    return { spectralNorm, conditionNumber, exact: invariant || k === n, steps: k };
  } finally {
    s.free();
  }
}
