// Loss functions: each kernel returns the float64 SUM of the loss over its elements (the caller
// divides by the count and rounds to float32) and, in the same pass, writes the gradient of
// the MEAN loss with respect to its input into grad (grad = 0: value only, nothing written).
// Means: binary cross-entropy and mean squared error average over all n elements, categorical
// cross-entropy over the rows (samples), as docs/API.md states.
//
// Precision: the gradients are float32 (every lane the same SIMD code, tails zero-padded
// through it, so an element's gradient never depends on its index or on n; categorical
// cross-entropy forms its gradient in float64 lanes and rounds once). The loss terms
// are formed in float64 wherever their parts are exact there (products and differences of
// float32 values), with only the transcendental parts (exp, log, log1p from ./math, each
// <= 2 ulp) in float32, and summed in float64 in an order fixed by n alone: a group of four
// elements adds (L0 + L2, L1 + L3) to a two-lane accumulator, and the two lanes are added last.
//
// In-place use: grad may equal the logits/prediction buffer (each group of four is read
// before its gradient is stored; categorical cross-entropy takes the row's max, sum and the
// label's logit before its gradient pass).

import { log1pf, vexp, vlog, vlog1p } from "./math";
import {
  demoteJoin,
  hmaxF32x4Pairwise,
  hsumF64x2,
  laneMask,
  laneMaskHigh64,
  laneMaskLow64,
  loadPart,
  promoteHigh,
  promoteLow,
  storePart,
} from "./lanes";
import { F32Ptr, F32PtrOrNull } from "./ptr";

// Which loss an elementwise loop computes (a compile-time constant after inlining).
const BCE_LOGITS = 0;
const BCE_PROBS = 1;
const MSE = 2;

/**
 * Keras's epsilon (keras.backend.epsilon() = 1e-7): probabilities are clipped to
 * [EPS_LO, EPS_HI] before the logarithms. EPS_HI is 1 - 1e-7 rounded to float32
 * (0.99999988), the value Keras's float32 clip uses.
 */
const EPS_LO: f32 = 1e-7;
const EPS_HI: f32 = <f32>(1.0 - 1e-7);

/**
 * The loss of four elements (pred, y), returned as the f64x2 (L0 + L2, L1 + L3) with the
 * lanes >= k left out, and, if withGrad, their float32 gradients with respect to pred,
 * divided by n, stored at out (lanes < k only):
 *   BCE_LOGITS  L = (max(z,0) - z*y) in float64 + log1p(e) in float32, e = exp(-|z|)
 *               dL/dz = (sigmoid(z) - y) / n, as ((1 - y) - q) / n for z >= 0 and
 *               (q - y) / n for z < 0, q = e / (1 + e)
 *   BCE_PROBS   q = clip(p, EPS_LO, EPS_HI);  L = -(y*log(q) + (1-y)*log(1-q))  (logs float32,
 *               the weighted sum float64);  dL/dp = ((p - y) / (p*(1-p))) / n inside the clip
 *               range and 0 outside it (the clip's derivative, as TF's clip_by_value gradient)
 *   MSE         L = (a - t)^2 in float64;  dL/da = (d + d) / n with d = a - t in float32
 */
