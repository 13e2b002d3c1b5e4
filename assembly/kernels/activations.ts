// Activation kernels: forward y = f(x), derivative y = f'(x), backward dz = dy ⊙ f'(z), row-wise
// softmax / log-softmax and the softmax backward, plus the math library applied to an array
// (f32_math_*: for tests and for ops that want them).
//
// Conventions (also in src/kernels/activations.ts):
// - relu'(0) = 0 and leakyRelu'(0) = alpha (the x > 0 branch is strict, as in PyTorch);
//   elu'(0) = alpha (elu' is alpha·e^x for x <= 0).
// - The backward kernels compute f'(z) from z with the same code as the *_grad kernels and
//   multiply by dy, so backward == dy ⊙ grad(z) bit for bit. They take a = f(z) for the
//   signature the network uses, but no activation here reads it: the cheaper forms in a
//   (σ(1 - σ), 1 - tanh², a + alpha for elu) lose their relative accuracy where a rounds near
//   its limit (1 - tanh² is 0 at z = 9.1 instead of 5.0e-8, and 6% off at z = 8; σ(1 - σ) is 0
//   from z = 17.33 on).
// - Accuracy (ulps of float32 at the exact result; test/kernels/activations.test.ts):
//   relu, leakyRelu', linear exact; leakyRelu 0.5; tanh 1.5 and sigmoid 1.5 (float32 exp);
//   elu 1.5 (expm1; 2.5 for alpha != 1); sigmoid', tanh', softplus, gelu, gelu' <= 0.502
//   (float64 inside, rounded once; gelu' also 1e-10 absolute next to its zero at -0.7518).
// - NaN in gives NaN out (also in the derivatives and the products with dy).
// - Position independence: every element goes through the same f32x4 code; the < 4 leftover
//   elements of an array or a row are copied into a 16-byte scratch, run through that same
//   code, and copied back, so a value's result never depends on its index or the length.
// - In place: y may equal x, and dz may equal z, a or dy (each vector is loaded before the
//   store to the same addresses).
import {
  vexp,
  vexpm1,
  vexp64,
  vlog,
  vlog1p,
  vlog1pUnit64,
  vtanh,
  vsigmoid,
  vsigmoidGrad,
  vbell,
  verf,
  verfc,
  verfc64,
  logf,
} from "./math";
import { demoteJoin, hmaxF32x4Folded, hsumF32x4Pairwise, loadPartPad, promoteHigh, promoteLow, storePart } from "./lanes";

// ---------------------------------------------------------------------------------------------
// The activations on four lanes.

const FLT_MAX: f32 = 3.40282347e38;
const SQRT1_2: f64 = 0.7071067811865476;
const INV_SQRT_2PI: f64 = 0.3989422804014327;

/** ELU: x for x > 0, alpha·(e^x - 1) otherwise (expm1, so small |x| keep full accuracy). */
// @ts-ignore: decorator
@inline function velu(x: v128, alpha: v128): v128 {
  const neg = f32x4.mul(alpha, vexpm1(f32x4.pmin(x, f32x4.splat(0.0))));
  return v128.bitselect(x, neg, f32x4.gt(x, f32x4.splat(0.0)));
}

// @ts-ignore: decorator
@inline function veluGrad(x: v128, alpha: v128): v128 {
  const neg = f32x4.mul(alpha, vexp(f32x4.pmin(x, f32x4.splat(0.0))));
  const d = v128.bitselect(f32x4.splat(1.0), neg, f32x4.gt(x, f32x4.splat(0.0)));
  return v128.bitselect(x, d, f32x4.ne(x, x)); // NaN stays NaN (NaN > 0 is false)
}

/** x·Φ(x) on two float64 lanes, Φ(x) = erfc(-x/√2)/2 (A&S 7.1.2/26.2.29): no cancellation for x < 0. */
// @ts-ignore: decorator
@inline function gelu64(x: v128): v128 {
  const cdf = f64x2.mul(f64x2.splat(0.5), verfc64(f64x2.mul(x, f64x2.splat(-SQRT1_2))));
  return f64x2.mul(x, cdf);
}

