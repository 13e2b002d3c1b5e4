// assembly/kernels/optimizers.ts: one optimizer update over n float32 parameters, in place.
// The update rules and their operation order are documented in the kernel file.
import type { F32Buffer } from '../core/buffer.js';
import { f32_adam_step, f32_sgd_step } from '../core/abi.generated.js';

/** SGD (torch.optim.SGD, dampening 0); v (the velocity) is untouched when momentum is 0. */
export function sgdStep(w: F32Buffer, g: F32Buffer, v: F32Buffer | null, n: number, lr: number, momentum: number, nesterov: boolean): void {
  f32_sgd_step(w, g, v, n, lr, momentum, nesterov ? 1 : 0);
}

/** Adam (torch.optim.Adam) with the bias corrections 1 - beta^t given. */
export function adamStep(
  w: F32Buffer,
  g: F32Buffer,
  m: F32Buffer,
  v: F32Buffer,
  n: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  biasCorrection1: number,
  biasCorrection2: number,
): void {
  f32_adam_step(w, g, m, v, n, lr, beta1, beta2, epsilon, biasCorrection1, biasCorrection2);
}
