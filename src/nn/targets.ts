// Loss names and targets. Targets are checked against the loss and the network's output before
// anything reaches the core: a label out of range is a ValueError, not a silent NaN.
import { ShapeError, ValueError } from '../errors.js';
import { toMatrix, type Matrix } from '../runtime/matrix.js';
import { parseLoss as parseLossName, type LossName } from '../kernels/losses.js';
import type { LayerArchitecture } from './spec.js';

export type { LossName };

/** A known loss name that fits the last layer. */
export function parseLoss(name: unknown, last: LayerArchitecture): LossName {
  const loss = parseLossName(name);
  if (loss === 'categoricalCrossEntropy' && last.activation.name !== 'softmax') {
    throw new ValueError(
      `categoricalCrossEntropy needs a softmax last layer, the last layer is ${last.activation.name}`,
    );
  }
  return loss;
}

export interface Targets {
  readonly m: Matrix;
  /** True when the targets are integer class ids (one column) for categorical cross-entropy. */
  readonly classIds: boolean;
}

/** Accepts a Matrix, a number[][] or a number[] (one column). */
export function parseTargets(y: unknown, loss: LossName, outUnits: number, rows: number): Targets {
  const m =
    Array.isArray(y) && y.length > 0 && !Array.isArray(y[0])
      ? toMatrix(
          (y as unknown[]).map((v) => [v as number]),
          'y',
        )
      : toMatrix(y, 'y');
  if (m.rows !== rows) {
    throw new ShapeError(`y has ${m.rows} rows, x has ${rows}: one target row per sample`);
  }
  const classIds = loss === 'categoricalCrossEntropy' && m.cols === 1 && outUnits > 1;
  if (!classIds && m.cols !== outUnits) {
    throw new ShapeError(
      `y has ${m.cols} columns, the network has ${outUnits} outputs` +
        (loss === 'categoricalCrossEntropy' ? ' (give one-hot rows or one column of class ids)' : ''),
    );
  }
  const d = m.data;
  if (classIds) {
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= outUnits) {
        throw new ValueError(`y[${i}] must be a class id in 0..${outUnits - 1}, got ${v}`);
      }
    }
  } else if (loss !== 'meanSquaredError') {
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v < 0 || v > 1) {
        throw new ValueError(
          `${loss} targets must be in [0, 1], got ${v} at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`,
        );
      }
    }
  }
  return { m, classIds };
}
