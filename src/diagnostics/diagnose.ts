// diagnose(net, x, y?, options): one forward pass on the probe data x (and, with targets y, one
// backward pass), then per layer the symmetry, saturation, dead units, signal and weight
// statistics, all computed on the core, and the findings that follow from them.
//
// The network is not changed: its weights, biases and optimizer state stay as they were. The
// core buffers it reuses are scratch (the workspace of x's batch size and the gradient block,
// which every training step recomputes before use).
import { viewOf, type Network, type Targets } from '../nn/network.js';
import type { NetworkView } from '../nn/model.js';
import { inputMatrix } from '../nn/inputs.js';
import { defaultLoss, parseLoss, parseTargets, type LossName } from '../nn/losses.js';
import type { TensorLike } from '../core/tensor.js';
import { findingsOf } from './findings.js';
import { parseDiagnoseOptions } from './options.js';
import { deadUnitsOf, saturationOf } from './saturation.js';
import { Scratch } from './scratch.js';
import { gradientNorms, gradientRatioOf, statsOf, weightStd } from './signal.js';
import { spectrumOf } from './spectrum.js';
import { groupColumns, lockedGroups, nearSymmetry, type TargetColumns } from './symmetry.js';
import type { DiagnoseOptions, DiagnosticsReport, LayerReport } from './types.js';

/**
 * Diagnoses a network on probe data x (rows are samples): whether its units are symmetric
 * (and locked), saturated or dead, how the signal and, with targets y, the gradients propagate,
 * and how its kernels are conditioned. See DiagnosticsReport for every field and options.ts for
 * the thresholds. Throws ShapeError/ValueError for bad x, y or options, DisposedError for a
 * disposed network.
 */
export function diagnose(net: Network, x: TensorLike, y?: Targets, options?: DiagnoseOptions): DiagnosticsReport {
  return diagnoseView(viewOf(net, 'diagnose'), x, y, options);
}

/** diagnose() on a network's view (fit's diagnostics use it). */
export function diagnoseView(model: NetworkView, xIn: unknown, yIn: unknown, options: unknown): DiagnosticsReport {
  model.check();
  const opts = parseDiagnoseOptions(options, yIn !== undefined);
  const x = inputMatrix(model.arch, xIn, 'diagnose');
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
