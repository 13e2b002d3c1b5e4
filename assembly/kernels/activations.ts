// Activation kernels: forward y = f(x), derivative y = f'(x), backward dz = dy ⊙ f'(z), row-wise
// softmax / log-softmax and the softmax backward, plus the math library applied to an array
// (f32_math: for tests and for ops that want them).
//
// One exported kernel per mode, the activation named by an op code (ACT_* below; the
// TypeScript registry holds the same numbers): f32_activation, f32_activation_grad,
// f32_activation_backward. Each switches on the code once per call, and each case runs its own
// loop specialised for that activation, so nothing is decided per element. An unknown code
// does nothing.
//
// Conventions (also in src/kernels/activations.ts):
// - relu'(0) = 0 and leakyRelu'(0) = alpha (the x > 0 branch is strict, as in PyTorch);
//   elu'(0) = alpha (elu' is alpha·e^x for x <= 0); selu'(0) = scale·alpha likewise.
// - alpha is read by leakyRelu and elu only; selu uses its fixed constants.
// - The backward kernels compute f'(z) from z with the same code as the grad kernel and
//   multiply by dy, so backward == dy ⊙ grad(z) bit for bit. They do not take a = f(z): the
//   cheaper forms in a (σ(1 - σ), 1 - tanh², a + alpha for elu) lose their relative accuracy
//   where a rounds near its limit (1 - tanh² is 0 at z = 9.1 instead of 5.0e-8, and 6% off at
//   z = 8; σ(1 - σ) is 0 from z = 17.33 on).
// - Accuracy (ulps of float32 at the exact result; test/kernels/activations.test.ts):
//   relu, leakyRelu', linear exact; leakyRelu 0.5; tanh 1.5 and sigmoid 1.5 (float32 exp);
//   elu 1.5 (expm1; 2.5 for alpha != 1); sigmoid', tanh', softplus, gelu, gelu' <= 0.502
//   (float64 inside, rounded once; gelu' also 1e-10 absolute next to its zero at -0.7518);
//   selu 1.06 for x > 0 (scale rounded to float32) and 1.62 for x <= 0 (float32 expm1 times
//   scale·alpha rounded to float32), selu' 1.72 (float32 exp; 0 below x = -87.3365, where exp
//   flushes, an absolute error < 2.1e-38), as measured against float64 references; silu, silu'
//   <= 0.502 (float64 inside, rounded once; silu' also ~1e-16 absolute next to its zero at
//   -1.2785).
// - NaN in gives NaN out (also in the derivatives and the products with dy).
// - Position independence: every element goes through the same f32x4 code; the < 4 leftover
//   elements of an array or a row are loaded as a partial vector padded with a neutral value
//   (loadPartPad), run through that same code, and stored back lane by lane (storePart), so a
//   value's result never depends on its index or the length.
// - In place: y may equal x, and dz may equal z or dy (each vector is loaded before the store
//   to the same addresses).
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
import { F32Ptr } from "./ptr";

// Activation op codes: the first argument of f32_activation, f32_activation_grad and
// f32_activation_backward. Fixed numbers: the TypeScript registry holds the same ones, and a
// test reads them from this file.
export const ACT_LINEAR: i32 = 0;
export const ACT_SIGMOID: i32 = 1;
export const ACT_TANH: i32 = 2;
export const ACT_RELU: i32 = 3;
export const ACT_LEAKY_RELU: i32 = 4;
export const ACT_ELU: i32 = 5;
export const ACT_GELU: i32 = 6;
export const ACT_SOFTPLUS: i32 = 7;
export const ACT_SELU: i32 = 8;
export const ACT_SILU: i32 = 9;

// Math op codes: the first argument of f32_math.
export const MATH_EXP: i32 = 0;
export const MATH_EXPM1: i32 = 1;
export const MATH_LOG: i32 = 2;
export const MATH_LOG1P: i32 = 3;
export const MATH_ERF: i32 = 4;
export const MATH_ERFC: i32 = 5;

