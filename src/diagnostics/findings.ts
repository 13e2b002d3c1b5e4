// Findings: what the measurements mean, in plain language, with a concrete fix that names an
// initializer and a gain fitted to the layer's activation. The thresholds are in options.ts.
//
// Which layers each finding looks at:
// - SYMMETRIC_UNITS: hidden layers; on the last layer only locked groups (output units with
//   different targets get different gradients, so a zero-initialized output layer is fine). A
//   group made only of dead units that is not locked is left to DEAD_UNITS.
// - SATURATION: every layer, except a sigmoid last layer trained with binary cross-entropy
//   (given, or the default when y is absent): that loss is computed from the logits, so its
//   gradient p - y does not go through σ' and a confident output is what training aims for.
// - VANISHING_SIGNAL / EXPLODING_SIGNAL: hidden layers, relative to the std of x (1 when x is
//   constant); the last layer's scale is the output's business (the lesson's one-hidden-layer
//   network with 0.01 has a tiny output and trains fine). Non-finite values anywhere are an
//   EXPLODING_SIGNAL error.
// - VANISHING_GRADIENT / EXPLODING_GRADIENT: with y, the first/last kernel gradient norm ratio;
//   every kernel gradient exactly 0 is a VANISHING_GRADIENT error.
import { infoOf } from '../registry/activations.js';
import type { Activation } from '../nn/activation.js';
import type { LossName } from '../nn/losses.js';
import type { DiagnoseThresholds, Finding, LayerReport, Severity } from './types.js';

/** A short number for messages: 4 significant digits, exponent form outside [1e-3, 1e4). */
export function num(v: number | undefined): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    return `${m}e${e}`;
  }
  return String(Number(v.toPrecision(4)));
}

function pct(f: number): string {
  return `${num(100 * f)}%`;
}

/** The initializer and gain that fit an activation, as code a user can paste (the registry's row). */
export function recommendedInit(activation: Activation): { code: string; gainText: string } {
  return infoOf(activation.name).recommend(activation.alpha, num);
}

function initAdvice(l: number, activation: Activation): string {
  const r = recommendedInit(activation);
  return `layer ${l} uses ${activation.name}: try kernelInit: ${r.code} (${r.gainText})`;
}

function unitList(units: number[], max = 8): string {
  if (units.length <= max) return `{${units.join(',')}}`;
  return `{${units.slice(0, max - 1).join(',')},...,${units[units.length - 1]}} (${units.length} units)`;
}

