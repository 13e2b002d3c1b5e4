// Float64 references for the activation kernels, their derivatives, softmax, and the error
// function. Plain, direct formulas chosen for accuracy over speed; the tests compare the float32
// core against these. Methods are deliberately different from the core's where it matters
// (erf/erfc here: series and continued fraction; in the core: a fitted polynomial).
import type { ElementwiseActivation } from '../../src/registry/activations.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const INV_SQRT_PI = 0.5641895835477563; // 1/√π
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * erf(x) for |x| <= 3 by the series of Abramowitz & Stegun 7.1.6,
 * erf(x) = (2/√π)·e^{-x²}·Σ_n 2^n x^{2n+1}/(1·3···(2n+1)): every term is positive, so the sum
 * has no cancellation (relative error ~1e-15).
 */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfc(x) for x >= 2 by the continued fraction of A&S 7.1.14,
 * erfc(x) = (e^{-x²}/√π)·1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated with the
 * modified Lentz algorithm (Numerical Recipes §5.2) to a relative change of 1e-16.
 */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a <= 3) return erfSeries(x);
  const r = 1 - erfcFraction(a);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 - erf(x), accurate also where it is tiny. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  const a = Math.abs(x);
  const tail = a < 2 ? 1 - erfSeries(a) : erfcFraction(a);
  return x < 0 ? 2 - tail : tail;
}

/** The standard normal CDF Φ(x) = erfc(-x/√2)/2 (A&S 26.2.29). */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

export function linear(x: number): number {
  return x;
}
export function linearGrad(x: number): number {
  return Number.isNaN(x) ? NaN : 1;
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
/** σ'(x) = e/(1 + e)², e = e^{-|x|}: no cancellation where σ is near 1. */
export function sigmoidGrad(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}

export function tanh(x: number): number {
  return Math.tanh(x);
}
/** tanh'(x) = 1/cosh²(x) = 4e/(1 + e)², e = e^{-2|x|}. */
export function tanhGrad(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
}

/** relu(x) = max(x, 0); relu(-0) = +0. */
export function relu(x: number): number {
  return Number.isNaN(x) ? NaN : x > 0 ? x : 0;
}
/** relu'(0) = 0 (the x > 0 branch is strict, as in PyTorch). */
export function reluGrad(x: number): number {
  return Number.isNaN(x) ? NaN : x > 0 ? 1 : 0;
}

export function leakyRelu(x: number, alpha: number): number {
  return x > 0 ? x : alpha * x;
}
/** leakyRelu'(0) = alpha. */
export function leakyReluGrad(x: number, alpha: number): number {
  return Number.isNaN(x) ? NaN : x > 0 ? 1 : alpha;
}

export function elu(x: number, alpha: number): number {
  return x > 0 ? x : alpha * Math.expm1(x);
}
/** elu'(x) = alpha·e^x for x <= 0, so elu'(0) = alpha. */
export function eluGrad(x: number, alpha: number): number {
  return Number.isNaN(x) ? NaN : x > 0 ? 1 : alpha * Math.exp(x);
}

/** GELU, exact form x·Φ(x) (Hendrycks & Gimpel 2016). */
export function gelu(x: number): number {
  if (x === -Infinity) return -0;
  return x * normCdf(x);
}
/** GELU'(x) = Φ(x) + x·φ(x). */
export function geluGrad(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return normCdf(x) + x * normPdf(x);
}

/** softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
/** softplus' = σ. */
export function softplusGrad(x: number): number {
  return sigmoid(x);
}

/** SELU's constants (Klambauer et al. 2017; torch.nn.SELU). */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

/** selu(x) = scale·x for x > 0, scale·alpha·(e^x - 1) otherwise. */
export function selu(x: number): number {
  return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
}
/** selu'(x) = scale for x > 0, scale·alpha·e^x for x <= 0 (so selu'(0) = scale·alpha). */
export function seluGrad(x: number): number {
  return Number.isNaN(x) ? NaN : x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
}

/** silu(x) = x·σ(x) (a.k.a. swish; Hendrycks & Gimpel 2016, Ramachandran et al. 2017). */
export function silu(x: number): number {
  if (x === -Infinity) return -0;
  return x * sigmoid(x);
}
/** silu'(x) = σ(x)·(1 + x·(1 - σ(x))), with σ(-x) for 1 - σ(x) (no cancellation). */
export function siluGrad(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return sigmoid(x) * (1 + x * sigmoid(-x));
}

export interface ActivationReference {
  f(x: number, alpha: number): number;
  grad(x: number, alpha: number): number;
}

/** Every activation's reference, by name (alpha is ignored by those without one). */
// Typed by the registry's elementwise activations: a row added there without a reference here is
// a compile error.
export const activationReference: Record<ElementwiseActivation, ActivationReference> = {
  linear: { f: linear, grad: linearGrad },
  sigmoid: { f: sigmoid, grad: sigmoidGrad },
  tanh: { f: tanh, grad: tanhGrad },
  relu: { f: relu, grad: reluGrad },
  leakyRelu: { f: leakyRelu, grad: leakyReluGrad },
  elu: { f: elu, grad: eluGrad },
  gelu: { f: gelu, grad: geluGrad },
  softplus: { f: softplus, grad: softplusGrad },
  selu: { f: selu, grad: seluGrad },
  silu: { f: silu, grad: siluGrad },
};

/** Row-wise softmax of a rows x cols row-major array (max-subtracted). */
export function softmaxRows(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += y[r * cols + j] = Math.exp(x[r * cols + j]! - m);
    for (let j = 0; j < cols; j++) y[r * cols + j]! /= s;
  }
  return y;
}

/** Row-wise log-softmax: (x - max) - log Σ e^{x - max}. */
export function logSoftmaxRows(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[r * cols + j]! - m);
    const l = Math.log(s);
    for (let j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j]! - m - l;
  }
  return y;
}

/** The softmax backward per row: dx = a ⊙ (dy - Σ_j dy_j·a_j). */
export function softmaxRowsBackward(
  a: ArrayLike<number>,
  dy: ArrayLike<number>,
  rows: number,
  cols: number,
): Float64Array {
  const dx = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[r * cols + j]! * a[r * cols + j]!;
    for (let j = 0; j < cols; j++) dx[r * cols + j] = a[r * cols + j]! * (dy[r * cols + j]! - dot);
  }
  return dx;
}

/**
 * The spacing of float32 numbers at x (its "ulp"): 2^(e - 23) for 2^e <= |x| < 2^(e+1), and
 * 2^-149 (the denormal spacing) below 2^-126. Errors against a float64 reference are measured
 * in these units.
 */
export function ulp32(x: number): number {
  const a = Math.abs(x);
  if (!(a >= 2 ** -126)) return 2 ** -149;
  if (a === Infinity) return Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1; // Math.log2 may round up just below a power of two
  else if (2 ** (e + 1) <= a) e += 1;
  return 2 ** (Math.min(e, 127) - 23);
}