// ---------------------------------------------------------------------------------------------
// The activations on four lanes.

const FLT_MAX: f32 = reinterpret<f32>(0x7F7FFFFF); // 3.40282347e38
const SQRT1_2: f64 = reinterpret<f64>(0x3FE6A09E667F3BCD); // 0.7071067811865476
const INV_SQRT_2PI: f64 = reinterpret<f64>(0x3FD9884533D43651); // 0.3989422804014327

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

/** SELU's alpha and scale (Klambauer et al. 2017; the constants of PyTorch and Keras). */
const SELU_ALPHA: f64 = reinterpret<f64>(0x3FFAC5AFAD782CF1); // 1.6732632423543772848170429916717
const SELU_SCALE: f64 = reinterpret<f64>(0x3FF0CFABD6A91132); // 1.0507009873554804934193349852946
/** scale and scale·alpha rounded once to float32 (the product formed in float64). */
const SELU_SCALE_F32: f32 = <f32>SELU_SCALE; // 0x3F867D5F = 1.0507010221481323
const SELU_SCALE_ALPHA_F32: f32 = <f32>(SELU_SCALE * SELU_ALPHA); // 0x3FE10966 = 1.7580993175506592

/**
 * SELU: scale·x for x > 0, scale·alpha·(e^x - 1) otherwise: elu with alpha = scale·alpha on the
 * negative side (the same expm1 path), scale·x on the positive one.
 */
// @ts-ignore: decorator
@inline function vselu(x: v128): v128 {
  const neg = f32x4.mul(f32x4.splat(SELU_SCALE_ALPHA_F32), vexpm1(f32x4.pmin(x, f32x4.splat(0.0))));
  return v128.bitselect(f32x4.mul(f32x4.splat(SELU_SCALE_F32), x), neg, f32x4.gt(x, f32x4.splat(0.0)));
}

/** SELU': scale for x > 0, scale·alpha·e^x for x <= 0 (so selu'(0) = scale·alpha); NaN stays NaN. */
// @ts-ignore: decorator
@inline function vseluGrad(x: v128): v128 {
  const neg = f32x4.mul(f32x4.splat(SELU_SCALE_ALPHA_F32), vexp(f32x4.pmin(x, f32x4.splat(0.0))));
  const d = v128.bitselect(f32x4.splat(SELU_SCALE_F32), neg, f32x4.gt(x, f32x4.splat(0.0)));
  return v128.bitselect(x, d, f32x4.ne(x, x));
}

/**
 * x·σ(x) = x/(1 + e^{-x}) on two float64 lanes (one division, no cancellation anywhere): for
 * x -> -∞ the quotient underflows towards -0 (e^{-x} is clamped at e^709 by vexp64, so the
 * float32 result is -0 below about -104), and for x -> +∞ it is x.
 */
// @ts-ignore: decorator
@inline function silu64(x: v128): v128 {
  const d = f64x2.add(f64x2.splat(1.0), vexp64(f64x2.neg(x)));
  return f64x2.div(x, d);
}

/**
 * SiLU'(x) = σ(x)·(1 + x·(1 - σ(x))) on two float64 lanes, with 1 - σ(x) formed as e/(1 + e),
 * e = e^{-x}, not by a subtraction: it keeps its relative accuracy where σ rounds to 1. The
 * limits 1 (+∞) and 0 (-∞, from below) come out of the clamped e (see silu64).
 */
// @ts-ignore: decorator
@inline function siluGrad64(x: v128): v128 {
  const e = vexp64(f64x2.neg(x));
  const d = f64x2.add(f64x2.splat(1.0), e);
  const s = f64x2.div(f64x2.splat(1.0), d);
  const q = f64x2.div(e, d);
  return f64x2.mul(s, f64x2.add(f64x2.splat(1.0), f64x2.mul(x, q)));
}

