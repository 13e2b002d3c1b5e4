// Accuracy from predictions: per element (p > 0.5 against y >= 0.5) for binary cross-entropy,
// argmax per row for categorical; NaN for mean squared error, which has none.
import type { Matrix } from '../runtime/matrix.js';
import type { LossName } from './targets.js';

export function accuracyOf(
  loss: LossName,
  pred: Float32Array,
  targets: Matrix,
  outputs: number,
  classIds: boolean,
): number {
  const t = targets.data;
  if (loss === 'meanSquaredError') return NaN;
  if (loss === 'binaryCrossEntropy') {
    let hits = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i]! > 0.5 === t[i]! >= 0.5) hits++;
    return hits / pred.length;
  }
  const rows = pred.length / outputs;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const predicted = argmax(pred, r * outputs, outputs);
    const actual = classIds ? t[r]! : argmax(t, r * outputs, outputs);
    if (predicted === actual) hits++;
  }
  return hits / rows;
}

function argmax(v: Float32Array, start: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (v[start + j]! > v[start + best]!) best = j;
  return best;
}
