// diagnose(net, x, y?, options): one forward pass on the probe data x (and, with targets y, one
// backward pass), then per layer the symmetry, saturation, dead units, per-unit signal, weight
// statistics and mean-field χ, all measured on the core, and the findings that follow from them
// at the phase the network is in (at initialization, after training, or not known).
//
// The network is not changed: its weights, biases and optimizer state stay as they were. The
// core buffers it reuses are scratch (the workspace of x's batch size and the gradient block,
// which every training step recomputes before use). Measuring a learning rate for a diverged
// history trains throwaway copies built from the network's spec.
import { viewOf, type Network, type Targets } from '../nn/network.js';
import { Model, type NetworkView } from '../nn/model.js';
import { inputMatrix } from '../nn/inputs.js';
import { defaultLoss, parseLoss, parseTargets, type LossName } from '../nn/losses.js';
import type { TensorLike } from '../core/tensor.js';
import { activationGrad } from '../kernels/activations.js';
import { mean } from '../kernels/reduce.js';
import type { Architecture } from '../nn/spec.js';
import { findingsOf } from './findings.js';
import { constantLoss, measureLearningRate, parseHistory, trendOf } from './find-training.js';
import type { Fix } from './fix.js';
import { referenceStd, type Judge } from './judge.js';
import { parseDiagnoseOptions } from './options.js';
import { deadUnitsOf, saturationOf } from './saturation.js';
import { Scratch } from './scratch.js';
import { gradientNorms, gradientRatioOf, statsOf, weightStd } from './signal.js';
import { spectrumOf } from './spectrum.js';
import { groupColumns, lockedGroups, nearSymmetry, type TargetColumns } from './symmetry.js';
import { num } from './text.js';
import { chiOf, trainabilityOf } from './trainability.js';
import type { DiagnoseOptions, DiagnosticsReport, LayerReport, Phase, TrainingReport } from './types.js';
import { columnStats, constantColumns, unitSpread } from './units.js';

/** Every layer's kernel relative gradient below this (‖∇W‖/‖W‖) is "tiny" for the plateau. */
const TINY_GRADIENT = 1e-4;

/**
 * Diagnoses a network on probe data x (rows are samples): whether its units are symmetric
 * (and locked), saturated or dead, how the signal and, with targets y, the gradients propagate,
 * how its kernels are conditioned, and (with a history) how training went. See
 * DiagnosticsReport for every field and options.ts for the thresholds. Throws
 * ShapeError/ValueError for bad x, y or options, DisposedError for a disposed network.
 */
export function diagnose(net: Network, x: TensorLike, y?: Targets, options?: DiagnoseOptions): DiagnosticsReport {
  return diagnoseView(viewOf(net, 'diagnose'), x, y, options);
}

/** The kernel scales (std over referenceStd) and bias means of the spec's initialization. */
function initialOf(arch: Architecture): { gains: number[]; biasMeans: number[] } {
  const m = new Model(arch);
  try {
    m.initialize();
    return {
      gains: arch.layers.map((_, l) => weightStd(m.parameters(l).kernel) / referenceStd(arch.layers, l)),
      biasMeans: arch.layers.map((layer, l) => mean(m.parameters(l).bias, layer.units)),
    };
  } finally {
    m.dispose();
  }
}

/** Weights within this factor of the spec's initialization's scale are taken to be from it. */
const FROM_SPEC_BAND = 1.25;

/**
 * For set or loaded weights: the layers whose kernel or bias is not what the spec's initializers
 * give (so proposing the spec's own initializer does change them).
 */
function notFromSpec(gains: number[], biasMeans: number[], initial: { gains: number[]; biasMeans: number[] }): { kernel: number[]; bias: number[] } {
  const kernel: number[] = [];
  const bias: number[] = [];
  gains.forEach((g, l) => {
    const g0 = initial.gains[l]!;
    if (!(g <= g0 * FROM_SPEC_BAND && g >= g0 / FROM_SPEC_BAND)) kernel.push(l);
    const b0 = initial.biasMeans[l]!;
    if (!(Math.abs(biasMeans[l]! - b0) <= 1e-3 + 0.1 * Math.abs(b0))) bias.push(l);
  });
  return { kernel, bias };
}

