// Saturation (tanh, sigmoid) and dead units (rectifiers), counted per column on the core.
//
// Saturated: tanh with |a| > tanhSaturation (0.99: tanh' = 1 - a² < 0.02), sigmoid with a outside
// [s, 1 - s] (s = sigmoidSaturation = 0.01: σ' = a(1 - a) < 0.0099). In that flat region the
// gradient through the unit is tiny, which is the lesson's reason for small initial weights.
// The bands are compared in float32, strictly. Other activations have no flat region of that
// kind and report 0.
//
// Negative on every sample: for the rectifier-like activations (the registry's `rectifier` rows),
// a unit whose pre-activation is <= 0 for every sample of x. For relu (flatNegative) it is dead:
// it passes no gradient; the others still pass their negative side's slope (leakyRelu's alpha,
// elu's and gelu's decaying tails), which the findings report as NEGATIVE_UNITS, not dead.
import type { F32Buffer } from '../core/buffer.js';
import { mean } from '../kernels/reduce.js';
import { colCountOutside } from '../kernels/diagnostics.js';
import { infoOf, type ActivationName } from '../registry/activations.js';
import type { LayerArchitecture } from '../nn/spec.js';
import type { Scratch } from './scratch.js';

/** Whether the dead-unit check applies to an activation (its registry row's `rectifier`). */
export function isRectifier(name: ActivationName): boolean {
  return infoOf(name).rectifier;
}

/** The float32 band outside which an activation counts as saturated, or undefined. */
export function saturationBand(
  activation: ActivationName,
  opts: { tanhSaturation: number; sigmoidSaturation: number },
): [number, number] | undefined {
  const kind = infoOf(activation).saturation;
  if (kind === 'tanh') return [-opts.tanhSaturation, opts.tanhSaturation];
  if (kind === 'sigmoid') return [opts.sigmoidSaturation, 1 - opts.sigmoidSaturation];
  return undefined;
}

/** Saturated fraction of a layer's activations and its mean derivative (deriv = f'(z), undefined for softmax). */
export function saturationOf(
  layer: LayerArchitecture,
  a: F32Buffer,
  deriv: F32Buffer | undefined,
  rows: number,
  opts: { tanhSaturation: number; sigmoidSaturation: number },
  scratch: Scratch,
): { fraction: number; meanDerivative?: number } {
  const { name } = layer.activation;
  const n = rows * layer.units;
  let fraction = 0;
  const band = saturationBand(name, opts);
  if (band) {
    const counts = scratch.i32(layer.units);
    colCountOutside(a, band[0], band[1], counts, rows, layer.units);
    let total = 0;
    for (const c of counts.read()) total += c;
    fraction = total / n;
  }
  if (deriv === undefined) return { fraction }; // softmax: no elementwise derivative
  return { fraction, meanDerivative: mean(deriv, n) };
}

/** Units of a rectifier-like layer that are never active (z <= 0 on every sample). */
export function deadUnitsOf(
  layer: LayerArchitecture,
  z: F32Buffer,
  rows: number,
  scratch: Scratch,
): { fraction: number; count: number; units: number[] } {
  if (!isRectifier(layer.activation.name)) return { fraction: 0, count: 0, units: [] };
  const counts = scratch.i32(layer.units);
  // Counts z > 0 (nothing is below -Infinity).
  colCountOutside(z, -Infinity, 0, counts, rows, layer.units);
  const active = counts.read();
  const units: number[] = [];
  for (let u = 0; u < layer.units; u++) if (active[u] === 0) units.push(u);
  return { fraction: units.length / layer.units, count: units.length, units };
}
