// What every finding is judged against: when the report was taken, whether the network is
// learning, how each kernel's scale compares with the one its activation needs, and how to
// write a fix that changes something.
import { infoOf } from '../registry/activations.js';
import type { LayerArchitecture } from '../nn/spec.js';
import type { LossName } from '../nn/losses.js';
import { changedLayers, type Fix, type LayerProposal } from './fix.js';
import { num } from './text.js';
import type { DiagnoseThresholds, LayerReport, Phase, TrainingReport } from './types.js';

/** Below this many probe samples the dead-unit and unlocked-symmetry verdicts are only info. */
export const MIN_PROBE = 32;

/** A kernel whose gain is outside [1/2, 2] times its activation's is off scale. */
export const SCALE_BAND = 2;

/** Input features whose spread is outside [1/3, 3] are not standardized. */
export const INPUT_BAND = 3;

export interface Judge {
  readonly layers: readonly LayerReport[];
  readonly arch: readonly LayerArchitecture[];
  readonly t: DiagnoseThresholds;
  readonly loss: LossName;
  readonly phase: Phase;
  readonly steps?: number;
  readonly samples: number;
  /** Per-feature spread of x (RMS of the features' std). */
  readonly inputSpread: number;
  /** RMS of the features' means: how far off zero x sits. */
  readonly inputOffset: number;
  readonly training?: TrainingReport;
  /** Each kernel's std over the one its recommended initializer draws (referenceStd): 1 is on scale. */
  readonly gains: number[];
  /** The same at initialization (from the spec and seed): set after training, to tell training's damage from the init's. */
  readonly initialGains?: number[];
  /** Set or loaded weights: the layers whose kernel or bias the spec's initializers did not give. */
  readonly notFromSpec?: { kernel: number[]; bias: number[] };
  /** The measured learning-rate fix when the loss diverged. */
  readonly learningRateFix?: Fix | null;
  /** With y: the loss on (x, y) now, and the loss of the best constant prediction. */
  readonly lossNow?: { value: number; constant: number };
}

/** "at initialization", "after 1200 training steps", ... for every message. */
export function when(j: Judge): string {
  if (j.phase === 'initialization') return 'at initialization';
  if (j.phase === 'unknown') return 'on set or loaded weights';
  return j.steps !== undefined ? `after ${j.steps} training step${j.steps === 1 ? '' : 's'}` : 'after training';
}

/**
 * Judged as a starting point: before any training step, or weights that were set or loaded with
 * no history to say they trained (a user scaling weights to see what happens is starting a run).
 * The findings about the initialization then speak as warnings.
 */
export function fresh(j: Judge): boolean {
  if (j.phase === 'initialization') return true;
  // Set or loaded weights whose loss on (x, y) is well below a constant prediction's have learned.
  if (j.phase === 'unknown') return !(j.lossNow !== undefined && j.lossNow.value < LEARNED * j.lossNow.constant);
  return false;
}

/** A loss below this fraction of a constant prediction's is a network that learned (set, loaded or trained). */
const LEARNED = 0.5;

/**
 * Trained, and not stuck: the loss is not flat or diverging and (with y) ended below half what a
 * constant prediction gets. Saturation and dead units are then what learning looks like.
 */
export function learning(j: Judge): boolean {
  if (fresh(j)) return false;
  const t = j.training;
  if (t?.trend === 'flat' || t?.trend === 'diverging') return false;
  if (t?.constantLoss !== undefined && t.losses.length > 0 && !(t.losses[t.losses.length - 1]! < LEARNED * t.constantLoss)) return false;
  // The loss now, on (x, y): not learning while not clearly better than a constant prediction.
  return !(j.lossNow !== undefined && !(j.lossNow.value < LEARNED * j.lossNow.constant));
}

export function smallProbe(j: Judge): boolean {
  return j.samples < MIN_PROBE;
}

/** The last layer's loss is computed from its logits (its derivative is not in the gradient). */
export function logitLoss(j: Judge): boolean {
  const name = j.arch[j.arch.length - 1]!.activation.name;
  return (name === 'sigmoid' && j.loss === 'binaryCrossEntropy') || (name === 'softmax' && j.loss === 'categoricalCrossEntropy');
}

/** The registry's initializer for layer l's activation (glorot for an output layer). */
export function recommended(j: Judge, l: number): { init: { name: string; config: Record<string, number> }; code: string; gainText: string } {
  const a = j.arch[l]!.activation;
  return infoOf(a.name).recommend(a.alpha, num);
}