@inline
function lossGroup(kind: i32, withGrad: bool, pv: v128, yv: v128, vn: v128, out: usize, k: i32): v128 {
  const p0 = promoteLow(pv);
  const p1 = promoteHigh(pv);
  const y0 = promoteLow(yv);
  const y1 = promoteHigh(yv);
  const zero64 = f64x2.splat(0);
  const one64 = f64x2.splat(1);
  const one = f32x4.splat(1);
  let l0: v128; // float64 losses of elements 0, 1
  let l1: v128; // and 2, 3
  let g = pv;
  if (kind == BCE_LOGITS) {
    const e = vexp(f32x4.neg(f32x4.abs(pv)));
    const b = vlog1p(e);
    l0 = f64x2.add(f64x2.sub(f64x2.max(p0, zero64), f64x2.mul(p0, y0)), promoteLow(b));
    l1 = f64x2.add(f64x2.sub(f64x2.max(p1, zero64), f64x2.mul(p1, y1)), promoteHigh(b));
    if (withGrad) {
      // sigmoid(z) - y, arranged as the derivative of the stable form above (what TF's
      // autodiff of sigmoid_cross_entropy_with_logits computes): with q = sigmoid(-|z|) =
      // e/(1 + e), it is ((1 - y) - q) for z >= 0 and (q - y) for z < 0. Unlike
      // sigmoid(z) - y it keeps full relative accuracy for a confident, correct prediction
      // (y = 1, z = 20: -q, where sigmoid(z) would round to 1 and give 0).
      const q = f32x4.div(e, f32x4.add(one, e));
      const pos = f32x4.sub(f32x4.sub(one, yv), q);
      const neg = f32x4.sub(q, yv);
      g = f32x4.div(v128.bitselect(pos, neg, f32x4.ge(pv, f32x4.splat(0))), vn);
    }
  } else if (kind == BCE_PROBS) {
    const q = f32x4.min(f32x4.max(pv, f32x4.splat(EPS_LO)), f32x4.splat(EPS_HI));
    const lq = vlog(q);
    const lr = vlog(f32x4.sub(one, q));
    l0 = f64x2.neg(f64x2.add(f64x2.mul(y0, promoteLow(lq)), f64x2.mul(f64x2.sub(one64, y0), promoteLow(lr))));
    l1 = f64x2.neg(f64x2.add(f64x2.mul(y1, promoteHigh(lq)), f64x2.mul(f64x2.sub(one64, y1), promoteHigh(lr))));
    if (withGrad) {
      const inside = v128.and(f32x4.ge(pv, f32x4.splat(EPS_LO)), f32x4.le(pv, f32x4.splat(EPS_HI)));
      const d = f32x4.div(f32x4.sub(pv, yv), f32x4.mul(pv, f32x4.sub(one, pv)));
      g = v128.and(f32x4.div(d, vn), inside);
    }
  } else {
    const d0 = f64x2.sub(p0, y0);
    const d1 = f64x2.sub(p1, y1);
    l0 = f64x2.mul(d0, d0);
    l1 = f64x2.mul(d1, d1);
    if (withGrad) {
      const d = f32x4.sub(pv, yv);
      g = f32x4.div(f32x4.add(d, d), vn);
    }
  }
  if (withGrad) storePart(out, g, k);
  if (k < 4) {
    // Padding lanes may carry a nonzero loss (BCE at z = 0 is log 2): leave them out.
    l0 = v128.and(l0, laneMaskLow64(k));
    l1 = v128.and(l1, laneMaskHigh64(k));
  }
  return f64x2.add(l0, l1);
}

@inline
function elementwiseLoss(kind: i32, withGrad: bool, p: usize, y: usize, grad: usize, n: i32): f64 {
  const vn = f32x4.splat(<f32>n);
  let acc = f64x2.splat(0);
  const n4 = n & ~3;
  const end4: usize = (<usize>n4) << 2;
  let o: usize = 0;
  for (; o < end4; o += 16) {
    acc = f64x2.add(acc, lossGroup(kind, withGrad, v128.load(p + o), v128.load(y + o), vn, grad + o, 4));
  }
  const rest = n - n4;
  if (rest > 0) {
    acc = f64x2.add(acc, lossGroup(kind, withGrad, loadPart(p + o, rest), loadPart(y + o, rest), vn, grad + o, rest));
  }
  return hsumF64x2(acc);
}

/**
 * Binary cross-entropy from the logits z of a sigmoid output, over n elements with targets
 * y in [0, 1]: returns sum_i max(z,0) - z*y + log1p(exp(-|z|)) (finite for every finite z),
 * and, if grad != 0, writes (sigmoid(z) - y)/n, the gradient of the mean, into grad.
 * (The stable form of TF's sigmoid_cross_entropy_with_logits.)
 */
export function f32_bce_logits(z: F32Ptr, y: F32Ptr, grad: F32PtrOrNull, n: i32): f64 {
  if (n <= 0) return 0;
  if (grad != 0) return elementwiseLoss(BCE_LOGITS, true, z, y, grad, n);
  return elementwiseLoss(BCE_LOGITS, false, z, y, grad, n);
}

/**
 * Binary cross-entropy from probabilities p (any last layer other than sigmoid), over n
 * elements: returns sum_i -[y*log(q) + (1-y)*log(1-q)] with q = clip(p, 1e-7, 1 - 1e-7) as
 * Keras does, and, if grad != 0, writes the gradient of the mean with respect to p:
 * (p - y)/(p(1-p))/n inside the clip range, 0 outside.
 */
export function f32_bce_probs(p: F32Ptr, y: F32Ptr, grad: F32PtrOrNull, n: i32): f64 {
  if (n <= 0) return 0;
  if (grad != 0) return elementwiseLoss(BCE_PROBS, true, p, y, grad, n);
  return elementwiseLoss(BCE_PROBS, false, p, y, grad, n);
}

