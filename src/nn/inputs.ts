// The checks every entry point runs on the data it is given, in one place: x against the
// network's inputs, and (x, y, loss) as a batch. Nothing here touches the core.
import { ShapeError } from '../errors.js';
import type { Matrix } from '../util/matrix.js';
import { matrixOf } from '../core/tensor.js';
import { parseLoss, parseTargets, type LossName, type Targets } from './losses.js';
import type { Architecture } from './spec.js';

/**
 * x as a Matrix with the network's number of columns. `where` prefixes the message ("fit: "),
 * `name` names the argument ("x", "validationData x").
 */
export function inputMatrix(arch: Architecture, x: unknown, where: string, name = 'x', checkFinite = true): Matrix {
  const m = matrixOf(x, name, { checkFinite });
  if (m.cols !== arch.inputs) {
    throw new ShapeError(`${where ? `${where}: ` : ''}${name} has ${m.cols} columns, the network expects ${arch.inputs}`);
  }
  return m;
}

export interface Batch {
  readonly x: Matrix;
  readonly loss: LossName;
  readonly targets: Targets;
}

/** x, y and the loss checked together: the loss fits the last layer, y fits the loss and x. */
export function parseBatch(arch: Architecture, x: unknown, y: unknown, loss: unknown, where: string, name = 'x', checkFinite = true): Batch {
  const m = inputMatrix(arch, x, where, name, checkFinite);
  const last = arch.layers[arch.layers.length - 1]!;
  const lossName = parseLoss(loss, last);
  return { x: m, loss: lossName, targets: parseTargets(y, lossName, last.units, m.rows) };
}
