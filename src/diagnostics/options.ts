// The options of diagnose(): the thresholds behind every finding, with their defaults and the
// reason for each, checked before anything is computed (a ValueError names the option).
import { ValueError } from '../errors.js';
import { anyOption, numberOption, parseOptions, type NumberRange, type OptionRule } from '../util/options.js';
import type { DiagnoseOptions, DiagnoseThresholds } from './types.js';

interface Rule {
  fallback: number;
  range: NumberRange;
}

/**
 * Defaults:
 * - symmetryTolerance 1e-5: two units are symmetric when their activation columns differ by at
 *   most this times the larger column's max |a| (about 170 float32 ulps of the column's largest
 *   value); 0 means bit-identical only. Identical units are bit-identical (the core's arithmetic
 *   does not depend on a unit's position), so the tolerance only decides near-copies.
 * - tanhSaturation 0.99: |tanh| > 0.99 is the flat region (tanh' < 0.02).
 * - sigmoidSaturation 0.01: sigmoid outside [0.01, 0.99] (σ' < 0.0099).
 * - saturatedFraction 0.2: SATURATION when more than 20% of a layer's activations are saturated.
 * - deadFraction 0.1: DEAD_UNITS when more than 10% of a layer's units are dead (an error when
 *   all are).
 * - vanishingSignal 1e-3 / explodingSignal 1e3: VANISHING_SIGNAL (EXPLODING_SIGNAL) when a
 *   hidden layer's pre-activation std falls below 1e-3 times (rises above 1e3 times) the std of
 *   x: three orders of magnitude lost or gained through depth.
 * - vanishingGradient 1e-3 / explodingGradient 1e3: with y, VANISHING_GRADIENT
 *   (EXPLODING_GRADIENT) when the first layer's kernel gradient norm is below 1e-3 times (above
 *   1e3 times) the last layer's.
 */
const RULES: Record<keyof DiagnoseThresholds, Rule> = {
  symmetryTolerance: { fallback: 1e-5, range: { min: 0, below: 1 } },
  tanhSaturation: { fallback: 0.99, range: { above: 0, below: 1 } },
  sigmoidSaturation: { fallback: 0.01, range: { above: 0, below: 0.5 } },
  saturatedFraction: { fallback: 0.2, range: { min: 0, below: 1 } },
  deadFraction: { fallback: 0.1, range: { min: 0, below: 1 } },
  vanishingSignal: { fallback: 1e-3, range: { above: 0 } },
  explodingSignal: { fallback: 1e3, range: { above: 0 } },
  vanishingGradient: { fallback: 1e-3, range: { above: 0 } },
  explodingGradient: { fallback: 1e3, range: { above: 0 } },
};

const SCHEMA: Record<string, OptionRule> = {
  loss: anyOption(),
  history: anyOption(),
  steps: numberOption({ integer: true, min: 0 }),
  ...Object.fromEntries(Object.entries(RULES).map(([k, r]) => [k, numberOption(r.range)])),
};

export const DEFAULT_THRESHOLDS: Readonly<DiagnoseThresholds> = Object.freeze(
  Object.fromEntries(Object.entries(RULES).map(([k, r]) => [k, r.fallback])) as unknown as DiagnoseThresholds,
);

export interface ParsedOptions extends DiagnoseThresholds {
  loss: unknown;
  history: unknown;
  steps: number | undefined;
}

/** Checks diagnose()'s options; `withTargets` says whether y was given (loss needs it). */
export function parseDiagnoseOptions(options: unknown, withTargets: boolean): ParsedOptions {
  const o = parseOptions(options, 'diagnose', SCHEMA);
  const out = { ...DEFAULT_THRESHOLDS, loss: o.loss, history: o.history, steps: o.steps } as ParsedOptions;
  for (const key of Object.keys(RULES) as (keyof DiagnoseThresholds)[]) {
    if (o[key] !== undefined) out[key] = o[key] as number;
  }
  if (out.vanishingSignal >= out.explodingSignal) {
    throw new ValueError(
      `diagnose: vanishingSignal (${out.vanishingSignal}) must be below explodingSignal (${out.explodingSignal})`,
    );
  }
  if (out.vanishingGradient >= out.explodingGradient) {
    throw new ValueError(
      `diagnose: vanishingGradient (${out.vanishingGradient}) must be below explodingGradient (${out.explodingGradient})`,
    );
  }
  if (o.loss !== undefined && !withTargets) {
    throw new ValueError('diagnose: the loss option is used only with y (the targets for the gradients): pass y too');
  }
  return out;
}

export type { DiagnoseOptions };