/** GELU'(x) = Φ(x) + x·φ(x), φ(x) = e^{-x²/2}/√(2π), on two float64 lanes. */
// @ts-ignore: decorator
@inline function geluGrad64(x: v128): v128 {
  const cdf = f64x2.mul(f64x2.splat(0.5), verfc64(f64x2.mul(x, f64x2.splat(-SQRT1_2))));
  const pdf = f64x2.mul(vexp64(f64x2.mul(f64x2.mul(x, x), f64x2.splat(-0.5))), f64x2.splat(INV_SQRT_2PI));
  return f64x2.add(cdf, f64x2.mul(x, pdf));
}

/**
 * GELU, exact erf form x·Φ(x) (Hendrycks & Gimpel 2016; PyTorch's default, Keras
 * approximate=False), evaluated in float64 and rounded once. -Inf is clamped to -FLT_MAX first
 * so the limit comes out (gelu(-Inf) = -0, not -Inf·0 = NaN); gelu(+Inf) = +Inf.
 */
function vgelu(x: v128): v128 {
  const xc = f32x4.pmax(x, f32x4.splat(-FLT_MAX));
  return demoteJoin(gelu64(promoteLow(xc)), gelu64(promoteHigh(xc)));
}

/** GELU' with ±Inf clamped to ±FLT_MAX, so that x·φ(x) -> 0 and the limits 1 and 0 come out. */
function vgeluGrad(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(FLT_MAX)), f32x4.splat(-FLT_MAX));
  return demoteJoin(geluGrad64(promoteLow(xc)), geluGrad64(promoteHigh(xc)));
}

/**
 * softplus(x) = max(x, 0) + log1p(e^{-|x|}): never overflows, and equals x once e^{-x} < ulp.
 * Evaluated in float64 (vexp64, vlog1pUnit64) and rounded once.
 */
// @ts-ignore: decorator
@inline function softplus64(x: v128): v128 {
  const e = vexp64(f64x2.neg(f64x2.abs(x)));
  return f64x2.add(f64x2.pmax(x, f64x2.splat(0.0)), vlog1pUnit64(e));
}

function vsoftplus(x: v128): v128 {
  return demoteJoin(softplus64(promoteLow(x)), softplus64(promoteHigh(x)));
}

/** tanh'(x) = 1/cosh²(x) = 4e/(1 + e)² with e = e^{-2|x|}: accurate where tanh rounds to ±1. */
// @ts-ignore: decorator
@inline function vtanhGrad(x: v128): v128 {
  const a = f32x4.abs(x);
  return vbell(f32x4.neg(f32x4.add(a, a)), 4.0);
}

// Operation codes: the drivers below are @inline and called with a constant code, so the
// optimizer keeps only that branch.
const LINEAR: i32 = 0;
const SIGMOID: i32 = 1;
const TANH: i32 = 2;
const RELU: i32 = 3;
const LEAKY_RELU: i32 = 4;
const ELU: i32 = 5;
const GELU: i32 = 6;
const SOFTPLUS: i32 = 7;
const GRAD: i32 = 16; // added to a code: its derivative

// @ts-ignore: decorator
@inline function apply(op: i32, x: v128, alpha: v128): v128 {
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  const nan = f32x4.ne(x, x);
  switch (op) {
    case LINEAR:
      return x;
    case SIGMOID:
      return vsigmoid(x);
    case TANH:
      return vtanh(x);
    case RELU:
      return f32x4.max(x, zero); // max propagates NaN; relu(-0) = +0
    case LEAKY_RELU:
      return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, zero));
    case ELU:
      return velu(x, alpha);
    case GELU:
      return vgelu(x);
    case SOFTPLUS:
      return vsoftplus(x);
    case LINEAR + GRAD:
      return v128.bitselect(x, one, nan);
    case SIGMOID + GRAD:
      return vsigmoidGrad(x);
    case TANH + GRAD:
      return vtanhGrad(x);
    case RELU + GRAD:
      return v128.bitselect(x, v128.and(one, f32x4.gt(x, zero)), nan);
    case LEAKY_RELU + GRAD:
      return v128.bitselect(x, v128.bitselect(one, alpha, f32x4.gt(x, zero)), nan);
    case ELU + GRAD:
      return veluGrad(x, alpha);
    case GELU + GRAD:
      return vgeluGrad(x);
    case SOFTPLUS + GRAD:
      return vsigmoid(x);
  }
  unreachable();
  return x;
}

