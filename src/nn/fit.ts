// The training loop: epochs of seeded-shuffled mini-batches gathered on the core from data
// staged once (batches.ts), so a batch allocates nothing. Yields to the event loop about every
// 16 ms so a browser page stays responsive. Every option is checked before any state changes.
import { NonFiniteError, ValueError } from '../errors.js';
import type { TensorLike } from '../core/tensor.js';
import { anyOption, booleanOption, functionOption, numberOption, parseOptions } from '../util/options.js';
import { randomStream } from '../init/random.js';
import { Batches } from './batches.js';
import { HistoryRecorder, type Damage, type EpochLogs, type History, type Stopped } from './history.js';
import { parseBatch, type Batch } from './inputs.js';
import { lossAndGradient } from './loss.js';
import { accuracyOf, type LossName } from './losses.js';
import type { Model } from './model.js';
import { parseOptimizer, type OptimizerSpec } from './optimizers.js';
import { checkSeed } from './spec.js';
import { step } from './training.js';

export interface FitOptions {
  loss: LossName;
  optimizer?: OptimizerSpec;
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /**
   * Default true: each epoch's order from the seeded stream. false: the data's order. A function
   * `(epoch, n) => permutation` (epoch from 0) gives each epoch's order itself, for example the
   * course's per-epoch reseeding `(e, n) => sb.numpy.RandomState(seed + e).permutation(n)`;
   * batches are consecutive slices of that order, the last one partial.
   */
  shuffle?: boolean | ((epoch: number, n: number) => ArrayLike<number>);
  /** Seed of the shuffling stream; default: derived from the network seed and the fit call. */
  seed?: number | string;
  validationData?: [TensorLike, TensorLike | number[]];
  /** Return false (or a promise of false) to stop after this epoch. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => unknown;
  /** Return false to stop after this batch. */
  onBatchEnd?: (batch: number, logs: { loss: number }) => unknown;
  /** Default true: a non-finite loss, gradient or weight stops training with the last finite weights. */
  stopOnNonFinite?: boolean;
  /**
   * Default false. Leave the network with the weights of its best epoch rather than its last:
   * the lowest valLoss, or without validationData the lowest loss on x of each epoch's final
   * weights (one more forward pass over x per epoch); the weights fit started from when no epoch
   * beats them. `history.bestEpoch` says which (-1: the starting weights).
   */
  restoreBest?: boolean;
}

/**
 * An extra option of fit that a layer above nn provides (the facade's `diagnostics`): parsed
 * with the others, before training starts, into a function called after every epoch whose
 * non-undefined results go into `history.diagnostics`.
 */
export interface FitExtension<Report> {
  readonly key: string;
  parse(value: unknown): ((epoch: number, history: History<unknown>) => Report | undefined) | undefined;
}

const SCHEMA = {
  loss: anyOption(),
  optimizer: anyOption(),
  epochs: numberOption({ integer: true, min: 0 }),
  batchSize: numberOption({ integer: true, min: 1 }),
  shuffle: anyOption(),
  seed: anyOption(),
  validationData: anyOption(),
  onEpochEnd: functionOption(),
  onBatchEnd: functionOption(),
  stopOnNonFinite: booleanOption(),
  restoreBest: booleanOption(),
};

/**
 * A batch loss this many times the lowest the same batch had before, and above its first, means
 * the step before it wrecked the weights (each batch is compared with itself: batches differ).
 */
const DAMAGE_FACTOR = 1e3;

const YIELD_EVERY_MS = 16;
const nextTick: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

interface ParsedFit<Report> {
  readonly batch: Batch;
  readonly config: ReturnType<typeof parseOptimizer>;
  readonly epochs: number;
  readonly batchSize: number;
  readonly shuffle: boolean | ((epoch: number, n: number) => ArrayLike<number>);
  readonly guard: boolean;
  readonly restoreBest: boolean;
  readonly seed: number | string | undefined;
  readonly validation: Batch | undefined;
  readonly onEpochEnd: FitOptions['onEpochEnd'];
  readonly onBatchEnd: FitOptions['onBatchEnd'];
  readonly afterEpoch: ((epoch: number, history: History<unknown>) => Report | undefined) | undefined;
}