/** The gain a kernel of layer l needs: its activation's (1 on the last layer, whose scale is the output's). */
export function neededGain(arch: readonly LayerArchitecture[], l: number): number {
  if (l === arch.length - 1) return 1;
  const a = arch[l]!.activation;
  return infoOf(a.name).gain(a.alpha);
}

/**
 * The std the recommended initializer draws for layer l's shape: the needed gain over
 * sqrt(fanIn), or for Glorot's over sqrt((fanIn + fanOut) / 2). A kernel's scale is judged
 * against this, so a Glorot layer from 2 inputs to 16 units is on scale although its std is
 * 0.47 of a fan-in-scaled one.
 */
export function referenceStd(arch: readonly LayerArchitecture[], l: number): number {
  const layer = arch[l]!;
  const a = layer.activation;
  const glorot = infoOf(a.name).recommend(a.alpha, num).init.name.startsWith('glorot');
  return neededGain(arch, l) / Math.sqrt(glorot ? (layer.inputs + layer.units) / 2 : layer.inputs);
}

/**
 * Layer l's kernel is off scale now but was not at initialization: training grew it (steps too
 * large), so re-initializing is not the fix.
 */
export function grewInTraining(j: Judge, l: number): boolean {
  return j.phase === 'training' && j.initialGains !== undefined && j.initialGains[l]! <= SCALE_BAND && j.gains[l]! > SCALE_BAND;
}

/** The learning-rate fix: measured when the history diverged, else a tenth of the rate used; null when no rate is known (the finding's message says why). */
export function lowerRateFix(j: Judge, why = 'the kernels were fan-in-scaled at initialization and training grew them'): Fix | null {
  if (j.learningRateFix) return j.learningRateFix;
  const lr = j.training?.learningRate;
  if (lr === undefined) return null;
  return { text: `Train with a smaller learning rate, for example ${num(lr / 10)}: ${why}.`, learningRate: Math.fround(lr / 10) };
}

export function tooSmall(j: Judge, l: number): boolean {
  return j.gains[l]! < 1 / SCALE_BAND;
}

export function tooLarge(j: Judge, l: number): boolean {
  return j.gains[l]! > SCALE_BAND;
}

/** Input features that spread, or sit off zero, by more than INPUT_BAND: fan-in-scaled kernels still make large pre-activations. */
export function inputsTooLarge(j: Judge): boolean {
  return j.inputSpread > INPUT_BAND || j.inputOffset > INPUT_BAND;
}

/** The recommended kernel for each of `layers`, as a proposal. */
export function rescale(j: Judge, layers: number[]): LayerProposal[] {
  return layers.map((l) => ({ layer: l, kernelInit: recommended(j, l).init }));
}

/** The words for the recommended kernel of the layers a fix changes. */
export function initWords(j: Judge, layers: number[]): string {
  const byCode = new Map<string, number[]>();
  for (const l of layers) {
    const r = recommended(j, l);
    const key = `${r.code} (${r.gainText})`;
    byCode.set(key, [...(byCode.get(key) ?? []), l]);
  }
  return [...byCode].map(([code, ls]) => `kernelInit: ${code} on ${ls.length === 1 ? `layer ${ls[0]}` : `layers ${ls.join(', ')}`}`).join('; ');
}

/**
 * A fix from proposals, with what the network already uses removed; null when nothing is left
 * and there is no training-side change.
 */
export function makeFix(
  j: Judge,
  text: (changed: number[]) => string,
  proposals: LayerProposal[],
  extra: { learningRate?: number; standardizeInputs?: boolean } = {},
): Fix | null {
  const layers = changedLayers(j.arch, proposals, j.notFromSpec);
  if (!layers && extra.learningRate === undefined && !extra.standardizeInputs) return null;
  const fix: Fix = { text: text(layers?.map((f) => f.layer) ?? []) };
  if (layers) fix.layers = layers;
  if (extra.learningRate !== undefined) fix.learningRate = extra.learningRate;
  if (extra.standardizeInputs) fix.standardizeInputs = true;
  return fix;
}

/** The fix that re-initializes `layers` with their recommended kernels (null when they have them). */
export function rescaleFix(j: Judge, layers: number[], why: string): Fix | null {
  return makeFix(j, (changed) => `${why}: ${initWords(j, changed)}.`, rescale(j, layers));
}

/** Layers (up to `upTo`) whose kernel is off scale, small or large as asked. */
export function offScale(j: Judge, upTo: number, kind: 'small' | 'large' | 'any'): number[] {
  const out: number[] = [];
  for (let l = 0; l <= upTo; l++) {
    if ((kind !== 'large' && tooSmall(j, l)) || (kind !== 'small' && tooLarge(j, l))) out.push(l);
  }
  return out;
}