/** y = op(x) elementwise over n floats. */
// @ts-ignore: decorator
@inline function unary(op: i32, x: usize, y: usize, n: i32, alpha: f32): void {
  const av = f32x4.splat(alpha);
  const body = n & ~3;
  for (let i = 0; i < body; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, apply(op, v128.load(x + o), av));
  }
  const k = n - body;
  if (k > 0) {
    const o = <usize>body << 2;
    storePart(y + o, apply(op, loadPartPad(x + o, k, 0.0), av), k);
  }
}

/** dz = dy ⊙ f'(z) elementwise over n floats (a = f(z) is not needed, see the header). */
// @ts-ignore: decorator
@inline function backward(op: i32, z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  const av = f32x4.splat(alpha);
  const body = n & ~3;
  for (let i = 0; i < body; i += 4) {
    const o = <usize>i << 2;
    v128.store(dz + o, f32x4.mul(v128.load(dy + o), apply(op + GRAD, v128.load(z + o), av)));
  }
  const k = n - body;
  if (k > 0) {
    const o = <usize>body << 2;
    const zv = loadPartPad(z + o, k, 0.0);
    const dyv = loadPartPad(dy + o, k, 0.0);
    storePart(dz + o, f32x4.mul(dyv, apply(op + GRAD, zv, av)), k);
  }
}

// ---------------------------------------------------------------------------------------------
// Exported kernels: f32_<name>(x, y, n[, alpha]), f32_<name>_grad(x, y, n[, alpha]),
// f32_<name>_backward(z, a, dy, dz, n[, alpha]).

export function f32_linear(x: usize, y: usize, n: i32): void {
  unary(LINEAR, x, y, n, 0);
}
export function f32_linear_grad(x: usize, y: usize, n: i32): void {
  unary(LINEAR + GRAD, x, y, n, 0);
}
export function f32_linear_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32): void {
  backward(LINEAR, z, dy, dz, n, 0);
}

export function f32_sigmoid(x: usize, y: usize, n: i32): void {
  unary(SIGMOID, x, y, n, 0);
}
export function f32_sigmoid_grad(x: usize, y: usize, n: i32): void {
  unary(SIGMOID + GRAD, x, y, n, 0);
}
export function f32_sigmoid_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32): void {
  backward(SIGMOID, z, dy, dz, n, 0);
}

export function f32_tanh(x: usize, y: usize, n: i32): void {
  unary(TANH, x, y, n, 0);
}
export function f32_tanh_grad(x: usize, y: usize, n: i32): void {
  unary(TANH + GRAD, x, y, n, 0);
}
export function f32_tanh_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32): void {
  backward(TANH, z, dy, dz, n, 0);
}

export function f32_relu(x: usize, y: usize, n: i32): void {
  unary(RELU, x, y, n, 0);
}
export function f32_relu_grad(x: usize, y: usize, n: i32): void {
  unary(RELU + GRAD, x, y, n, 0);
}
export function f32_relu_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32): void {
  backward(RELU, z, dy, dz, n, 0);
}

export function f32_leaky_relu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(LEAKY_RELU, x, y, n, alpha);
}
export function f32_leaky_relu_grad(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(LEAKY_RELU + GRAD, x, y, n, alpha);
}
export function f32_leaky_relu_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(LEAKY_RELU, z, dy, dz, n, alpha);
}

export function f32_elu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ELU, x, y, n, alpha);
}
export function f32_elu_grad(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ELU + GRAD, x, y, n, alpha);
}
export function f32_elu_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ELU, z, dy, dz, n, alpha);
}