function phaseOf(model: NetworkView, steps: number | undefined, history: ReturnType<typeof parseHistory>): { phase: Phase; steps?: number } {
  if (steps !== undefined) return steps === 0 ? { phase: 'initialization', steps } : { phase: 'training', steps };
  if (history) {
    const s = history.steps ?? model.trainingSteps;
    if (history.losses.length > 0 || history.nonFinite) return s !== undefined && s > 0 ? { phase: 'training', steps: s } : { phase: 'training' };
  }
  const own = model.trainingSteps;
  if (own === undefined) return { phase: 'unknown' };
  return own === 0 ? { phase: 'initialization', steps: 0 } : { phase: 'training', steps: own };
}

/** diagnose() on a network's view (fit's diagnostics use it). */
export function diagnoseView(model: NetworkView, xIn: unknown, yIn: unknown, options: unknown): DiagnosticsReport {
  model.check();
  const opts = parseDiagnoseOptions(options, yIn !== undefined);
  const history = parseHistory(opts.history);
  const x = inputMatrix(model.arch, xIn, 'diagnose');
  const layers = model.layers;
  const L = layers.length - 1;
  let targets: TargetColumns | undefined;
  let lossName: LossName | undefined;
  if (yIn !== undefined) {
    lossName = parseLoss(opts.loss ?? defaultLoss(model.last), model.last);
    targets = parseTargets(yIn, lossName, model.last.units, x.rows);
  }
  const loss = lossName ?? defaultLoss(model.last);
  const logits = (model.last.activation.name === 'sigmoid' && loss === 'binaryCrossEntropy') || (model.last.activation.name === 'softmax' && loss === 'categoricalCrossEntropy');

  const rows = x.rows;
  const ws = model.forwardOn(x);
  const inputCols = columnStats(ws.x, rows, model.arch.inputs);
  const { phase, steps } = phaseOf(model, opts.steps, history);
  const report: DiagnosticsReport = {
    samples: rows,
    input: statsOf(ws.x, rows * model.arch.inputs),
    inputSpread: unitSpread(inputCols),
    layers: [],
    findings: [],
    phase,
    trainability: trainabilityOf([]),
  };
  if (steps !== undefined) report.steps = steps;
  let grads: { kernelNorm: number; biasNorm: number }[] | undefined;
  if (targets && lossName) {
    const value = model.lossAndGradients(ws, targets.m.data, lossName, targets.classIds);
    grads = gradientNorms(layers.map((_, l) => model.gradients(l)));
    report.loss = { name: lossName, value };
    report.gradientRatio = gradientRatioOf(grads);
  }

  for (let l = 0; l <= L; l++) {
    const layer = layers[l]!;
    const z = ws.z[l]!;
    const a = ws.a[l]!;
    const n = rows * layer.units;
    const scratch = new Scratch();
    try {
      const { groups, scale } = groupColumns(a, rows, layer.units, opts.symmetryTolerance, scratch);
      const params = model.parameters(l);
      const next = l < L ? { ...model.parameters(l + 1), units: layers[l + 1]!.units } : undefined;
      const locked = lockedGroups(groups, { ...params, inputs: layer.inputs, units: layer.units }, next, l === L ? targets : undefined);
      const near = nearSymmetry(a, rows, layer.units, groups, scale, scratch);
      const spectrum = spectrumOf(params.kernel, layer.units, layer.inputs);
      const act = statsOf(a, n);
      // f'(z) once, for the saturation's mean derivative and for χ.
      const op = layer.activation.op;
      const deriv = op === null ? undefined : scratch.f32(n);
      if (deriv && op !== null) activationGrad(op, z, deriv, n, layer.activation.alpha);
      const r: LayerReport = {
        inputs: layer.inputs,
        units: layer.units,
        activation: { name: layer.activation.name, mean: act.mean, std: act.std },
        preactivation: statsOf(z, n),
        symmetry: {
          groups,
          distinctUnits: layer.units - groups.reduce((s, g) => s + g.length - 1, 0),
          locked,
          ...near,
        },
        saturation: saturationOf(layer, a, deriv, rows, opts, scratch),
        dead: deadUnitsOf(layer, z, rows, scratch),
        signal: { spread: unitSpread(columnStats(z, rows, layer.units)), constant: constantColumns(columnStats(a, rows, layer.units)) },
        bias: { mean: mean(params.bias, layer.units) },
        chi: layerChi(deriv && !(l === L && logits) ? deriv.array() : undefined, params.kernel.array(), rows, layer.units, layer.inputs),
        weights: {
          std: weightStd(params.kernel),
          spectralNorm: spectrum.spectralNorm,
          conditionNumber: spectrum.conditionNumber,
          exact: spectrum.exact,
        },
      };
      if (grads) r.gradient = grads[l]!;
      report.layers.push(r);
    } finally {
      scratch.free();
    }
  }
  report.trainability = trainabilityOf(report.layers.map((r) => r.chi));

  // The history: its trend, and a measured learning rate when it diverged.
  let training: TrainingReport | undefined;
  const constant = targets ? constantLoss(targets.m, loss, targets.classIds, model.last.units) : undefined;
  if (history && (history.losses.length > 0 || history.nonFinite)) {
    training = { losses: [...history.losses], trend: trendOf(history.losses, history.nonFinite, constant) };
    if (history.learningRate !== undefined) training.learningRate = history.learningRate;
    if (constant !== undefined) training.constantLoss = constant;
    report.training = training;
  }
  const lr: { measured?: number; fix: Fix | null } = { fix: null };
  if (training?.trend === 'diverging' && history?.optimizer) {
    const old = history.optimizer.learningRate;
    if (targets) {
      lr.measured = measureLearningRate(model.arch, x, targets.m, loss, history.optimizer);
      lr.fix =
        lr.measured !== undefined
          ? { text: `Train with learning rate ${num(lr.measured)} (measured: the largest of lr/10, lr/100, lr/1000 whose first 20 full-batch steps on (x, y) keep the loss falling, from the network's initialization).`, learningRate: lr.measured }
          : null;
    } else {
      lr.fix = { text: `Train with a smaller learning rate, for example ${num(old / 10)} (not measured: pass y to diagnose to measure one).`, learningRate: Math.fround(old / 10) };
    }
  }

  const gains = report.layers.map((r, l) => r.weights.std / referenceStd(layers, l));
  // The spec's own initialization, rebuilt only when a finding asks (it costs a network's init).
  let initialCache: ReturnType<typeof initialOf> | undefined;
  const initial = (): ReturnType<typeof initialOf> => (initialCache ??= initialOf(model.arch));
  let specCache: ReturnType<typeof notFromSpec> | undefined;
  const judge: Judge = {
    layers: report.layers,
    arch: layers,
    t: opts,
    loss,
    phase,
    samples: rows,
    inputSpread: report.inputSpread,
    inputOffset: Math.sqrt(inputCols.mean.reduce((a, m) => a + m * m, 0) / Math.max(inputCols.mean.length, 1)),
    gains,
    learningRateFix: lr.fix,
    ...(report.loss && constant !== undefined ? { lossNow: { value: report.loss.value, constant } } : {}),
    ...(steps !== undefined ? { steps } : {}),
    ...(training ? { training } : {}),
    get initialGains() {
      return phase === 'initialization' ? undefined : initial().gains;
    },
    get notFromSpec() {
      if (phase !== 'unknown') return undefined;
      return (specCache ??= notFromSpec(gains, report.layers.map((r) => r.bias.mean), initial()));
    },
  };
  const tinyGradients =
    grads !== undefined && report.layers.every((r, l) => grads![l]!.kernelNorm <= TINY_GRADIENT * r.weights.std * Math.sqrt(r.inputs * r.units));
  report.findings = findingsOf({
    judge,
    ...(report.gradientRatio !== undefined ? { gradientRatio: report.gradientRatio } : {}),
    tinyGradients,
    learningRate: lr,
  });
  return report;
}

/** χ of one layer (trainability.ts): deriv undefined counts f' as 1. */
function layerChi(deriv: Float32Array | undefined, kernel: Float32Array, rows: number, units: number, inputs: number): number {
  const d2 = new Float64Array(units);
  if (deriv) {
    for (let s = 0; s < rows; s++) for (let i = 0; i < units; i++) d2[i]! += deriv[s * units + i]! ** 2;
    for (let i = 0; i < units; i++) d2[i]! /= rows;
  } else d2.fill(1);
  const norms = new Float64Array(units);
  for (let i = 0; i < units; i++) {
    let s = 0;
    for (let k = 0; k < inputs; k++) s += kernel[i * inputs + k]! ** 2;
    norms[i] = s;
  }
  return chiOf(d2, norms);
}
