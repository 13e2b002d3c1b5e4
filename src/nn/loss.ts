// The loss of a batch in a workspace (forward already run, targets in ws.y), and optionally its
// gradient written into dZ of the last layer. Sigmoid + binary cross-entropy and softmax +
// categorical cross-entropy are computed from the logits (stable for any finite input);
// the other pairs go through dA and the activation's derivative.
import { bceLogits, bceProbs, cceLogits, cceLogitsIds, meanLoss, mse } from '../kernels/losses.js';
import type { Model } from './model.js';
import { throughActivation } from './propagate.js';
import type { LossName } from './targets.js';
import type { Workspace } from './workspace.js';

/** Returns the float32 mean loss; with `withGradient`, fills ws.dz of the last layer. */
export function lossAndGradient(
  model: Model,
  ws: Workspace,
  loss: LossName,
  classIds: boolean,
  withGradient: boolean,
): number {
  const L = model.layers.length - 1;
  const last = model.last;
  const rows = ws.batch;
  const n = rows * last.units;
  const z = ws.z[L]!;
  const a = ws.a[L]!;
  const dz = withGradient ? ws.dz[L]! : 0;
  const da = withGradient ? ws.da : 0;
  const act = last.activation.name;
  let sum: number;
  let count = n;
  if (loss === 'categoricalCrossEntropy') {
    // parseLoss guarantees a softmax last layer; the mean is over samples.
    sum = classIds ? cceLogitsIds(z, ws.y, dz, rows, last.units) : cceLogits(z, ws.y, dz, rows, last.units);
    count = rows;
    return meanLoss(sum, count);
  }
  if (loss === 'binaryCrossEntropy' && act === 'sigmoid') {
    sum = bceLogits(z, ws.y, dz, n);
    return meanLoss(sum, count);
  }
  sum = loss === 'binaryCrossEntropy' ? bceProbs(a, ws.y, da, n) : mse(a, ws.y, da, n);
  if (withGradient) throughActivation(last, ws, L, da);
  return meanLoss(sum, count);
}