export function f32_gelu(x: usize, y: usize, n: i32): void {
  unary(GELU, x, y, n, 0);
}
export function f32_gelu_grad(x: usize, y: usize, n: i32): void {
  unary(GELU + GRAD, x, y, n, 0);
}
export function f32_gelu_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32): void {
  backward(GELU, z, dy, dz, n, 0);
}

export function f32_softplus(x: usize, y: usize, n: i32): void {
  unary(SOFTPLUS, x, y, n, 0);
}
export function f32_softplus_grad(x: usize, y: usize, n: i32): void {
  unary(SOFTPLUS + GRAD, x, y, n, 0);
}
export function f32_softplus_backward(z: usize, a: usize, dy: usize, dz: usize, n: i32): void {
  backward(SOFTPLUS, z, dy, dz, n, 0);
}

// ---------------------------------------------------------------------------------------------
// Row-wise softmax. Each row is processed from its own start with the same vector code and
// tail, so identical rows give identical bits whatever their index or the number of rows.
// Sums run over four lane accumulators, then (l0 + l1) + (l2 + l3).

/** The maximum of a row (NaN if any element is NaN). */
// @ts-ignore: decorator
@inline function rowMax(xr: usize, cols: i32): f32 {
  let mv = f32x4.splat(-Infinity);
  const body = cols & ~3;
  for (let j = 0; j < body; j += 4) mv = f32x4.max(mv, v128.load(xr + (<usize>j << 2)));
  const k = cols - body;
  if (k > 0) mv = f32x4.max(mv, loadPartPad(xr + (<usize>body << 2), k, -Infinity));
  return hmaxF32x4Folded(mv);
}

/**
 * y = softmax(x) per row: e^{x - max}/Σ e^{x - max} (max-subtracted, so any finite row is
 * stable; an element far below the max gives 0). rows x cols, row-major; y may equal x.
 */
export function f32_softmax_rows(x: usize, y: usize, rows: i32, cols: i32): void {
  const body = cols & ~3;
  const k = cols - body;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols * 4;
    const xr = x + off;
    const yr = y + off;
    const m = f32x4.splat(rowMax(xr, cols));
    let sv = f32x4.splat(0.0);
    for (let j = 0; j < body; j += 4) {
      const o = <usize>j << 2;
      const e = vexp(f32x4.sub(v128.load(xr + o), m));
      v128.store(yr + o, e);
      sv = f32x4.add(sv, e);
    }
    if (k > 0) {
      const o = <usize>body << 2;
      const e = vexp(f32x4.sub(loadPartPad(xr + o, k, -Infinity), m)); // padding gives e = 0
      storePart(yr + o, e, k);
      sv = f32x4.add(sv, e);
    }
    const s = f32x4.splat(hsumF32x4Pairwise(sv));
    for (let j = 0; j < body; j += 4) {
      const o = <usize>j << 2;
      v128.store(yr + o, f32x4.div(v128.load(yr + o), s));
    }
    if (k > 0) {
      const o = <usize>body << 2;
      storePart(yr + o, f32x4.div(loadPartPad(yr + o, k, 0.0), s), k);
    }
  }
}

/**
 * y = log softmax(x) per row: (x - max) - log Σ e^{x - max}. Both terms are <= 0 and >= 0, so
 * the subtraction never cancels. y may equal x.
 */
