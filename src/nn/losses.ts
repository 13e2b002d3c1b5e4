// The losses: one row each, the single home of every loss fact (its name, the last layer it
// needs, the loss a last layer gets by default, the labels it accepts, which kernel computes it
// and over what count it is averaged, and how accuracy is judged). Adding a loss is a row here
// and a kernel in assembly/kernels/losses.ts.
//
// Sigmoid + binary cross-entropy and softmax + categorical cross-entropy are computed from the
// logits (stable for any finite input); the other pairs go through dA and the activation's
// derivative. Every loss is a mean; the value returned to the user is rounded to float32.
import { ShapeError, ValueError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import { bceLogits, bceProbs, cceLogits, cceLogitsIds, mse } from '../kernels/losses.js';
import type { Matrix } from '../util/matrix.js';
import { matrixOf } from '../core/tensor.js';
import type { LayerArchitecture } from './spec.js';

/** The buffers of one batch a loss reads and writes (dz, da: null for the value alone). */
export interface LossBuffers {
  readonly z: F32Buffer;
  readonly a: F32Buffer;
  readonly y: F32Buffer;
  readonly dz: F32Buffer | null;
  readonly da: F32Buffer | null;
  readonly rows: number;
  readonly units: number;
  readonly classIds: boolean;
}

interface LossRow {
  /** The last layer's activation this loss needs, if any. */
  readonly needs?: 'softmax';
  /** The last layer's activation that implies this loss when none is given. */
  readonly defaultFor?: 'sigmoid' | 'softmax';
  /** What a target value may be. */
  readonly labels: 'unit' | 'classes' | 'real';
  /** How accuracy is judged: p > 0.5 per element, argmax per row, or none (NaN). */
  readonly accuracy: 'threshold' | 'argmax' | 'none';
  /**
   * The float64 sum of the loss and the count it is averaged over; with b.dz, the gradient of
   * the mean. `throughActivation`: the kernel wrote dA (into b.da), which the caller takes
   * through the last activation's derivative.
   */
  compute(b: LossBuffers, lastActivation: string): { sum: number; count: number; throughActivation: boolean };
}

export const LOSSES = {
  binaryCrossEntropy: {
    defaultFor: 'sigmoid',
    labels: 'unit',
    accuracy: 'threshold',
    compute(b, act) {
      const n = b.rows * b.units;
      if (act === 'sigmoid') return { sum: bceLogits(b.z, b.y, b.dz, n), count: n, throughActivation: false };
      return { sum: bceProbs(b.a, b.y, b.da, n), count: n, throughActivation: true };
    },
  },
  categoricalCrossEntropy: {
    needs: 'softmax',
    defaultFor: 'softmax',
    labels: 'classes',
    accuracy: 'argmax',
    compute(b) {
      // The mean is over samples.
      const sum = b.classIds ? cceLogitsIds(b.z, b.y, b.dz, b.rows, b.units) : cceLogits(b.z, b.y, b.dz, b.rows, b.units);
      return { sum, count: b.rows, throughActivation: false };
    },
  },
  meanSquaredError: {
    labels: 'real',
    accuracy: 'none',
    compute(b) {
      const n = b.rows * b.units;
      return { sum: mse(b.a, b.y, b.da, n), count: n, throughActivation: true };
    },
  },
} as const satisfies Record<string, LossRow>;

/** The loss names. */
export type LossName = keyof typeof LOSSES;

export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

/** The row of a loss. */
export function lossRow(name: LossName): LossRow {
  return LOSSES[name];
}

/** Checks a loss name alone; throws ValueError listing the known ones. */
export function parseLossName(name: unknown): LossName {
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(LOSSES, name)) return name as LossName;
  const given = typeof name === 'string' ? `'${name}'` : String(name);
  throw new ValueError(`loss must be one of ${LOSS_NAMES.map((n) => `'${n}'`).join(', ')}, got ${given}`);
}

