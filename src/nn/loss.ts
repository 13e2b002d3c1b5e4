// The loss of a batch in a workspace (forward already run, targets in ws.y), and optionally its
// gradient written into dZ of the last layer. Which kernel runs, and over what count the mean
// is taken, is the loss's row in losses.ts.
import type { Model } from './model.js';
import { lossRow, meanLoss, type LossName } from './losses.js';
import { throughActivation } from './propagate.js';
import type { Workspace } from './workspace.js';

/** Returns the float32 mean loss; with `withGradient`, fills ws.dz of the last layer. */
export function lossAndGradient(model: Model, ws: Workspace, loss: LossName, classIds: boolean, withGradient: boolean): number {
  const L = model.layers.length - 1;
  const last = model.last;
  const r = lossRow(loss).compute(
    {
      z: ws.z[L]!,
      a: ws.a[L]!,
      y: ws.y,
      dz: withGradient ? ws.dz[L]! : null,
      da: withGradient ? ws.da : null,
      rows: ws.batch,
      units: last.units,
      classIds,
    },
    last.activation.name,
  );
  if (withGradient && r.throughActivation) throughActivation(last, ws, L, ws.da);
  return meanLoss(r.sum, r.count);
}
