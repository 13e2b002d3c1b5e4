// Optimizer updates: elementwise, in place, over a parameter buffer of n float32 values.
//
// The rules are PyTorch's (torch/optim/sgd.py and adam.py, dampening 0, no weight decay),
// as docs/API.md states them. Every operation below is one correctly rounded IEEE float32 op
// (f32x4 add, sub, mul, div, sqrt; no FMA), in the order the comments give: that order
// decides the bits, and the TypeScript reference and the tests follow it.
//
// Position independence: all lanes run the same f32x4 code, and the last n % 4 values go
// through it too (partial loads fill the missing lanes with zeros, partial stores write only
// the real lanes), so an element's result depends only on its own w, g and state, never on
// its index or on n, and nothing past the end of a buffer is read or written.

// ---------------------------------------------------------------------------------------
// SGD
// ---------------------------------------------------------------------------------------

// Which SGD variant a loop runs; a compile-time constant, so each loop is branch-free.
import { loadPart, storePart } from "./lanes";
import { F32Ptr, F32PtrOrNull } from "./ptr";
const SGD_PLAIN = 0;
const SGD_MOMENTUM = 1;
const SGD_NESTEROV = 2;

/**
 * One SGD lane group at byte offset o over k values (k = 4 in the body, 1..3 in the tail).
 *   plain:     w <- w - (lr * g)
 *   momentum:  v <- (mu * v) + g;  w <- w - (lr * v)
 *   nesterov:  v <- (mu * v) + g;  d <- g + (mu * v_new);  w <- w - (lr * d)
 * (torch.optim.SGD: buf.mul_(momentum).add_(grad); nesterov: grad.add(buf, alpha=momentum);
 * param.add_(grad, alpha=-lr). PyTorch starts buf as a clone of the first gradient, which is
 * what mu * 0 + g gives for a zero-initialized v.)
 */
@inline
function sgdGroup(kind: i32, w: usize, g: usize, v: usize, o: usize, k: i32, vlr: v128, vmu: v128): void {
  const gv = loadPart(g + o, k);
  const wv = loadPart(w + o, k);
  if (kind == SGD_PLAIN) {
    storePart(w + o, f32x4.sub(wv, f32x4.mul(vlr, gv)), k);
    return;
  }
  const vn = f32x4.add(f32x4.mul(vmu, loadPart(v + o, k)), gv);
  storePart(v + o, vn, k);
  const d = kind == SGD_NESTEROV ? f32x4.add(gv, f32x4.mul(vmu, vn)) : vn;
  storePart(w + o, f32x4.sub(wv, f32x4.mul(vlr, d)), k);
}

@inline
function sgdLoop(kind: i32, w: usize, g: usize, v: usize, n: i32, lr: f32, mu: f32): void {
  const vlr = f32x4.splat(lr);
  const vmu = f32x4.splat(mu);
  const n4 = n & ~3;
  const end4: usize = (<usize>n4) << 2;
  let o: usize = 0;
  for (; o < end4; o += 16) sgdGroup(kind, w, g, v, o, 4, vlr, vmu);
  const rest = n - n4;
  if (rest > 0) sgdGroup(kind, w, g, v, o, rest, vlr, vmu);
}

/**
 * One SGD step over n parameters, in place. momentum == 0: w <- w - lr*g, and v is neither
 * read nor written (it may be 0). Otherwise v (the velocity, zero before the first step) is
 * updated first, then w; nesterov != 0 uses Nesterov's look-ahead gradient g + mu*v.
 * The exact operation order is in sgdGroup's comment.
 */
export function f32_sgd_step(w: F32Ptr, g: F32Ptr, v: F32PtrOrNull, n: i32, lr: f32, momentum: f32, nesterov: i32): void {
  if (n <= 0) return;
  if (momentum == 0) sgdLoop(SGD_PLAIN, w, g, v, n, lr, momentum);
  else if (nesterov != 0) sgdLoop(SGD_NESTEROV, w, g, v, n, lr, momentum);
  else sgdLoop(SGD_MOMENTUM, w, g, v, n, lr, momentum);
}

// ---------------------------------------------------------------------------------------
// Adam
// ---------------------------------------------------------------------------------------

/**
 * One Adam step over n parameters, in place (Kingma and Ba 2015, Algorithm 1, with epsilon
 * added to the square root of the corrected second moment as torch.optim.Adam and tfjs's
 * AdamOptimizer do, not Keras's epsilon-hat form). m and v are the first and second moment
 * estimates, zero before step 1. The caller computes the bias corrections
 * bc1 = 1 - beta1^t and bc2 = 1 - beta2^t in float64 and passes them rounded to float32.
 *
 * Operation order (each step one float32 rounding; c1 and c2 are computed once):
 *   c1 = 1 - beta1                  c2 = 1 - beta2   (exact when beta >= 0.5, Sterbenz)
 *   m  <- (beta1 * m) + (c1 * g)
 *   v  <- (beta2 * v) + ((c2 * g) * g)              (PyTorch's addcmul order: value*g*g)
 *   mh =  m / bc1                   vh = v / bc2
 *   d  =  sqrt(vh) + eps
 *   w  <- w - (lr * (mh / d))
 */
export function f32_adam_step(
  w: F32Ptr,
  g: F32Ptr,
  m: F32Ptr,
  v: F32Ptr,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  biasCorrection1: f32,
  biasCorrection2: f32,
): void {
  if (n <= 0) return;
  const vb1 = f32x4.splat(beta1);
  const vb2 = f32x4.splat(beta2);
  const vc1 = f32x4.splat(<f32>1 - beta1);
  const vc2 = f32x4.splat(<f32>1 - beta2);
  const vbc1 = f32x4.splat(biasCorrection1);
  const vbc2 = f32x4.splat(biasCorrection2);
  const veps = f32x4.splat(eps);
  const vlr = f32x4.splat(lr);
  const n4 = n & ~3;
  const end4: usize = (<usize>n4) << 2;
  let o: usize = 0;
  for (; o < end4; o += 16) adamGroup(w, g, m, v, o, 4, vlr, vb1, vb2, vc1, vc2, vbc1, vbc2, veps);
  const rest = n - n4;
  if (rest > 0) adamGroup(w, g, m, v, o, rest, vlr, vb1, vb2, vc1, vc2, vbc1, vbc2, veps);
}

/** One Adam lane group at byte offset o over k values, in f32_adam_step's order. */
@inline
function adamGroup(
  w: usize,
  g: usize,
  m: usize,
  v: usize,
  o: usize,
  k: i32,
  vlr: v128,
  vb1: v128,
  vb2: v128,
  vc1: v128,
  vc2: v128,
  vbc1: v128,
  vbc2: v128,
  veps: v128,
): void {
  const gv = loadPart(g + o, k);
  const mn = f32x4.add(f32x4.mul(vb1, loadPart(m + o, k)), f32x4.mul(vc1, gv));
  const vn = f32x4.add(f32x4.mul(vb2, loadPart(v + o, k)), f32x4.mul(f32x4.mul(vc2, gv), gv));
  storePart(m + o, mn, k);
  storePart(v + o, vn, k);
  const mh = f32x4.div(mn, vbc1);
  const vh = f32x4.div(vn, vbc2);
  const d = f32x4.add(f32x4.sqrt(vh), veps);
  const wn = f32x4.sub(loadPart(w + o, k), f32x4.mul(vlr, f32x4.div(mh, d)));
  storePart(w + o, wn, k);
}
