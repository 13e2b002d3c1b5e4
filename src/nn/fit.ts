// The training loop: epochs of seeded-shuffled mini-batches gathered on the core from data
// staged once, so a batch allocates nothing. Yields to the event loop about every 16 ms so a
// browser page stays responsive.
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { core } from '../runtime/core.js';
import { allocBytes, allocF32, f32View, freeBytes, writeF32 } from '../runtime/heap.js';
import { toMatrix, type Matrix, type MatrixLike } from '../runtime/matrix.js';
import { randomStream } from '../init/random.js';
import { parseOptimizer, type OptimizerSpec } from '../kernels/optimizers.js';
import { diagnosticsAfterEpoch, parseFitDiagnostics, type FitDiagnosticsOptions } from '../diagnostics/during-fit.js';
import type { DiagnosticsReport } from '../diagnostics/types.js';
import { accuracyOf } from './accuracy.js';
import { lossAndGradient } from './loss.js';
import type { Model } from './model.js';
import { forward } from './propagate.js';
import { checkSeed } from './spec.js';
import { parseLoss, parseTargets, type LossName } from './targets.js';
import { step } from './training.js';

interface GatherExports {
  f32_gather_rows(src: number, idx: number, dst: number, count: number, cols: number): void;
}

export interface EpochLogs {
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface FitOptions {
  loss: LossName;
  optimizer?: OptimizerSpec;
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling stream; default: derived from the network seed and the fit call. */
  seed?: number | string;
  validationData?: [MatrixLike, MatrixLike | number[]];
  /** Return false (or a promise of false) to stop after this epoch. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => unknown;
  /** Return false to stop after this batch. */
  onBatchEnd?: (batch: number, logs: { loss: number }) => unknown;
  /** Default true: a non-finite loss, gradient or weight stops training with the last finite weights. */
  stopOnNonFinite?: boolean;
  /**
   * Record `diagnose(net, x)` on the probe data x after every `every` epochs (after the epochs
   * numbered every-1, 2·every-1, ... from 0) into `history.diagnostics`.
   */
  diagnostics?: FitDiagnosticsOptions;
}

export interface History {
  loss: number[];
  accuracy?: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  /** Epochs completed. */
  epochs: number;
  stopped?: { reason: string; epoch: number };
  /** With the diagnostics option: the reports, each with the `epoch` it was recorded after. */
  diagnostics?: DiagnosticsReport[];
}

const FIT_KEYS = [
  'loss',
  'optimizer',
  'epochs',
  'batchSize',
  'shuffle',
  'seed',
  'validationData',
  'onEpochEnd',
  'onBatchEnd',
  'stopOnNonFinite',
  'diagnostics',
];

function intOption(value: unknown, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ValueError(`fit: ${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boolOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ValueError(`fit: ${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function callbackOption(value: unknown, name: string): ((...args: never[]) => unknown) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new ValueError(`fit: ${name} must be a function, got ${typeof value}`);
  return value as (...args: never[]) => unknown;
}

const YIELD_EVERY_MS = 16;
const nextTick: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/** Copies a matrix into a new core buffer (freed by the caller). */
function stage(m: Matrix): number {
  const p = allocF32(m.data.length);
  writeF32(p, m.data);
  return p;
}

export async function fitNetwork(model: Model, xIn: unknown, yIn: unknown, options: FitOptions): Promise<History> {
  model.check();
  // Every check before any state changes.
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`fit: options must be an object with at least { loss }, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!FIT_KEYS.includes(key)) throw new ValueError(`fit: unknown option '${key}' (expected ${FIT_KEYS.join(', ')})`);
  }
  const o = options as FitOptions;
  const x = toMatrix(xIn, 'x');
  if (x.cols !== model.arch.inputs) {
    throw new ShapeError(`fit: x has ${x.cols} columns, the network expects ${model.arch.inputs}`);
  }
  const loss = parseLoss(o.loss, model.last);
  const targets = parseTargets(yIn, loss, model.last.units, x.rows);
  const config = parseOptimizer(o.optimizer ?? 'sgd');
  const epochs = intOption(o.epochs, 'epochs', 0, 1);
  const batchSize = intOption(o.batchSize, 'batchSize', 1, 32);
  const shuffle = boolOption(o.shuffle, 'shuffle', true);
  const guard = boolOption(o.stopOnNonFinite, 'stopOnNonFinite', true);
  const onEpochEnd = callbackOption(o.onEpochEnd, 'onEpochEnd');
  const onBatchEnd = callbackOption(o.onBatchEnd, 'onBatchEnd');
  const seed = o.seed === undefined ? undefined : checkSeed(o.seed, 'fit');
  const diagnostics = parseFitDiagnostics(o.diagnostics, model);
  let validation: { x: Matrix; t: Matrix; classIds: boolean } | undefined;
  if (o.validationData !== undefined) {
    if (!Array.isArray(o.validationData) || o.validationData.length !== 2) {
      throw new ValueError('fit: validationData must be [x, y]');
    }
    const vx = toMatrix(o.validationData[0], 'validationData x');
    if (vx.cols !== model.arch.inputs) {
      throw new ShapeError(`fit: validationData x has ${vx.cols} columns, the network expects ${model.arch.inputs}`);
    }
    const vt = parseTargets(o.validationData[1], loss, model.last.units, vx.rows);
    validation = { x: vx, t: vt.m, classIds: vt.classIds };
  }

  const stream = randomStream(seed ?? model.arch.seed).child(seed === undefined ? `fit${model.fitCount}` : 'fit');
  model.fitCount++;
  const history: History = { loss: [], epochs: 0 };
  const classify = loss !== 'meanSquaredError';
  if (classify) history.accuracy = [];
  if (validation) {
    history.valLoss = [];
    if (classify) history.valAccuracy = [];
  }
  if (diagnostics) history.diagnostics = [];

  const n = x.rows;
  const tCols = targets.m.cols;
  const out = model.last.units;
  const L = model.layers.length - 1;
  const gather = core<GatherExports>().f32_gather_rows;
  const xs = stage(x);
  const ys = stage(targets.m);
  const order = new Int32Array(n);
  const perm = allocBytes(4 * n);
  let lastYield = performance.now();
  try {
    for (let i = 0; i < n; i++) order[i] = i;
    epochLoop: for (let epoch = 0; epoch < epochs; epoch++) {
      if (shuffle) {
        // Fisher-Yates with the seeded stream: the same seed gives the same batches everywhere.
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(stream.uniform() * (i + 1));
          const t = order[i]!;
          order[i] = order[j]!;
          order[j] = t;
        }
      }
      new Int32Array(core().memory.buffer, perm, n).set(order);
      let lossSum = 0;
      let hits = 0;
      let batch = 0;
      for (let start = 0; start < n; start += batchSize, batch++) {
        const count = Math.min(batchSize, n - start);
        const ws = model.workspace(count);
        gather(xs, perm + 4 * start, ws.x, count, x.cols);
        gather(ys, perm + 4 * start, ws.y, count, tCols);
        let batchLoss: number;
        try {
          batchLoss = step(model, ws, loss, targets.classIds, config, guard);
        } catch (error) {
          if (error instanceof NonFiniteError) {
            history.stopped = { reason: error.message, epoch };
            break epochLoop;
          }
          throw error;
        }
        lossSum += batchLoss * count;
        if (classify) {
          // The forward pass of this step, before its update (as Keras reports training accuracy).
          hits += accuracyOf(loss, f32View(ws.a[L]!, count * out), batchTargets(ws.y, count, tCols), out, targets.classIds) * count;
        }
        if (onBatchEnd && (await onBatchEnd(batch as never, { loss: batchLoss } as never)) === false) {
          recordEpoch(history, lossSum / (start + count), classify ? hits / (start + count) : undefined);
          history.stopped = { reason: 'onBatchEnd returned false', epoch };
          break epochLoop;
        }
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await nextTick();
          model.check(); // disposed while we yielded?
          lastYield = performance.now();
        }
      }
      const logs: EpochLogs = { loss: Math.fround(lossSum / n) };
      if (classify) logs.accuracy = hits / n;
      recordEpoch(history, logs.loss, logs.accuracy);
      if (validation) {
        const ws = model.forwardOn(validation.x);
        writeF32(ws.y, validation.t.data);
        const vLoss = lossAndGradient(model, ws, loss, validation.classIds, false);
        logs.valLoss = vLoss;
        history.valLoss!.push(vLoss);
        if (classify) {
          const vAcc = accuracyOf(loss, f32View(ws.a[L]!, validation.x.rows * out), validation.t, out, validation.classIds);
          logs.valAccuracy = vAcc;
          history.valAccuracy!.push(vAcc);
        }
      }
      if (diagnostics) {
        const report = diagnosticsAfterEpoch(model, diagnostics, epoch);
        if (report) history.diagnostics!.push(report);
      }
      if (onEpochEnd && (await onEpochEnd(epoch as never, logs as never)) === false) {
        history.stopped = { reason: 'onEpochEnd returned false', epoch };
        break;
      }
    }
  } finally {
    // The staged data belongs to this call, not to the model: freed even if the model was disposed.
    freeBytes(xs);
    freeBytes(ys);
    freeBytes(perm);
  }
  return history;
}

function recordEpoch(history: History, loss: number, accuracy: number | undefined): void {
  history.loss.push(Math.fround(loss));
  if (accuracy !== undefined) history.accuracy!.push(accuracy);
  history.epochs++;
}

function batchTargets(yPtr: number, rows: number, cols: number): Matrix {
  return { rows, cols, data: f32View(yPtr, rows * cols) };
}