/**
 * SiLU (swish; Elfwing et al. 2018, Ramachandran et al. 2017), x·σ(x), evaluated in float64 and
 * rounded once. -Inf is clamped to -FLT_MAX first so the limit comes out (silu(-Inf) = -0, not
 * -Inf/(1 + e^709) = -Inf); silu(+Inf) = +Inf/1 = +Inf.
 */
function vsilu(x: v128): v128 {
  const xc = f32x4.pmax(x, f32x4.splat(-FLT_MAX));
  return demoteJoin(silu64(promoteLow(xc)), silu64(promoteHigh(xc)));
}

/** SiLU' with ±Inf clamped to ±FLT_MAX, so that x·(1 - σ) -> 0 and the limits 1 and 0 come out. */
function vsiluGrad(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(FLT_MAX)), f32x4.splat(-FLT_MAX));
  return demoteJoin(siluGrad64(promoteLow(xc)), siluGrad64(promoteHigh(xc)));
}

// Inside, a code's derivative is the code + GRAD. The drivers below are @inline and called with
// a constant code, so the optimizer keeps only that branch.
const GRAD: i32 = 16;

// @ts-ignore: decorator
@inline function apply(op: i32, x: v128, alpha: v128): v128 {
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  const nan = f32x4.ne(x, x);
  switch (op) {
    case ACT_LINEAR:
      return x;
    case ACT_SIGMOID:
      return vsigmoid(x);
    case ACT_TANH:
      return vtanh(x);
    case ACT_RELU:
      return f32x4.max(x, zero); // max propagates NaN; relu(-0) = +0
    case ACT_LEAKY_RELU:
      return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, zero));
    case ACT_ELU:
      return velu(x, alpha);
    case ACT_GELU:
      return vgelu(x);
    case ACT_SOFTPLUS:
      return vsoftplus(x);
    case ACT_SELU:
      return vselu(x);
    case ACT_SILU:
      return vsilu(x);
    case ACT_LINEAR + GRAD:
      return v128.bitselect(x, one, nan);
    case ACT_SIGMOID + GRAD:
      return vsigmoidGrad(x);
    case ACT_TANH + GRAD:
      return vtanhGrad(x);
    case ACT_RELU + GRAD:
      return v128.bitselect(x, v128.and(one, f32x4.gt(x, zero)), nan);
    case ACT_LEAKY_RELU + GRAD:
      return v128.bitselect(x, v128.bitselect(one, alpha, f32x4.gt(x, zero)), nan);
    case ACT_ELU + GRAD:
      return veluGrad(x, alpha);
    case ACT_GELU + GRAD:
      return vgeluGrad(x);
    case ACT_SOFTPLUS + GRAD:
      return vsigmoid(x);
    case ACT_SELU + GRAD:
      return vseluGrad(x);
    case ACT_SILU + GRAD:
      return vsiluGrad(x);
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

/** dz = dy ⊙ f'(z) elementwise over n floats. */
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
// Exported kernels: one per mode, the activation chosen once per call. Every case calls a
// function that runs its driver with a constant code, so each gets its own specialised loop.
// They are separate functions, not cases inlined into one body: the optimizer inlines the small
// ones back, and V8 compiled the big loops (sigmoid, tanh, elu) up to 20-40% slower as parts of
// one large function than on their own, as they were when each was an export.