/** A known loss name that fits the last layer. */
export function parseLoss(name: unknown, last: LayerArchitecture): LossName {
  const loss = parseLossName(name);
  const needs = lossRow(loss).needs;
  if (needs !== undefined && last.activation.name !== needs) {
    throw new ValueError(`${loss} needs a ${needs} last layer, the last layer is ${last.activation.name}`);
  }
  return loss;
}

/** The loss a network is judged by when none is given: the one its last activation implies (else squared error). */
export function defaultLoss(last: LayerArchitecture): LossName {
  return LOSS_NAMES.find((n) => lossRow(n).defaultFor === last.activation.name) ?? 'meanSquaredError';
}

/** The float32 mean returned to the user, from a kernel's float64 sum. */
export function meanLoss(sum: number, count: number): number {
  return Math.fround(sum / count);
}

// ---- targets ----

/** Throws ValueError unless every value is an integer class id in [0, classes). */
export function checkClassIds(ids: ArrayLike<number>, classes: number): void {
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new ValueError(`y[${i}] must be a class id in 0..${classes - 1}, got ${v}`);
    }
  }
}

/** Throws ValueError unless every value is in [0, 1] (cross-entropy targets), naming the loss. */
export function checkUnitLabels(y: ArrayLike<number>, cols: number, loss: LossName): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(`${loss} targets must be in [0, 1], got ${v} at row ${Math.floor(i / cols)}, column ${i % cols}`);
    }
  }
}

/**
 * Categorical targets are distributions over the classes: each row (one-hot, or soft labels)
 * sums to 1. An all-zero row has no class, and softmax can never fit a row that sums to
 * anything else, so both are refused rather than trained towards.
 */
function checkDistributionRows(y: ArrayLike<number>, cols: number, loss: LossName): void {
  for (let r = 0; r * cols < y.length; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += y[r * cols + c]!;
    // float32 labels: a one-hot row is exact; soft labels may carry a rounding per entry.
    if (Math.abs(sum - 1) > 1e-5 * Math.max(1, cols)) {
      throw new ValueError(
        `${loss} targets must be one-hot (or probability) rows that sum to 1, got a row summing to ${sum} at row ${r}` +
          (sum === 0 ? ' (no class set)' : ''),
      );
    }
  }
}

export interface Targets {
  readonly m: Matrix;
  /** True when the targets are integer class ids (one column) for categorical cross-entropy. */
  readonly classIds: boolean;
}

/**
 * Targets checked against the loss and the network's output before anything reaches the core
 * (a label out of range is a ValueError, not a silent NaN). Accepts a Matrix, a number[][] or a
 * number[] (one column).
 */
export function parseTargets(y: unknown, loss: LossName, outUnits: number, rows: number): Targets {
  const m =
    Array.isArray(y) && y.length > 0 && !Array.isArray(y[0])
      ? matrixOf(
          (y as unknown[]).map((v) => [v as number]),
          'y',
        )
      : matrixOf(y, 'y');
  if (m.rows !== rows) {
    throw new ShapeError(`y has ${m.rows} rows, x has ${rows}: one target row per sample`);
  }
  const labels = lossRow(loss).labels;
  const classIds = labels === 'classes' && m.cols === 1 && outUnits > 1;
  if (!classIds && m.cols !== outUnits) {
    throw new ShapeError(
      `y has ${m.cols} columns, the network has ${outUnits} outputs` +
        (labels === 'classes' ? ' (give one-hot rows or one column of class ids)' : ''),
    );
  }
  if (classIds) checkClassIds(m.data, outUnits);
  else if (labels !== 'real') checkUnitLabels(m.data, m.cols, loss);
  if (labels === 'classes' && !classIds) checkDistributionRows(m.data, m.cols, loss);
  return { m, classIds };
}

// ---- accuracy ----

/** Accuracy of predictions against targets, as the loss's row judges it (NaN for none). */
export function accuracyOf(loss: LossName, pred: Float32Array, targets: Matrix, outputs: number, classIds: boolean): number {
  const t = targets.data;
  const kind = lossRow(loss).accuracy;
  if (kind === 'none') return NaN;
  if (kind === 'threshold') {
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

function argmax(v: ArrayLike<number>, start: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (v[start + j]! > v[start + best]!) best = j;
  return best;
}
