// The elementwise samplers every random initializer is made of. Each element is computed in
// float64 from draws of the stream, then rounded once to float32 on store. Elements are drawn in
// row-major order, one after the other, so a matrix is reproducible from its stream alone.
import type { RandomStream } from './random.js';

/** out[i] = mean + std · z, z ~ N(0, 1). */
export function fillNormal(out: Float32Array, rng: RandomStream, mean: number, std: number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = mean + std * rng.normal();
  return out;
}

/** out[i] = min + (max - min) · u, u ~ U[0, 1). After rounding to float32, out[i] in [min, max]. */
export function fillUniform(out: Float32Array, rng: RandomStream, min: number, max: number): Float32Array {
  const width = max - min;
  for (let i = 0; i < out.length; i++) out[i] = min + width * rng.uniform();
  return out;
}

/**
 * out[i] = bound · (2u - 1), u ~ U[0, 1): U[-bound, bound) with one rounding, so the distribution
 * is exactly symmetric (2u - 1 is exact for the stream's 53-bit u).
 */
export function fillSymmetricUniform(out: Float32Array, rng: RandomStream, bound: number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = bound * (2 * rng.uniform() - 1);
  return out;
}

/**
 * out[i] = mean + sigma · z, z ~ N(0, 1) conditioned on |z| <= bound (redrawn otherwise, as
 * TensorFlow's truncated_normal does).
 */
export function fillTruncatedNormal(out: Float32Array, rng: RandomStream, mean: number, sigma: number, bound: number): Float32Array {
  for (let i = 0; i < out.length; i++) {
    let z = rng.normal();
    while (z > bound || z < -bound) z = rng.normal();
    out[i] = mean + sigma * z;
  }
  return out;
}
