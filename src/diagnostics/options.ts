// The options of diagnose(): the thresholds behind every finding, with their defaults and the
// reason for each, checked before anything is computed (a ValueError names the option).
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import type { DiagnoseOptions, DiagnoseThresholds } from './types.js';

interface Rule {
  fallback: number;
  /** Allowed range: min <= v (or min < v when minOpen), v < max (or v <= max when maxClosed). */
  min: number;
  minOpen?: boolean;
  max: number;
  maxClosed?: boolean;
  what: string;
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
  symmetryTolerance: { fallback: 1e-5, min: 0, max: 1, what: 'a relative tolerance in [0, 1)' },
  tanhSaturation: { fallback: 0.99, min: 0, minOpen: true, max: 1, what: 'a number in (0, 1)' },
  sigmoidSaturation: { fallback: 0.01, min: 0, minOpen: true, max: 0.5, what: 'a number in (0, 0.5)' },
  saturatedFraction: { fallback: 0.2, min: 0, max: 1, what: 'a fraction in [0, 1)' },
  deadFraction: { fallback: 0.1, min: 0, max: 1, what: 'a fraction in [0, 1)' },
  vanishingSignal: { fallback: 1e-3, min: 0, minOpen: true, max: Infinity, what: 'a positive number' },
  explodingSignal: { fallback: 1e3, min: 0, minOpen: true, max: Infinity, what: 'a positive number' },
  vanishingGradient: { fallback: 1e-3, min: 0, minOpen: true, max: Infinity, what: 'a positive number' },
  explodingGradient: { fallback: 1e3, min: 0, minOpen: true, max: Infinity, what: 'a positive number' },
};

const KEYS = ['loss', ...Object.keys(RULES)];

export const DEFAULT_THRESHOLDS: Readonly<DiagnoseThresholds> = Object.freeze(
  Object.fromEntries(Object.entries(RULES).map(([k, r]) => [k, r.fallback])) as unknown as DiagnoseThresholds,
);

export interface ParsedOptions extends DiagnoseThresholds {
  loss: unknown;
}

/** Checks diagnose()'s options; `withTargets` says whether y was given (loss needs it). */
export function parseDiagnoseOptions(options: unknown, withTargets: boolean): ParsedOptions {
  if (options === undefined) return { ...DEFAULT_THRESHOLDS, loss: undefined };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`diagnose: options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) {
      throw new ValueError(`diagnose: unknown option '${key}' (known: ${KEYS.join(', ')})`);
    }
  }
  const out = { loss: o.loss } as ParsedOptions;
  for (const [key, rule] of Object.entries(RULES) as [keyof DiagnoseThresholds, Rule][]) {
    const v = o[key];
    if (v === undefined) {
      out[key] = rule.fallback;
      continue;
    }
    const ok =
      typeof v === 'number' &&
      !Number.isNaN(v) &&
      (rule.minOpen ? v > rule.min : v >= rule.min) &&
      (rule.maxClosed ? v <= rule.max : v < rule.max);
    if (!ok) {
      throw new ValueError(`diagnose: ${key} must be ${rule.what}, got ${typeof v === 'number' ? v : describe(v)}`);
    }
    out[key] = v as number;
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