/**
 * Squared error over n elements: returns sum_i (a - t)^2 (in float64) and, if grad != 0,
 * writes 2(a - t)/n, the gradient of the mean, into grad.
 */
export function f32_mse(a: F32Ptr, t: F32Ptr, grad: F32PtrOrNull, n: i32): f64 {
  if (n <= 0) return 0;
  if (grad != 0) return elementwiseLoss(MSE, true, a, t, grad, n);
  return elementwiseLoss(MSE, false, a, t, grad, n);
}

// ---------------------------------------------------------------------------------------
// Categorical cross-entropy fused with softmax
// ---------------------------------------------------------------------------------------

/**
 * One row of softmax cross-entropy from logits z (classes values), labels one-hot (yr holds
 * classes values) or a class id (yr holds one float, ids = true). Returns the row's loss
 * -sum_j y_j * log_softmax(z)_j and, if withGrad, writes (softmax(z) - y)/rows into gr.
 *   mx  = max_j z_j                                  (exact)
 *   e_j = exp(z_j - mx)        float32 (z_j - mx rounded to float32 first)
 *   s   = sum_j e_j            float64, lane sums l0..l3 (class 4k+i in lane i) added as
 *                              (l0 + l2) + (l1 + l3)
 *   ls  = log1p(float32(s - 1))                      (float32; s >= 1, so ls >= 0)
 *   t_j = ls - (z_j - mx)      float64: -log_softmax(z)_j, >= 0, never overflows
 *   loss = sum_j y_j * t_j     float64, each group of four adding (j0 + j2, j1 + j3) to a
 *                              two-lane sum (one-hot and class id give the same bits: the
 *                              zero terms add exactly nothing)
 *   grad_j = float32((e_j - y_j*s) / (s*rows))       float64, rounded once
 * A class id that is not an integer in [0, classes) (the TypeScript side rejects those) gives
 * a NaN loss for its row and leaves that row's gradient unwritten.
 */
@inline
function cceRow(ids: bool, withGrad: bool, zr: usize, yr: usize, gr: usize, classes: i32, rows: f64): f64 {
  const c4 = classes & ~3;
  const end4: usize = (<usize>c4) << 2;
  const rest = classes - c4;
  const mask = laneMask(rest);
  const ninf = f32x4.splat(-Infinity);

  let vmax = ninf;
  let o: usize = 0;
  for (; o < end4; o += 16) vmax = f32x4.max(vmax, v128.load(zr + o));
  if (rest > 0) vmax = f32x4.max(vmax, v128.bitselect(loadPart(zr + o, rest), ninf, mask));
  const mx = hmaxF32x4Pairwise(vmax);
  const vmx = f32x4.splat(mx);

  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  for (o = 0; o < end4; o += 16) {
    const e = vexp(f32x4.sub(v128.load(zr + o), vmx));
    s0 = f64x2.add(s0, promoteLow(e));
    s1 = f64x2.add(s1, promoteHigh(e));
  }
  if (rest > 0) {
    const e = v128.and(vexp(f32x4.sub(loadPart(zr + o, rest), vmx)), mask);
    s0 = f64x2.add(s0, promoteLow(e));
    s1 = f64x2.add(s1, promoteHigh(e));
  }
  const s64 = hsumF64x2(f64x2.add(s0, s1)); // (l0 + l2) + (l1 + l3)
  // log(s) as log1p(s - 1): s >= 1 (the max's term is exp(0) = 1 exactly), and s - 1 is
  // formed in float64 before rounding, so a confident row (s = 1 + 1e-6) keeps its relative
  // accuracy instead of losing it to the rounding of s near 1.
  const ls = <f64>log1pf(<f32>(s64 - 1));
  const mx64 = <f64>mx;

  let loss: f64 = 0;
  let label: i32 = -1;
  if (ids) {
    const yl = load<f32>(yr);
    // Range first, so the conversion never sees NaN or a huge value; then integrality.
    if (!(yl >= 0 && yl < <f32>classes)) return NaN;
    label = <i32>yl;
    if (<f32>label != yl) return NaN;
    // Read before the gradient pass, which may overwrite z in place.
    loss = ls - (<f64>load<f32>(zr + ((<usize>label) << 2)) - mx64);
  }

  const vls = f64x2.splat(ls);
  const vmx64 = f64x2.splat(mx64);
  const vs = f64x2.splat(s64);
  const vden = f64x2.splat(s64 * rows);
  const vlabel = i32x4.splat(label);
  let acc = f64x2.splat(0);
  for (o = 0; o < end4; o += 16) {
    acc = f64x2.add(acc, cceGroup(ids, withGrad, zr, yr, gr, o, 4, vmx, vls, vmx64, vs, vden, vlabel));
  }
  if (rest > 0) acc = f64x2.add(acc, cceGroup(ids, withGrad, zr, yr, gr, o, rest, vmx, vls, vmx64, vs, vden, vlabel));
  return ids ? loss : hsumF64x2(acc);
}

