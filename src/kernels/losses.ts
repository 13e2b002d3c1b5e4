// Losses on the core: pointer-level helpers the network calls on its output buffers, and the
// checks of loss names and labels it runs before touching the core. Each helper returns the
// float64 SUM of the loss (divide by the count, then Math.fround, for the float32 mean that
// API.md promises) and, when gradPtr != 0, writes the gradient of the MEAN loss with respect
// to its first input into gradPtr in the same pass (gradPtr may equal that input). Formulas
// and operation order: assembly/kernels/losses.ts.
import { ValueError } from '../errors.js';
import { core } from '../runtime/core.js';

interface LossExports {
  f32_bce_logits(z: number, y: number, grad: number, n: number): number;
  f32_bce_probs(p: number, y: number, grad: number, n: number): number;
  f32_mse(a: number, t: number, grad: number, n: number): number;
  f32_cce_logits(z: number, y: number, grad: number, rows: number, classes: number): number;
  f32_cce_logits_ids(z: number, ids: number, grad: number, rows: number, classes: number): number;
}

/** The loss names of API.md. */
export type LossName = 'binaryCrossEntropy' | 'categoricalCrossEntropy' | 'meanSquaredError';

const LOSS_NAMES: readonly LossName[] = ['binaryCrossEntropy', 'categoricalCrossEntropy', 'meanSquaredError'];

/** Checks a loss name; throws ValueError listing the known ones. */
export function parseLoss(name: unknown): LossName {
  if (typeof name === 'string' && (LOSS_NAMES as readonly string[]).includes(name)) return name as LossName;
  const given = typeof name === 'string' ? `'${name}'` : String(name);
  throw new ValueError(`loss must be one of ${LOSS_NAMES.map((n) => `'${n}'`).join(', ')}, got ${given}`);
}

/**
 * Binary cross-entropy from the logits of a sigmoid output (n values, targets in [0, 1]):
 * returns sum of max(z,0) - z*y + log1p(exp(-|z|)), finite for any finite z; the gradient of
 * the mean with respect to z is (sigmoid(z) - y)/n.
 */
export function bceLogits(zPtr: number, yPtr: number, gradPtr: number, n: number): number {
  return core<LossExports>().f32_bce_logits(zPtr, yPtr, gradPtr, n);
}

/**
 * Binary cross-entropy from probabilities (a last layer other than sigmoid): Keras's clip of p
 * to [1e-7, 1 - 1e-7] before the logarithms; the gradient with respect to p is
 * (p - y)/(p(1-p))/n inside the clip range and 0 outside.
 */
export function bceProbs(pPtr: number, yPtr: number, gradPtr: number, n: number): number {
  return core<LossExports>().f32_bce_probs(pPtr, yPtr, gradPtr, n);
}

/** Squared error: returns sum of (a - t)^2; the gradient of the mean is 2(a - t)/n. */
export function mse(aPtr: number, tPtr: number, gradPtr: number, n: number): number {
  return core<LossExports>().f32_mse(aPtr, tPtr, gradPtr, n);
}

/**
 * Softmax cross-entropy from logits (rows x classes) with one-hot label rows (rows x classes):
 * returns the sum over rows of -sum_j y_j log softmax(z)_j; the gradient of the mean over rows
 * with respect to z is (softmax(z) - y)/rows.
 */
export function cceLogits(zPtr: number, yPtr: number, gradPtr: number, rows: number, classes: number): number {
  return core<LossExports>().f32_cce_logits(zPtr, yPtr, gradPtr, rows, classes);
}

/**
 * As cceLogits with class ids (rows x 1, integers stored as float32; check them first with
 * checkClassIds): the same bits as the one-hot form.
 */
export function cceLogitsIds(zPtr: number, idsPtr: number, gradPtr: number, rows: number, classes: number): number {
  return core<LossExports>().f32_cce_logits_ids(zPtr, idsPtr, gradPtr, rows, classes);
}

/** The float32 mean API.md returns, from a kernel's float64 sum. */
export function meanLoss(sum: number, count: number): number {
  return Math.fround(sum / count);
}

/** Throws ValueError unless every value is an integer class id in [0, classes). */
export function checkClassIds(ids: ArrayLike<number>, classes: number): void {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (!Number.isInteger(id) || id < 0 || id >= classes) {
      throw new ValueError(
        `label ${id} at row ${r} is not a class id: expected an integer in [0, ${classes - 1}] for ${classes} classes`,
      );
    }
  }
}

/** Throws ValueError unless every value is in [0, 1] (binary cross-entropy targets). */
export function checkUnitLabels(y: ArrayLike<number>, cols = 1): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v >= 0 && v <= 1)) {
      const at = cols > 1 ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `row ${i}`;
      throw new ValueError(`binary cross-entropy needs labels in [0, 1], got ${v} at ${at}`);
    }
  }
}
