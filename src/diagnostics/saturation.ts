// Saturation (tanh, sigmoid) and dead units (rectifiers), counted per column on the core.
//
// Saturated: tanh with |a| > tanhSaturation (0.99: tanh' = 1 - a² < 0.02), sigmoid with a outside
// [s, 1 - s] (s = sigmoidSaturation = 0.01: σ' = a(1 - a) < 0.0099). In that flat region the
// gradient through the unit is tiny, which is the lesson's reason for small initial weights.
// The bands are compared in float32, strictly. Other activations have no flat region of that
// kind and report 0.
//
// Dead: for the rectifier-like activations (relu, leakyRelu, elu, gelu, softplus), a unit whose
// pre-activation is <= 0 for every sample of x. It then passes no gradient (relu), or only the
// small negative-side slope (leakyRelu's alpha, elu's and gelu's decaying tails).
import { activationGrad } from '../kernels/activations.js';
import { meanPtr } from '../kernels/reduce.js';
import { colCountOutsidePtr, readI32 } from '../kernels/diagnostics.js';
import type { LayerArchitecture } from '../nn/spec.js';
import type { Scratch } from './scratch.js';

export const RECTIFIERS: readonly string[] = ['relu', 'leakyRelu', 'elu', 'gelu', 'softplus'];

/** The float32 band outside which an activation counts as saturated, or undefined. */
export function saturationBand(
  activation: string,
  opts: { tanhSaturation: number; sigmoidSaturation: number },
): [number, number] | undefined {
  if (activation === 'tanh') return [-opts.tanhSaturation, opts.tanhSaturation];
  if (activation === 'sigmoid') return [opts.sigmoidSaturation, 1 - opts.sigmoidSaturation];
  return undefined;
}

/** Saturated fraction of a layer's activations and its mean derivative f'(z). */
export function saturationOf(
  layer: LayerArchitecture,
  zPtr: number,
  aPtr: number,
  rows: number,
  opts: { tanhSaturation: number; sigmoidSaturation: number },
  scratch: Scratch,
): { fraction: number; meanDerivative?: number } {
  const { name, alpha } = layer.activation;
  const n = rows * layer.units;
  let fraction = 0;
  const band = saturationBand(name, opts);
  if (band) {
    const counts = scratch.i32(layer.units);
    colCountOutsidePtr(aPtr, band[0], band[1], counts, rows, layer.units);
    let total = 0;
    for (const c of readI32(counts, layer.units)) total += c;
    fraction = total / n;
  }
  if (name === 'softmax') return { fraction };
  const g = scratch.f32(n);
  activationGrad(name, zPtr, g, n, alpha);
  return { fraction, meanDerivative: meanPtr(g, n) };
}

/** Units of a rectifier-like layer that are never active (z <= 0 on every sample). */
export function deadUnitsOf(
  layer: LayerArchitecture,
  zPtr: number,
  rows: number,
  scratch: Scratch,
): { fraction: number; count: number; units: number[] } {
  if (!RECTIFIERS.includes(layer.activation.name)) return { fraction: 0, count: 0, units: [] };
  const counts = scratch.i32(layer.units);
  // Counts z > 0 (nothing is below -Infinity).
  colCountOutsidePtr(zPtr, -Infinity, 0, counts, rows, layer.units);
  const active = readI32(counts, layer.units);
  const units: number[] = [];
  for (let u = 0; u < layer.units; u++) if (active[u] === 0) units.push(u);
  return { fraction: units.length / layer.units, count: units.length, units };
}
