// assembly/kernels/losses.ts: each returns the float64 SUM of the loss and, when grad is not
// null, writes the gradient of the MEAN loss with respect to its first input in the same pass
// (grad may be that input). Formulas and operation order are in the kernel file.
//   bceLogits (z, y, grad, n)     Σ max(z,0) - z·y + log1p(e^-|z|) from a sigmoid's logits; gradient (σ(z) - y)/n
//   bceProbs (p, y, grad, n)      from probabilities, p clipped to [1e-7, 1 - 1e-7] as Keras does; gradient 0 outside the clip
//   mse (a, t, grad, n)           Σ (a - t)²; gradient 2(a - t)/n
//   cceLogits (z, y, grad, rows, classes)      softmax cross-entropy from logits with one-hot rows; gradient (softmax(z) - y)/rows
//   cceLogitsIds (z, ids, grad, rows, classes) the same with class ids (rows x 1, integers stored as float32): the same bits
export {
  f32_bce_logits as bceLogits,
  f32_bce_probs as bceProbs,
  f32_mse as mse,
  f32_cce_logits as cceLogits,
  f32_cce_logits_ids as cceLogitsIds,
} from '../core/abi.generated.js';