function groupList(groups: number[][], max = 3): string {
  const shown = groups.slice(0, max).map((g) => unitList(g)).join(', ');
  return groups.length > max ? `${shown} and ${groups.length - max} more groups` : shown;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface FindingsInput {
  layers: LayerReport[];
  activations: readonly Activation[];
  inputStd: number;
  gradientRatio?: number;
  thresholds: DiagnoseThresholds;
  /** The loss the last layer is (or would be) trained with. */
  loss: LossName;
}

function symmetryFindings(l: number, last: boolean, r: LayerReport, act: Activation): Finding[] {
  const { groups, locked, distinctUnits } = r.symmetry;
  const dead = new Set(r.dead.units);
  const lockedGroups = groups.filter((_, i) => locked[i]);
  const freeGroups = groups.filter((g, i) => !locked[i] && !last && g.some((u) => !dead.has(u)));
  if (lockedGroups.length === 0 && freeGroups.length === 0) return [];
  const fix =
    `Initialize the kernel randomly to break the symmetry: ${initAdvice(l, act)}; the bias may stay zero. ` +
    'A zero or constant kernel can never be trained out of it.';
  if (lockedGroups.length > 0) {
    const why = last
      ? 'equal incoming weights and bias, and equal targets'
      : 'equal incoming weights and bias, and equal outgoing weights in the next layer';
    let message =
      `Units ${groupList(lockedGroups)} of layer ${l} compute the same function on x and are locked (${why}): ` +
      `every gradient step keeps them equal, so the layer works as ${plural(distinctUnits, 'distinct unit')} of ${r.units}.`;
    if (freeGroups.length > 0) message += ` Units ${groupList(freeGroups)} are symmetric too, but not locked.`;
    const next = last ? '' : ` Give layer ${l + 1} a random kernel too: its columns for these units are equal.`;
    return [{ severity: 'error', code: 'SYMMETRIC_UNITS', layer: l, message, suggestion: fix + next }];
  }
  return [
    {
      severity: 'warning',
      code: 'SYMMETRIC_UNITS',
      layer: l,
      message:
        `Units ${groupList(freeGroups)} of layer ${l} compute the same function on x ` +
        `(${distinctUnits} distinct of ${r.units}); their outgoing weights differ, so training can separate them, ` +
        'but they start with no diversity.',
      suggestion: fix,
    },
  ];
}

function bandText(activation: string, t: DiagnoseThresholds): string {
  return activation === 'tanh' ? `|a| > ${t.tanhSaturation}` : `a outside [${t.sigmoidSaturation}, ${1 - t.sigmoidSaturation}]`;
}

/** One SATURATION finding for all saturated layers (a deep net saturates in many at once), at the first. */
function saturationFindings(input: FindingsInput): Finding[] {
  const { layers, activations, thresholds: t } = input;
  const L = layers.length - 1;
  const logitLoss = activations[L]!.name === 'sigmoid' && input.loss === 'binaryCrossEntropy';
  const hit = layers
    .map((r, l) => ({ r, l }))
    .filter(({ r, l }) => r.saturation.fraction > t.saturatedFraction && !(l === L && logitLoss));
  if (hit.length === 0) return [];
  const { r, l } = hit[0]!;
  const act = activations[l]!;
  let message: string;
  if (hit.length === 1) {
    message =
      `${pct(r.saturation.fraction)} of layer ${l}'s ${act.name} activations are saturated (${bandText(act.name, t)}); ` +
      `the mean derivative is ${num(r.saturation.meanDerivative)}: gradients through this layer are small, so learning is slow.`;
  } else {
    const shown = hit.slice(0, 5).map((h) => `layer ${h.l} (${pct(h.r.saturation.fraction)})`);
    if (hit.length > 5) shown.push(`... layer ${hit[hit.length - 1]!.l}`);
    const names = [...new Set(hit.map((h) => activations[h.l]!.name))];
    const bands = names.map((name) => `${bandText(name, t)} for ${name}`).join(', ');
    const minDerivative = Math.min(...hit.map((h) => h.r.saturation.meanDerivative ?? Infinity));
    message =
      `${hit.length} layers are saturated (${bands}): ${shown.join(', ')}; ` +
      `the mean derivative falls to ${num(minDerivative)}: gradients through them are small, so learning is slow.`;
  }
  return [
    {
      severity: 'warning',
      code: 'SATURATION',
      layer: l,
      message,
      suggestion:
        `Layer ${l}'s pre-activations have std ${num(r.preactivation.std)} (x has std ${num(input.inputStd)}); ` +
        'aim for about 1: ' +
        (input.inputStd > 1.5 ? 'standardize the inputs (zero mean, unit std per feature), ' : '') +
        `scale the weights to the fan-in (${initAdvice(l, act)}${hit.length > 1 ? ' on every layer' : ''}), ` +
        'or run await sb.lsuv(net, x), which fits each layer to x.',
    },
  ];
}

function deadFinding(l: number, r: LayerReport, act: Activation, t: DiagnoseThresholds): Finding[] {
  const { count, fraction, units } = r.dead;
  if (count === 0 || !(fraction > t.deadFraction)) return [];
  const all = count === r.units;
  const leak = act.name === 'relu' ? '' : ` beyond the small negative-side slope of ${act.name}`;
  return [
    {
      severity: all ? 'error' : 'warning',
      code: 'DEAD_UNITS',
      layer: l,
      message:
        `${count} of ${r.units} ${act.name} units of layer ${l} ${unitList(units)} are never active on x ` +
        `(pre-activation <= 0 for every sample), so they pass no gradient${leak}` +
        (all ? ': nothing flows through this layer.' : '.'),
      suggestion:
        `Check the biases and the kernel scale: ${initAdvice(l, act)} with biasInit: 'zeros' (large negative biases kill units)` +
        (act.name === 'relu' ? ", or activation: 'leakyRelu'." : '.'),
    },
  ];
}

function signalFindings(input: FindingsInput): Finding[] {
  const { layers, activations, thresholds: t } = input;
  const out: Finding[] = [];
  const bad = layers.findIndex((r) => !Number.isFinite(r.preactivation.std) || !Number.isFinite(r.activation.std));
  if (bad >= 0) {
    out.push({
      severity: 'error',
      code: 'EXPLODING_SIGNAL',
      layer: bad,
      message: `Layer ${bad}'s values are not finite on x (pre-activation std ${num(layers[bad]!.preactivation.std)}): the signal overflowed.`,
      suggestion: `Scale the weights to the fan-in: ${initAdvice(bad, activations[bad]!)}, or run await sb.lsuv(net, x).`,
    });
    return out;
  }
  const s0 = input.inputStd > 0 ? input.inputStd : 1;
  const hidden = layers.length - 1;
  const ratio = (l: number): number => layers[l]!.preactivation.std / s0;
  const first = (pred: (r: number) => boolean): number => {
    for (let l = 0; l < hidden; l++) if (pred(ratio(l))) return l;
    return -1;
  };
  const describeDepth = (l: number, pick: (a: number, b: number) => boolean): string => {
    let worst = l;
    for (let k = l + 1; k < hidden; k++) if (pick(ratio(k), ratio(worst))) worst = k;
    const perLayer = ratio(l) > 0 && l > 0 ? ` (about x${num(ratio(l) ** (1 / (l + 1)))} per layer)` : '';
    const deeper = worst !== l ? `, and ${num(ratio(worst))} at layer ${worst}` : '';
    return `${perLayer}${deeper}`;
  };
  const v = first((r) => r < t.vanishingSignal);
  if (v >= 0) {
    const r = ratio(v);
    out.push({
      severity: 'warning',
      code: 'VANISHING_SIGNAL',
      layer: v,
      message:
        (r === 0
          ? `Layer ${v}'s pre-activations are all equal on x (std 0): the layer passes no information about x.`
          : `At layer ${v} the pre-activation std is ${num(r)} times the input's${describeDepth(v, (a, b) => a < b)}: ` +
            'the signal fades with depth, so the layers after it see almost nothing of x.'),
      suggestion: `Keep the variance through depth: ${initAdvice(v, activations[v]!)} on every layer, or run await sb.lsuv(net, x).`,
    });
  }
  const e = first((r) => r > t.explodingSignal);
  if (e >= 0) {
    out.push({
      severity: 'warning',
      code: 'EXPLODING_SIGNAL',
      layer: e,
      message:
        `At layer ${e} the pre-activation std is ${num(ratio(e))} times the input's${describeDepth(e, (a, b) => a > b)}: ` +
        'the signal grows with depth (saturating tanh/sigmoid, overflowing relu).',
      suggestion: `Use smaller weights: ${initAdvice(e, activations[e]!)} on every layer, or run await sb.lsuv(net, x).`,
    });
  }
  return out;
}

function gradientFindings(input: FindingsInput): Finding[] {
  const { layers, activations, thresholds: t, gradientRatio } = input;
  if (gradientRatio === undefined) return [];
  const norms = layers.map((r) => r.gradient!.kernelNorm);
  const act0 = activations[0]!;
  if (norms.some((n) => !Number.isFinite(n))) {
    const l = norms.findIndex((n) => !Number.isFinite(n));
    return [
      {
        severity: 'error',
        code: 'EXPLODING_GRADIENT',
        layer: l,
        message: `Layer ${l}'s kernel gradient is not finite on (x, y).`,
        suggestion: `Use smaller weights: ${initAdvice(l, activations[l]!)}, or run await sb.lsuv(net, x).`,
      },
    ];
  }
  if (norms.every((n) => n === 0)) {
    return [
      {
        severity: 'error',
        code: 'VANISHING_GRADIENT',
        layer: 0,
        message:
          'No kernel receives a gradient on (x, y): every weight gradient is exactly 0, so training can only move the biases ' +
          '(zero kernels in consecutive layers block every path).',
        suggestion: `Initialize the kernels randomly: ${initAdvice(0, act0)}, and likewise for the other layers.`,
      },
    ];
  }
  if (layers.length < 2 || Number.isNaN(gradientRatio)) return [];
  const L = layers.length - 1;
  const detail = `(${num(norms[0])} vs ${num(norms[L])})`;
  const ratio = (what: string): string =>
    `The first layer's kernel gradient norm is ${num(gradientRatio)} times the last layer's ${detail}: ${what}`;
  const everyLayer = `${initAdvice(0, act0)} (and the fitting initializer on every layer), or run await sb.lsuv(net, x).`;
  if (gradientRatio < t.vanishingGradient) {
    const saturated = layers.findIndex((r) => r.saturation.fraction > t.saturatedFraction);
    const cause = saturated >= 0 ? ` Layer ${saturated} is saturated: its flat activations block the gradient.` : '';
    const message = ratio(`the early layers learn far more slowly than the late ones.${cause}`);
    return [{ severity: 'warning', code: 'VANISHING_GRADIENT', layer: 0, message, suggestion: everyLayer }];
  }
  if (gradientRatio > t.explodingGradient) {
    const message = ratio('gradients grow on their way back, so the early layers take huge, unstable steps.');
    return [{ severity: 'warning', code: 'EXPLODING_GRADIENT', layer: 0, message, suggestion: `Use smaller weights: ${everyLayer}` }];
  }
  return [];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every finding of a report, errors first, then by layer. */
export function findingsOf(input: FindingsInput): Finding[] {
  const { layers, activations, thresholds } = input;
  const out: Finding[] = [];
  layers.forEach((r, l) => {
    const act = activations[l]!;
    out.push(...symmetryFindings(l, l === layers.length - 1, r, act));
    out.push(...deadFinding(l, r, act, thresholds));
  });
  out.push(...saturationFindings(input));
  out.push(...signalFindings(input));
  out.push(...gradientFindings(input));
  // Array.prototype.sort is stable: same severity and layer keep the order above.
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.layer - b.layer);
}
