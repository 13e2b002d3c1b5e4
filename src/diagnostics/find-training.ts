// Findings from the training history: a loss that diverges (the learning rate, with a smaller
// one measured on the probe), and a plateau at the constant predictor's level (a saddle: the
// initialization's scale is the fix). And the caveat for a probe too small to judge units by.
import { ValueError } from '../errors.js';
import { Network } from '../nn/network.js';
import type { History } from '../nn/history.js';
import type { LossName } from '../nn/losses.js';
import type { OptimizerConfig } from '../nn/optimizers.js';
import { architectureToJSON, type Architecture } from '../nn/spec.js';
import { describe, type Matrix } from '../util/matrix.js';
import type { Fix } from './fix.js';
import { MIN_PROBE, SCALE_BAND, lowerRateFix, rescaleFix, when, type Judge } from './judge.js';
import { num } from './text.js';
import type { Finding, TrainingReport } from './types.js';

/** A loss this many times the first one, later in training, is divergence. */
const DIVERGENCE_FACTOR = 100;
/** Over the second half of the history, a relative change below this is flat. */
const FLAT_CHANGE = 1e-3;
/** Steps of the learning-rate measurement. */
const PROBE_STEPS = 20;

/** The losses and learning rate of a `history` option (fit's History or a list of losses). */
export function parseHistory(h: unknown): { losses: number[]; learningRate?: number; optimizer?: OptimizerConfig; steps?: number; nonFinite: boolean } | undefined {
  if (h === undefined) return undefined;
  if (Array.isArray(h)) return { losses: lossList(h, 'history'), nonFinite: false };
  if (typeof h !== 'object' || h === null || !Array.isArray((h as History<unknown>).loss)) {
    throw new ValueError(`diagnose: history must be fit's History or an array of losses, got ${describe(h)}`);
  }
  const hh = h as History<unknown>;
  const out: ReturnType<typeof parseHistory> & object = { losses: lossList(hh.loss, 'history.loss'), nonFinite: hh.stopped?.reason === 'nonFinite' };
  if (hh.steps !== undefined) {
    if (!Number.isInteger(hh.steps) || hh.steps < 0) throw new ValueError(`diagnose: history.steps must be an integer >= 0, got ${typeof hh.steps === 'number' ? hh.steps : describe(hh.steps)}`);
    out.steps = hh.steps;
  }
  if (hh.optimizer !== undefined) {
    const lr = (hh.optimizer as { learningRate?: unknown } | null)?.learningRate;
    if (typeof hh.optimizer !== 'object' || hh.optimizer === null || typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) {
      throw new ValueError(`diagnose: history.optimizer must be fit's optimizer configuration (with a learningRate > 0), got ${describe(hh.optimizer)}`);
    }
    out.optimizer = hh.optimizer;
    out.learningRate = lr;
  }
  return out;
}

/** A history's losses: numbers (NaN and Infinity are how a divergence is recorded). */
function lossList(v: unknown[], what: string): number[] {
  const bad = v.findIndex((x) => typeof x !== 'number');
  if (bad >= 0) throw new ValueError(`diagnose: ${what} must be an array of losses (numbers), got ${describe(v[bad])} at index ${bad}`);
  return v as number[];
}

/**
 * diverging: non-finite, up more than 100x from its first value, or (with y) ending more than
 * 10x above the loss of a constant prediction without having fallen below its first value
 * (worse than learning nothing, by an order of magnitude, and not improving); flat: the second
 * half moved by less than 1e-3 and ended near where it began.
 */
export function trendOf(losses: number[], nonFinite: boolean, constant?: number): TrainingReport['trend'] {
  if (nonFinite || losses.some((v) => !Number.isFinite(v))) return 'diverging';
  if (losses.length === 0) return 'falling';
  const last = losses[losses.length - 1]!;
  if (constant !== undefined && constant > 0 && last > 10 * constant && last >= losses[0]!) return 'diverging';
  if (losses.length >= 2 && Math.max(...losses.slice(1)) > DIVERGENCE_FACTOR * losses[0]!) return 'diverging';
  if (losses.length >= 4) {
    const mid = losses[Math.floor(losses.length / 2)]!;
    if (Math.abs(last - mid) <= FLAT_CHANGE * Math.abs(mid) && last >= 0.9 * losses[0]!) return 'flat';
  }
  return 'falling';
}

/**
 * The largest of lr/10, lr/100, lr/1000 under which PROBE_STEPS full-batch steps on (x, y), from
 * the network's initialization (its spec and seed), never raise the loss and lower it in the
 * end; undefined when none does.
 */
