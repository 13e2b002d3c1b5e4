// assembly/kernels/losses.ts: each returns the float64 SUM of the loss and, when grad is not
// null, writes the gradient of the MEAN loss with respect to its first input in the same pass
// (grad may be that input). Formulas and operation order are in the kernel file.
import type { F32Buffer } from '../core/buffer.js';
import { f32_bce_logits, f32_bce_probs, f32_cce_logits, f32_cce_logits_ids, f32_mse } from '../core/abi.generated.js';

/** Σ max(z,0) - z·y + log1p(e^-|z|) from a sigmoid's logits; gradient (σ(z) - y)/n. */
export function bceLogits(z: F32Buffer, y: F32Buffer, grad: F32Buffer | null, n: number): number {
  return f32_bce_logits(z, y, grad, n);
}

/** From probabilities, p clipped to [1e-7, 1 - 1e-7] as Keras does; gradient 0 outside the clip. */
export function bceProbs(p: F32Buffer, y: F32Buffer, grad: F32Buffer | null, n: number): number {
  return f32_bce_probs(p, y, grad, n);
}

/** Σ (a - t)²; gradient 2(a - t)/n. */
export function mse(a: F32Buffer, t: F32Buffer, grad: F32Buffer | null, n: number): number {
  return f32_mse(a, t, grad, n);
}

/** Softmax cross-entropy from logits with one-hot rows; gradient (softmax(z) - y)/rows. */
export function cceLogits(z: F32Buffer, y: F32Buffer, grad: F32Buffer | null, rows: number, classes: number): number {
  return f32_cce_logits(z, y, grad, rows, classes);
}

/** As cceLogits with class ids (rows x 1, integers stored as float32): the same bits. */
export function cceLogitsIds(z: F32Buffer, ids: F32Buffer, grad: F32Buffer | null, rows: number, classes: number): number {
  return f32_cce_logits_ids(z, ids, grad, rows, classes);
}