function parseFit<Report>(model: Model, x: unknown, y: unknown, options: unknown, extension?: FitExtension<Report>): ParsedFit<Report> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`fit: options must be an object with at least { loss }, got ${JSON.stringify(options)}`);
  }
  const schema = extension ? { ...SCHEMA, [extension.key]: anyOption() } : SCHEMA;
  const o = parseOptions(options, 'fit', schema) as Record<string, unknown>;
  const batch = parseBatch(model.arch, x, y, o.loss, 'fit');
  let validation: Batch | undefined;
  if (o.validationData !== undefined) {
    if (!Array.isArray(o.validationData) || o.validationData.length !== 2) {
      throw new ValueError('fit: validationData must be [x, y]');
    }
    validation = parseBatch(model.arch, o.validationData[0], o.validationData[1], batch.loss, 'fit', 'validationData x');
  }
  return {
    batch,
    config: parseOptimizer(o.optimizer ?? 'sgd'),
    epochs: (o.epochs as number | undefined) ?? 1,
    batchSize: (o.batchSize as number | undefined) ?? 32,
    shuffle: shuffleOf(o.shuffle),
    guard: (o.stopOnNonFinite as boolean | undefined) ?? true,
    restoreBest: (o.restoreBest as boolean | undefined) ?? false,
    seed: o.seed === undefined ? undefined : checkSeed(o.seed, 'fit'),
    validation,
    onEpochEnd: o.onEpochEnd as FitOptions['onEpochEnd'],
    onBatchEnd: o.onBatchEnd as FitOptions['onBatchEnd'],
    afterEpoch: extension?.parse(o[extension.key]),
  };
}

export async function fitNetwork<Report = never>(
  model: Model,
  xIn: unknown,
  yIn: unknown,
  options: unknown,
  extension?: FitExtension<Report>,
): Promise<History<Report>> {
  model.check();
  const f = parseFit(model, xIn, yIn, options, extension);
  const { loss, targets } = f.batch;
  const stream = randomStream(f.seed ?? model.arch.seed).child(f.seed === undefined ? `fit${model.fitCount}` : 'fit');
  model.fitCount++;
  const classify = loss !== 'meanSquaredError';
  const record = new HistoryRecorder<Report>({
    accuracy: classify,
    validation: f.validation !== undefined,
    reports: f.afterEpoch !== undefined,
    optimizer: f.config,
  });
  const history = record.history;
  // restoreBest: the weights fit started from, then those of each epoch that improved.
  const params = model.params;
  let best = f.restoreBest ? { epoch: -1, value: lossOn(model, f.validation ?? f.batch, loss), weights: params.values.read() } : undefined;
  if (best && !(best.value < Infinity)) best.value = Infinity; // NaN never compares lower
  // Damage: per batch (in its position in the epoch) its first and lowest loss so far, and the
  // step (epoch, batch) before the current one. Allocated once per fit, not per step.
  const batchCount = Math.ceil(f.batch.x.rows / f.batchSize);
  const firstLoss = new Float64Array(batchCount).fill(NaN);
  const lowestLoss = new Float64Array(batchCount).fill(Infinity);
  // The step before the current one, as two numbers (no object per step): epoch -1 before any.
  let prevEpoch = -1;
  let prevBatch = -1;
  let damage: Damage | undefined;

  const n = f.batch.x.rows;
  const out = model.last.units;
  const L = model.layers.length - 1;
  const batches = new Batches(f.batch.x, targets.m);
  let lastYield = performance.now();
  try {
    epochLoop: for (let epoch = 0; epoch < f.epochs; epoch++) {
      if (typeof f.shuffle === 'function') batches.setOrder(f.shuffle(epoch, n), epoch);
      else if (f.shuffle) batches.shuffle(stream);
      batches.commitOrder();
      let lossSum = 0;
      let hits = 0;
      let batch = 0;
      for (let start = 0; start < n; start += f.batchSize, batch++) {
        const count = Math.min(f.batchSize, n - start);
        const ws = model.workspace(count);
        batches.gather(start, count, ws.x, ws.y);
        let batchLoss: number;
        try {
          batchLoss = step(model, ws, loss, targets.classIds, f.config, f.guard);
        } catch (error) {
          if (error instanceof NonFiniteError) {
            // A loss or gradient that is not finite on the weights the previous step left: that
            // step did the damage, even if its own loss looked finite.
            if (damage === undefined && prevEpoch >= 0 && error.value !== 'weights') {
              const before = Number.isFinite(lowestLoss[batch]!) ? lowestLoss[batch]! : lowestLoss[prevBatch]!;
              damage = { epoch: prevEpoch, batch: prevBatch, lossBefore: before, lossAfter: Infinity };
            }
            record.stop(nonFiniteStop(error, epoch, batch, damage, f.restoreBest));
            break epochLoop;
          }
          throw error;
        }
        history.steps++;
        if (damage === undefined && batchLoss > DAMAGE_FACTOR * Math.max(lowestLoss[batch]!, 1e-3 * firstLoss[batch]!) && batchLoss > firstLoss[batch]!) {
          damage = { epoch: prevEpoch, batch: prevBatch, lossBefore: lowestLoss[batch]!, lossAfter: batchLoss };
        }
        if (Number.isNaN(firstLoss[batch]!)) firstLoss[batch] = batchLoss;
        if (batchLoss < lowestLoss[batch]!) lowestLoss[batch] = batchLoss;
        prevEpoch = epoch;
        prevBatch = batch;
        lossSum += batchLoss * count;
        if (classify) {
          // The forward pass of this step, before its update (as Keras reports training accuracy).
          const t = { rows: count, cols: targets.m.cols, data: ws.y.array() };
          hits += accuracyOf(loss, ws.a[L]!.array(), t, out, targets.classIds) * count;
        }
        if (f.onBatchEnd) {
          const go = await f.onBatchEnd(batch, { loss: batchLoss });
          model.check(); // disposed by the callback?
          if (go === false) {
            record.epoch(lossSum / (start + count), classify ? hits / (start + count) : undefined);
            record.stop({ reason: 'callback', epoch, batch, value: 'onBatchEnd', message: 'onBatchEnd returned false' });
            break epochLoop;
          }
        }
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await nextTick();
          model.check(); // disposed while we yielded?
          lastYield = performance.now();
        }
      }
      const logs: EpochLogs = { loss: Math.fround(lossSum / n) };
      if (classify) logs.accuracy = hits / n;
      record.epoch(logs.loss, logs.accuracy);
      if (f.validation) {
        const v = f.validation;
        const ws = model.forwardOn(v.x);
        ws.y.write(v.targets.m.data);
        logs.valLoss = lossAndGradient(model, ws, loss, v.targets.classIds, false);
        if (classify) logs.valAccuracy = accuracyOf(loss, ws.a[L]!.read(), v.targets.m, out, v.targets.classIds);
        record.validation(logs.valLoss, logs.valAccuracy);
      }
      if (best) {
        // The loss of this epoch's final weights: the epoch's own loss averages the weights it
        // passed through (and with one batch is the loss before its update).
        const value = f.validation ? logs.valLoss! : lossOn(model, f.batch, loss);
        if (value < best.value) best = { epoch, value, weights: params.values.read() };
      }
      const report = f.afterEpoch?.(epoch, history);
      if (report !== undefined) record.report(report);
      if (f.onEpochEnd) {
        const go = await f.onEpochEnd(epoch, logs);
        model.check(); // disposed by the callback?
        if (go === false) {
          record.stop({ reason: 'callback', epoch, value: 'onEpochEnd', message: 'onEpochEnd returned false' });
          break;
        }
      }
    }
    if (best) {
      model.check();
      params.values.write(best.weights);
      model.resetOptimizer();
      history.bestEpoch = best.epoch;
    }
  } finally {
    // The staged data belongs to this call, not to the model: freed even if the model was disposed.
    batches.free();
  }
  return history;
}