export function measureLearningRate(arch: Architecture, x: Matrix, y: Matrix, loss: LossName, optimizer: OptimizerConfig): number | undefined {
  for (const div of [10, 100, 1000]) {
    const lr = Math.fround(optimizer.learningRate / div);
    const net = new Network(architectureToJSON(arch) as never);
    try {
      const first = net.loss(x, y, loss);
      let ok = Number.isFinite(first);
      let prev = first;
      for (let s = 0; ok && s < PROBE_STEPS; s++) {
        net.trainStep(x, y, { loss, optimizer: { ...optimizer, learningRate: lr } as never });
        const now = net.loss(x, y, loss);
        ok = Number.isFinite(now) && now <= prev * (1 + 1e-6);
        prev = now;
      }
      if (ok && prev < first) return lr;
    } catch {
      // A step that went non-finite: this rate fails too.
    } finally {
      net.dispose();
    }
  }
  return undefined;
}

/**
 * SLOW_LEARNING: trained, the loss falling, but still above a constant prediction's (with y).
 * Only when no other warning or error says why (the caller checks). The cause is the
 * initialization when a kernel started off scale (the fix rescales it), else unknown to these
 * measurements (training: more steps, or another learning rate), as info.
 */
export function slowLearning(j: Judge): Finding[] {
  const t = j.training;
  if (!t || t.trend !== 'falling' || t.constantLoss === undefined || t.losses.length === 0) return [];
  const last = t.losses[t.losses.length - 1]!;
  if (!(last >= t.constantLoss)) return [];
  const start = j.initialGains ?? j.gains;
  const off = start.map((g, l) => (g > SCALE_BAND || g < 1 / SCALE_BAND ? l : -1)).filter((l) => l >= 0);
  const fix = off.length ? rescaleFix(j, off, `Scale the kernels to the fan-in (layer ${off[0]} started at ${num(start[off[0]!])} times the gain it needs)`) : null;
  return [
    {
      severity: fix ? 'warning' : 'info',
      code: 'SLOW_LEARNING',
      layer: -1,
      cause: fix ? 'initialization' : 'training',
      message:
        `${when(j)[0]!.toUpperCase()}${when(j).slice(1)} the loss (${num(last)}) is still above what a constant prediction gets (${num(t.constantLoss)}), though falling` +
        (fix ? ': the kernels started off scale, so the first steps are spent undoing that.' : ': train longer, or try another learning rate.'),
      evidence: { lastLoss: last, constantLoss: t.constantLoss, firstLoss: t.losses[0]!, offScaleKernels: off.length },
      fix,
    },
  ];
}