function forwardLinear(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_LINEAR, x, y, n, alpha);
}
function gradLinear(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_LINEAR + GRAD, x, y, n, alpha);
}
function backwardLinear(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_LINEAR, z, dy, dz, n, alpha);
}
function forwardSigmoid(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SIGMOID, x, y, n, alpha);
}
function gradSigmoid(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SIGMOID + GRAD, x, y, n, alpha);
}
function backwardSigmoid(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_SIGMOID, z, dy, dz, n, alpha);
}
function forwardTanh(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_TANH, x, y, n, alpha);
}
function gradTanh(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_TANH + GRAD, x, y, n, alpha);
}
function backwardTanh(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_TANH, z, dy, dz, n, alpha);
}
function forwardRelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_RELU, x, y, n, alpha);
}
function gradRelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_RELU + GRAD, x, y, n, alpha);
}
function backwardRelu(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_RELU, z, dy, dz, n, alpha);
}
function forwardLeakyRelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_LEAKY_RELU, x, y, n, alpha);
}
function gradLeakyRelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_LEAKY_RELU + GRAD, x, y, n, alpha);
}
function backwardLeakyRelu(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_LEAKY_RELU, z, dy, dz, n, alpha);
}
function forwardElu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_ELU, x, y, n, alpha);
}
function gradElu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_ELU + GRAD, x, y, n, alpha);
}
function backwardElu(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_ELU, z, dy, dz, n, alpha);
}
function forwardGelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_GELU, x, y, n, alpha);
}
function gradGelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_GELU + GRAD, x, y, n, alpha);
}
function backwardGelu(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_GELU, z, dy, dz, n, alpha);
}
function forwardSoftplus(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SOFTPLUS, x, y, n, alpha);
}
function gradSoftplus(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SOFTPLUS + GRAD, x, y, n, alpha);
}
function backwardSoftplus(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_SOFTPLUS, z, dy, dz, n, alpha);
}
function forwardSelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SELU, x, y, n, alpha);
}
function gradSelu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SELU + GRAD, x, y, n, alpha);
}
function backwardSelu(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_SELU, z, dy, dz, n, alpha);
}
function forwardSilu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SILU, x, y, n, alpha);
}
function gradSilu(x: usize, y: usize, n: i32, alpha: f32): void {
  unary(ACT_SILU + GRAD, x, y, n, alpha);
}
function backwardSilu(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  backward(ACT_SILU, z, dy, dz, n, alpha);
}

/** y = f(x) over n floats for the activation `op` (ACT_*); y may equal x. alpha: see the header. */
export function f32_activation(op: i32, x: F32Ptr, y: F32Ptr, n: i32, alpha: f32): void {
  if (n <= 0) return;
  switch (op) {
    case ACT_LINEAR: forwardLinear(x, y, n, alpha); break;
    case ACT_SIGMOID: forwardSigmoid(x, y, n, alpha); break;
    case ACT_TANH: forwardTanh(x, y, n, alpha); break;
    case ACT_RELU: forwardRelu(x, y, n, alpha); break;
    case ACT_LEAKY_RELU: forwardLeakyRelu(x, y, n, alpha); break;
    case ACT_ELU: forwardElu(x, y, n, alpha); break;
    case ACT_GELU: forwardGelu(x, y, n, alpha); break;
    case ACT_SOFTPLUS: forwardSoftplus(x, y, n, alpha); break;
    case ACT_SELU: forwardSelu(x, y, n, alpha); break;
    case ACT_SILU: forwardSilu(x, y, n, alpha); break;
    default: break; // unknown code: nothing written
  }
}

/** y = f'(x) over n floats for the activation `op` (ACT_*); y may equal x. */
export function f32_activation_grad(op: i32, x: F32Ptr, y: F32Ptr, n: i32, alpha: f32): void {
  if (n <= 0) return;
  switch (op) {
    case ACT_LINEAR: gradLinear(x, y, n, alpha); break;
    case ACT_SIGMOID: gradSigmoid(x, y, n, alpha); break;
    case ACT_TANH: gradTanh(x, y, n, alpha); break;
    case ACT_RELU: gradRelu(x, y, n, alpha); break;
    case ACT_LEAKY_RELU: gradLeakyRelu(x, y, n, alpha); break;
    case ACT_ELU: gradElu(x, y, n, alpha); break;
    case ACT_GELU: gradGelu(x, y, n, alpha); break;
    case ACT_SOFTPLUS: gradSoftplus(x, y, n, alpha); break;
    case ACT_SELU: gradSelu(x, y, n, alpha); break;
    case ACT_SILU: gradSilu(x, y, n, alpha); break;
    default: break; // unknown code: nothing written
  }
}