export function f32_log_softmax_rows(x: usize, y: usize, rows: i32, cols: i32): void {
  const body = cols & ~3;
  const k = cols - body;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols * 4;
    const xr = x + off;
    const yr = y + off;
    const m = f32x4.splat(rowMax(xr, cols));
    let sv = f32x4.splat(0.0);
    for (let j = 0; j < body; j += 4) {
      sv = f32x4.add(sv, vexp(f32x4.sub(v128.load(xr + (<usize>j << 2)), m)));
    }
    if (k > 0) {
      sv = f32x4.add(sv, vexp(f32x4.sub(loadPartPad(xr + (<usize>body << 2), k, -Infinity), m)));
    }
    const l = f32x4.splat(logf(hsumF32x4Pairwise(sv)));
    for (let j = 0; j < body; j += 4) {
      const o = <usize>j << 2;
      v128.store(yr + o, f32x4.sub(f32x4.sub(v128.load(xr + o), m), l));
    }
    if (k > 0) {
      const o = <usize>body << 2;
      storePart(yr + o, f32x4.sub(f32x4.sub(loadPartPad(xr + o, k, 0.0), m), l), k);
    }
  }
}

/**
 * The softmax backward per row: dx = a ⊙ (dy - Σ_j dy_j·a_j), where a = softmax(x).
 * dx may equal a or dy.
 */
export function f32_softmax_rows_backward(a: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  const body = cols & ~3;
  const k = cols - body;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols * 4;
    const ar = a + off;
    const dyr = dy + off;
    const dxr = dx + off;
    let sv = f32x4.splat(0.0);
    for (let j = 0; j < body; j += 4) {
      const o = <usize>j << 2;
      sv = f32x4.add(sv, f32x4.mul(v128.load(dyr + o), v128.load(ar + o)));
    }
    if (k > 0) {
      const o = <usize>body << 2;
      sv = f32x4.add(sv, f32x4.mul(loadPartPad(dyr + o, k, 0.0), loadPartPad(ar + o, k, 0.0)));
    }
    const dot = f32x4.splat(hsumF32x4Pairwise(sv));
    for (let j = 0; j < body; j += 4) {
      const o = <usize>j << 2;
      v128.store(dxr + o, f32x4.mul(v128.load(ar + o), f32x4.sub(v128.load(dyr + o), dot)));
    }
    if (k > 0) {
      const o = <usize>body << 2;
      const av = loadPartPad(ar + o, k, 0.0);
      const dyv = loadPartPad(dyr + o, k, 0.0);
      storePart(dxr + o, f32x4.mul(av, f32x4.sub(dyv, dot)), k);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The math library over arrays, y = f(x) for n floats (y may equal x).

const M_EXP: i32 = 0;
const M_EXPM1: i32 = 1;
const M_LOG: i32 = 2;
const M_LOG1P: i32 = 3;
const M_ERF: i32 = 4;
const M_ERFC: i32 = 5;

// @ts-ignore: decorator
@inline function applyMath(op: i32, x: v128): v128 {
  switch (op) {
    case M_EXP:
      return vexp(x);
    case M_EXPM1:
      return vexpm1(x);
    case M_LOG:
      return vlog(x);
    case M_LOG1P:
      return vlog1p(x);
    case M_ERF:
      return verf(x);
    case M_ERFC:
      return verfc(x);
  }
  unreachable();
  return x;
}

// @ts-ignore: decorator
@inline function mathKernel(op: i32, x: usize, y: usize, n: i32): void {
  const body = n & ~3;
  for (let i = 0; i < body; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, applyMath(op, v128.load(x + o)));
  }
  const k = n - body;
  if (k > 0) {
    const o = <usize>body << 2;
    storePart(y + o, applyMath(op, loadPartPad(x + o, k, 0.0)), k);
  }
}

export function f32_math_exp(x: usize, y: usize, n: i32): void {
  mathKernel(M_EXP, x, y, n);
}
export function f32_math_expm1(x: usize, y: usize, n: i32): void {
  mathKernel(M_EXPM1, x, y, n);
}
export function f32_math_log(x: usize, y: usize, n: i32): void {
  mathKernel(M_LOG, x, y, n);
}
export function f32_math_log1p(x: usize, y: usize, n: i32): void {
  mathKernel(M_LOG1P, x, y, n);
}
export function f32_math_erf(x: usize, y: usize, n: i32): void {
  mathKernel(M_ERF, x, y, n);
}
export function f32_math_erfc(x: usize, y: usize, n: i32): void {
  mathKernel(M_ERFC, x, y, n);
}