export function trainingFindings(j: Judge, tiny: boolean, lr: { measured?: number; fix: Fix | null }): Finding[] {
  const out: Finding[] = [];
  const t = j.training;
  if (t) {
    const first = t.losses[0];
    const last = t.losses[t.losses.length - 1];
    const max = t.losses.length ? Math.max(...t.losses) : NaN;
    if (t.trend === 'diverging') {
      const finite = t.losses.filter(Number.isFinite);
      const rate = t.learningRate !== undefined ? ` with learning rate ${num(t.learningRate)}` : '';
      let head: string;
      if (finite.length === 0) head = `The loss went non-finite in the first epoch${rate}`;
      else if (max > first! && Number.isFinite(max)) head = `The loss diverged in training: from ${num(first)} to ${num(max)}${Number.isFinite(last) ? '' : ' and then non-finite'}${rate}`;
      else if (!Number.isFinite(last)) head = `The loss went non-finite in training (from ${num(first)})${rate}`;
      else head = `The loss ended at ${num(last)}, over 10 times a constant prediction's (${num(t.constantLoss)}), and never fell below its first value${rate}`;
      const evidence = { firstLoss: first ?? NaN, maxLoss: t.losses.length ? max : NaN, lastLoss: last ?? NaN, learningRate: t.learningRate ?? NaN, suggestedLearningRate: lr.measured ?? NaN };
      // An initialization whose kernel gains multiply to an exploding signal diverges at any step
      // size: the kernels are the cause, and no measured rate is the fix.
      const start = j.initialGains ?? [];
      const growth = start.reduce((p, g) => p * Math.max(g, 1e-30), 1);
      const large = start.map((g, l) => (g > SCALE_BAND ? l : -1)).filter((l) => l >= 0);
      const fromInit = growth > j.t.explodingSignal && large.length > 0 ? rescaleFix(j, large, 'Scale the kernels to the fan-in') : null;
      if (fromInit) {
        out.push({
          severity: 'error',
          code: 'DIVERGING_LOSS',
          layer: -1,
          cause: 'initialization',
          message: `${head}, from an initialization whose kernel gains multiply the signal by ${num(growth)}: the outputs start astronomically large, so the first steps are too.`,
          evidence: { ...evidence, initialGrowth: growth },
          fix: fromInit,
        });
        return out;
      }
      out.push({
        severity: 'error',
        code: 'DIVERGING_LOSS',
        layer: -1,
        cause: 'learningRate',
        message: `${head}: the steps are too large. Later findings on these weights describe the damage, not the initialization.`,
        evidence,
        fix: lr.fix,
      });
    } else if (t.trend === 'flat') {
      // Stuck at or above the constant prediction's loss, or never moved from its first value:
      // learning nothing. (A loss that fell and then flattened below it is a network that converged.)
      const stuck = t.constantLoss === undefined || last! >= 0.99 * t.constantLoss;
      // The initialization's scale decides the cause: kernels that started too small sit at the
      // saddle from the first step; a loss that never moved from its first value at an on-scale
      // start had steps too small to move it; one that moved and then stuck was driven there.
      const start = j.initialGains ?? j.gains;
      const small = start.map((g, l) => (g < 1 / SCALE_BAND ? l : -1)).filter((l) => l >= 0);
      const unmoved = Math.abs(first! - last!) <= FLAT_CHANGE * Math.abs(first!);
      if (stuck || unmoved) {
        const head =
          `The loss has not moved over the second half of training (${num(t.losses[Math.floor(t.losses.length / 2)])} to ${num(last)})` +
          (t.constantLoss !== undefined && stuck ? `, at or above the level of a constant prediction (${num(t.constantLoss)})` : '') +
          (tiny ? " and every layer's gradient is tiny" : '');
        const evidence = { lastLoss: last!, constantLoss: t.constantLoss ?? NaN, smallKernels: small.length, firstLoss: first! };
        const lrNow = t.learningRate;
        if (small.length) {
          out.push({
            severity: 'warning',
            code: 'PLATEAU',
            layer: -1,
            cause: 'initialization',
            message: `${head}: the network sits at a saddle, where the weights are too small for the units to differ.`,
            evidence,
            fix: rescaleFix(j, small, 'Start away from the saddle: scale the kernels to the fan-in'),
          });
        } else if (unmoved) {
          out.push({
            severity: 'warning',
            code: 'PLATEAU',
            layer: -1,
            cause: 'learningRate',
            message: `${head}, and it never moved from its first value: the kernels start at their scale, so the steps${lrNow !== undefined ? ` (learning rate ${num(lrNow)})` : ''} are too small to move them.`,
            evidence,
            fix: lrNow !== undefined ? { text: `Train with a larger learning rate, for example ${num(lrNow * 10)}.`, learningRate: Math.fround(lrNow * 10) } : null,
          });
        } else {
          out.push({
            severity: 'warning',
            code: 'PLATEAU',
            layer: -1,
            cause: 'learningRate',
            message: `${head}: the kernels started at their scale, so training drove the network to the constant prediction; the steps are too large for this depth.`,
            evidence,
            fix: lowerRateFix(j, 'the kernels started at their scale and training collapsed the network to a constant prediction'),
          });
        }
      }
    }
  }
  if (j.samples < MIN_PROBE) {
    out.push({
      severity: 'info',
      code: 'SMALL_PROBE',
      layer: -1,
      cause: 'probe',
      message: `The probe has ${j.samples} sample${j.samples === 1 ? '' : 's'}: a unit negative on all of them, or two units equal on all of them, can be chance, so dead-unit and unlocked-symmetry findings are only info (a whole layer of 8 or more dead units, which chance does not explain, is still an error). Probe with at least ${MIN_PROBE}.`,
      evidence: { samples: j.samples },
      fix: null,
    });
  }
  return out;
}

/** The loss of the best constant prediction on y: what a network that learned nothing reaches. */
export function constantLoss(y: Matrix, loss: LossName, classIds: boolean, classes: number): number {
  const rows = y.rows;
  if (loss === 'meanSquaredError') {
    let s = 0;
    for (let c = 0; c < y.cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m += y.data[r * y.cols + c]!;
      m /= rows;
      for (let r = 0; r < rows; r++) s += (y.data[r * y.cols + c]! - m) ** 2;
    }
    return s / (rows * y.cols);
  }
  const xlogx = (p: number): number => (p > 0 ? p * Math.log(p) : 0);
  if (loss === 'binaryCrossEntropy') {
    let s = 0;
    for (let c = 0; c < y.cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m += y.data[r * y.cols + c]!;
      m /= rows;
      s += -(xlogx(m) + xlogx(1 - m));
    }
    return s / y.cols;
  }
  const freq = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    if (classIds) freq[y.data[r]!]! += 1;
    else for (let c = 0; c < classes; c++) freq[c]! += y.data[r * classes + c]!;
  }
  let s = 0;
  for (const f of freq) s -= xlogx(f / rows);
  return s;
}