/** dz = dy ⊙ f'(z) over n floats for the activation `op` (ACT_*); dz may equal z or dy. */
export function f32_activation_backward(op: i32, z: F32Ptr, dy: F32Ptr, dz: F32Ptr, n: i32, alpha: f32): void {
  if (n <= 0) return;
  switch (op) {
    case ACT_LINEAR: backwardLinear(z, dy, dz, n, alpha); break;
    case ACT_SIGMOID: backwardSigmoid(z, dy, dz, n, alpha); break;
    case ACT_TANH: backwardTanh(z, dy, dz, n, alpha); break;
    case ACT_RELU: backwardRelu(z, dy, dz, n, alpha); break;
    case ACT_LEAKY_RELU: backwardLeakyRelu(z, dy, dz, n, alpha); break;
    case ACT_ELU: backwardElu(z, dy, dz, n, alpha); break;
    case ACT_GELU: backwardGelu(z, dy, dz, n, alpha); break;
    case ACT_SOFTPLUS: backwardSoftplus(z, dy, dz, n, alpha); break;
    case ACT_SELU: backwardSelu(z, dy, dz, n, alpha); break;
    case ACT_SILU: backwardSilu(z, dy, dz, n, alpha); break;
    default: break; // unknown code: nothing written
  }
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
export function f32_softmax_rows(x: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
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
export function f32_log_softmax_rows(x: F32Ptr, y: F32Ptr, rows: i32, cols: i32): void {
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
export function f32_softmax_rows_backward(a: F32Ptr, dy: F32Ptr, dx: F32Ptr, rows: i32, cols: i32): void {
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
// The math library over arrays, y = f(x) for n floats (y may equal x), the function chosen by
// a MATH_* code once per call.

// @ts-ignore: decorator
@inline function applyMath(op: i32, x: v128): v128 {
  switch (op) {
    case MATH_EXP:
      return vexp(x);
    case MATH_EXPM1:
      return vexpm1(x);
    case MATH_LOG:
      return vlog(x);
    case MATH_LOG1P:
      return vlog1p(x);
    case MATH_ERF:
      return verf(x);
    case MATH_ERFC:
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

function mathExp(x: usize, y: usize, n: i32): void {
  mathKernel(MATH_EXP, x, y, n);
}
function mathExpm1(x: usize, y: usize, n: i32): void {
  mathKernel(MATH_EXPM1, x, y, n);
}
function mathLog(x: usize, y: usize, n: i32): void {
  mathKernel(MATH_LOG, x, y, n);
}
function mathLog1p(x: usize, y: usize, n: i32): void {
  mathKernel(MATH_LOG1P, x, y, n);
}
function mathErf(x: usize, y: usize, n: i32): void {
  mathKernel(MATH_ERF, x, y, n);
}
function mathErfc(x: usize, y: usize, n: i32): void {
  mathKernel(MATH_ERFC, x, y, n);
}

/** y = f(x) over n floats for the math function `op` (MATH_*); y may equal x. */
export function f32_math(op: i32, x: F32Ptr, y: F32Ptr, n: i32): void {
  if (n <= 0) return;
  switch (op) {
    case MATH_EXP: mathExp(x, y, n); break;
    case MATH_EXPM1: mathExpm1(x, y, n); break;
    case MATH_LOG: mathLog(x, y, n); break;
    case MATH_LOG1P: mathLog1p(x, y, n); break;
    case MATH_ERF: mathErf(x, y, n); break;
    case MATH_ERFC: mathErfc(x, y, n); break;
    default: break; // unknown code: nothing written
  }
}