function shuffleOf(v: unknown): boolean | ((epoch: number, n: number) => ArrayLike<number>) {
  if (v === undefined) return true;
  if (typeof v === 'boolean' || typeof v === 'function') return v as boolean | ((epoch: number, n: number) => ArrayLike<number>);
  throw new ValueError(`fit: shuffle must be a boolean or a function (epoch, n) => permutation, got ${typeof v}`);
}

/** The loss of the network's current weights on a whole batch (no gradient). */
function lossOn(model: Model, b: Batch, loss: LossName): number {
  const ws = model.forwardOn(b.x);
  ws.y.write(b.targets.m.data);
  return lossAndGradient(model, ws, loss, b.targets.classIds, false);
}

/** history.stopped for a step that went non-finite, saying whether the kept weights are usable. */
function nonFiniteStop(error: NonFiniteError, epoch: number, batch: number, damage: Damage | undefined, restoreBest: boolean): Stopped {
  const stopped: Stopped = { reason: 'nonFinite', epoch, batch, value: error.value, message: error.message };
  if (damage) {
    stopped.damage = damage;
    stopped.message +=
      `; but those weights are finite and unusable: after the step of epoch ${damage.epoch} batch ${damage.batch}, ` +
      `the next batch's loss was ${Number.isFinite(damage.lossAfter) ? damage.lossAfter.toPrecision(4) : 'not finite'} (its lowest before: ${damage.lossBefore.toPrecision(4)}). ` +
      (restoreBest
        ? 'restoreBest put back the best epoch\'s weights (history.bestEpoch); lower the learning rate.'
        : 'Lower the learning rate; restoreBest: true keeps the best epoch\'s weights.');
  }
  return stopped;
}
