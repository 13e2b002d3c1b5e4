// diagnose(net, x, y?, options): one forward pass on the probe data x (and, with targets y, one
// backward pass), then per layer the symmetry, saturation, dead units, signal and weight
// statistics, all computed on the core, and the findings that follow from them.
//
// The network is not changed: its weights, biases and optimizer state stay as they were. The
// core buffers it reuses are scratch (the workspace of x's batch size and the gradient block,
// which every training step recomputes before use).
import { ShapeError, ValueError } from '../errors.js';
import { Model } from '../nn/model.js';
import { lossAndGradient } from '../nn/loss.js';
import { backward } from '../nn/propagate.js';
import { parseLoss, parseTargets } from '../nn/targets.js';
import type { Network, Targets } from '../nn/network.js';
import type { LayerArchitecture } from '../nn/spec.js';
import type { LossName } from '../kernels/losses.js';
import { writeF32 } from '../runtime/heap.js';
import { describe, toMatrix, type Matrix, type MatrixLike } from '../runtime/matrix.js';
import { findingsOf } from './findings.js';
import { parseDiagnoseOptions } from './options.js';
import { deadUnitsOf, saturationOf } from './saturation.js';
import { Scratch } from './scratch.js';
import { gradientNorms, gradientRatioOf, statsOf, weightStd } from './signal.js';
import { spectrumOf } from './spectrum.js';
import { groupColumns, lockedGroups, nearSymmetry, type TargetColumns } from './symmetry.js';
import type { DiagnoseOptions, DiagnosticsReport, LayerReport } from './types.js';

/** The model behind a Network (DisposedError when it was disposed), or a ValueError. */
export function modelOf(net: unknown, op: string): Model {
  const model = typeof net === 'object' && net !== null ? (net as { model?: unknown }).model : undefined;
  if (!(model instanceof Model)) throw new ValueError(`${op}: net must be an sb.Network, got ${describe(net)}`);
  return model;
}

/** The probe data, checked against the network's inputs. */
export function probeData(model: Model, x: unknown, op: string, name = 'x'): Matrix {
  const m = toMatrix(x, name);
  if (m.cols !== model.arch.inputs) {
    throw new ShapeError(`${op}: ${name} has ${m.cols} columns, the network expects ${model.arch.inputs}`);
  }
  return m;
}

/** The loss that fits the last layer when none is given. */
function defaultLoss(last: LayerArchitecture): LossName {
  if (last.activation.name === 'sigmoid') return 'binaryCrossEntropy';
  if (last.activation.name === 'softmax') return 'categoricalCrossEntropy';
  return 'meanSquaredError';
}

/**
 * Diagnoses a network on probe data x (rows are samples): whether its units are symmetric
 * (and locked), saturated or dead, how the signal and, with targets y, the gradients propagate,
 * and how its kernels are conditioned. See DiagnosticsReport for every field and options.ts for
 * the thresholds. Throws ShapeError/ValueError for bad x, y or options, DisposedError for a
 * disposed network.
 */
export function diagnose(net: Network, x: MatrixLike, y?: Targets, options?: DiagnoseOptions): DiagnosticsReport {
  return diagnoseModel(modelOf(net, 'diagnose'), x, y, options);
}

/** @internal diagnose() on the model behind a network (fit uses it). */
export function diagnoseModel(model: Model, xIn: unknown, yIn: unknown, options: unknown): DiagnosticsReport {
  model.check();
  const opts = parseDiagnoseOptions(options, yIn !== undefined);
  const x = probeData(model, xIn, 'diagnose');
  const layers = model.layers;
  const L = layers.length - 1;
  let targets: TargetColumns | undefined;
  let lossName: LossName | undefined;
  if (yIn !== undefined) {
    lossName = parseLoss(opts.loss ?? defaultLoss(model.last), model.last);
    targets = parseTargets(yIn, lossName, model.last.units, x.rows);
  }

  const rows = x.rows;
  const ws = model.forwardOn(x);
  const report: DiagnosticsReport = {
    samples: rows,
    input: statsOf(ws.x, rows * model.arch.inputs),
    layers: [],
    findings: [],
  };
  let grads: { kernelNorm: number; biasNorm: number }[] | undefined;
  if (targets && lossName) {
    writeF32(ws.y, targets.m.data);
    const value = lossAndGradient(model, ws, lossName, targets.classIds, true);
    backward(layers, model.params, ws);
    grads = gradientNorms(layers, model.params);
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
      const locked = lockedGroups(groups, l, layers, model.params, l === L ? targets : undefined);
      const near = nearSymmetry(a, rows, layer.units, groups, scale, scratch);
      const spectrum = spectrumOf(model.params.kernel(l), layer.units, layer.inputs);
      const act = statsOf(a, n);
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
        saturation: saturationOf(layer, z, a, rows, opts, scratch),
        dead: deadUnitsOf(layer, z, rows, scratch),
        weights: {
          std: weightStd(model.params.kernel(l), layer.units * layer.inputs),
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
  report.findings = findingsOf({
    layers: report.layers,
    activations: layers.map((l) => l.activation),
    inputStd: report.input.std,
    gradientRatio: report.gradientRatio,
    thresholds: opts,
    loss: lossName ?? defaultLoss(model.last),
  });
  return report;
}