/**
 * Classes o/4 .. o/4+k-1 of one row: stores their gradients (if withGrad) and returns their
 * one-hot loss terms y_j * t_j as the f64x2 (j0 + j2, j1 + j3) (zero for class ids, whose
 * loss the row computes directly). Padding lanes have y = 0 and a finite t, so they add 0.
 */
@inline
function cceGroup(
  ids: bool,
  withGrad: bool,
  zr: usize,
  yr: usize,
  gr: usize,
  o: usize,
  k: i32,
  vmx: v128,
  vls: v128,
  vmx64: v128,
  vs: v128,
  vden: v128,
  vlabel: v128,
): v128 {
  const zv = loadPart(zr + o, k);
  let yv: v128;
  let terms = f64x2.splat(0);
  if (ids) {
    const j = i32x4.add(i32x4.splat(<i32>(o >> 2)), i32x4(0, 1, 2, 3));
    yv = v128.and(i32x4.eq(j, vlabel), f32x4.splat(1));
  } else {
    yv = loadPart(yr + o, k);
    const t0 = f64x2.mul(promoteLow(yv), f64x2.sub(vls, f64x2.sub(promoteLow(zv), vmx64)));
    const t1 = f64x2.mul(promoteHigh(yv), f64x2.sub(vls, f64x2.sub(promoteHigh(zv), vmx64)));
    terms = f64x2.add(t0, t1);
  }
  if (withGrad) {
    // (e_j - y_j*s) / (s*rows) in float64, rounded once: softmax_j - y_j without the
    // cancellation of a rounded softmax near 1 (for the label of a confident row, e_j - s is
    // minus the sum of the other terms, exact to float64 rounding).
    const e = vexp(f32x4.sub(zv, vmx));
    const g0 = f64x2.div(f64x2.sub(promoteLow(e), f64x2.mul(promoteLow(yv), vs)), vden);
    const g1 = f64x2.div(f64x2.sub(promoteHigh(e), f64x2.mul(promoteHigh(yv), vs)), vden);
    storePart(gr + o, demoteJoin(g0, g1), k);
  }
  return terms;
}

@inline
function cceLoop(ids: bool, withGrad: bool, z: usize, y: usize, grad: usize, rows: i32, classes: i32): f64 {
  const rows64 = <f64>rows;
  const rowBytes: usize = (<usize>classes) << 2;
  const yBytes: usize = ids ? 4 : rowBytes;
  let sum: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const zr = z + <usize>r * rowBytes;
    sum += cceRow(ids, withGrad, zr, y + <usize>r * yBytes, grad + <usize>r * rowBytes, classes, rows64);
  }
  return sum;
}

/**
 * Softmax cross-entropy from logits z (rows x classes) with one-hot (or any probability-row)
 * labels y (rows x classes): returns the sum over rows of -sum_j y_j log softmax(z)_j, stable
 * for any finite logits (log-sum-exp with the row max), and, if grad != 0, writes
 * (softmax(z) - y)/rows, the gradient of the mean over rows, into grad (rows x classes).
 */
export function f32_cce_logits(z: F32Ptr, y: F32Ptr, grad: F32PtrOrNull, rows: i32, classes: i32): f64 {
  if (rows <= 0 || classes <= 0) return 0;
  if (grad != 0) return cceLoop(false, true, z, y, grad, rows, classes);
  return cceLoop(false, false, z, y, grad, rows, classes);
}

/**
 * As f32_cce_logits with the labels given as class ids: ids (rows x 1) holds integers in
 * [0, classes) stored as float32. Gives the same bits as the one-hot form.
 */
export function f32_cce_logits_ids(z: F32Ptr, ids: F32Ptr, grad: F32PtrOrNull, rows: i32, classes: i32): f64 {
  if (rows <= 0 || classes <= 0) return 0;
  if (grad != 0) return cceLoop(true, true, z, ids, grad, rows, classes);
  return cceLoop(true, false, z, ids, grad, rows, classes);
}
