// Initializers with fixed parameters (not depending on the fans).
import { ValueError } from '../errors.js';
import { truncatedNormalStd } from '../util/float64.js';
import { makeInitializer, numberOption, readOptions, type Initializer, type Law } from './initializer.js';
import type { RandomStream } from './random.js';
import { fillNormal, fillTruncatedNormal, fillUniform } from './sampling.js';

/** The same sampler for a kernel (fanIn x fanOut values) and a bias (units values). */
function elementwise(name: string, config: Record<string, unknown>, fill: (out: Float32Array, rng: RandomStream) => Float32Array, law?: Law): Initializer {
  return makeInitializer(
    name,
    config,
    (fanIn, fanOut, rng) => fill(new Float32Array(fanIn * fanOut), rng),
    (units, _fanIn, rng) => fill(new Float32Array(units), rng),
    law ? { kernel: () => law, bias: () => law } : undefined,
  );
}

export interface RandomNormalOptions {
  /** Default 0. */
  mean?: number;
  /** Standard deviation, >= 0; default 0.05 (Keras's RandomNormal). */
  std?: number;
}

/** W ~ N(mean, std²) (torch.nn.init.normal_, keras RandomNormal). */
export function randomNormal(options?: RandomNormalOptions): Initializer {
  const o = readOptions('randomNormal', options, ['mean', 'std']);
  const mean = numberOption('randomNormal', o, 'mean', 0);
  const std = numberOption('randomNormal', o, 'std', 0.05, { min: 0 });
  return elementwise('randomNormal', { mean, std }, (out, rng) => fillNormal(out, rng, mean, std), { kind: 'normal', mean, std });
}

export interface RandomUniformOptions {
  /** Default -0.05. */
  min?: number;
  /** Default 0.05; must be >= min. */
  max?: number;
}

/**
 * W ~ U[min, max) (torch.nn.init.uniform_, keras RandomUniform). Every explicit value is used as
 * given, 0 included (tfjs's randomUniform({minval: 0}) became -0.05).
 */
export function randomUniform(options?: RandomUniformOptions): Initializer {
  const o = readOptions('randomUniform', options, ['min', 'max']);
  const min = numberOption('randomUniform', o, 'min', -0.05);
  const max = numberOption('randomUniform', o, 'max', 0.05);
  if (!(min <= max)) throw new ValueError(`randomUniform: min must be <= max, got min = ${min}, max = ${max}`);
  if (!Number.isFinite(max - min)) {
    throw new ValueError(`randomUniform: max - min must be finite, got min = ${min}, max = ${max}`);
  }
  return elementwise('randomUniform', { min, max }, (out, rng) => fillUniform(out, rng, min, max), { kind: 'uniform', low: min, high: max });
}

export interface TruncatedNormalOptions {
  /** Default 0. */
  mean?: number;
  /** The standard deviation of the samples themselves, >= 0; default 0.05. */
  std?: number;
  /** Where the underlying normal is cut, in units of its own sigma, > 0; default 2. */
  bound?: number;
}

/**
 * W = mean + sigma·z, z ~ N(0, 1) redrawn until |z| <= bound, with sigma = std / s(bound) where
 * s(bound) is the standard deviation of a unit normal truncated at ±bound (0.87962566103423978 for
 * bound 2, as Keras's VarianceScaling uses): the samples' standard deviation is `std`, and every
 * sample lies within mean ± bound·sigma. (tf.keras.initializers.TruncatedNormal does not widen,
 * so its samples have std 0.88·stddev.)
 */
export function truncatedNormal(options?: TruncatedNormalOptions): Initializer {
  const o = readOptions('truncatedNormal', options, ['mean', 'std', 'bound']);
  const mean = numberOption('truncatedNormal', o, 'mean', 0);
  const std = numberOption('truncatedNormal', o, 'std', 0.05, { min: 0 });
  const bound = numberOption('truncatedNormal', o, 'bound', 2, { min: 0, exclusive: true });
  const sigma = std / truncatedNormalStd(bound);
  return elementwise('truncatedNormal', { mean, std, bound }, (out, rng) => fillTruncatedNormal(out, rng, mean, sigma, bound));
}

export interface ScaledNormalOptions {
  /** >= 0; default 0.01. */
  scale?: number;
}

/**
 * W = scale · N(0, 1): the lesson's `np.random.randn(n, m) * 0.01`. Fine for a shallow tanh or
 * sigmoid network; in deep ones the signal shrinks by about scale·sqrt(fanIn) per layer.
 */
export function scaledNormal(options?: ScaledNormalOptions): Initializer {
  const o = readOptions('scaledNormal', options, ['scale']);
  const scale = numberOption('scaledNormal', o, 'scale', 0.01, { min: 0 });
  return elementwise('scaledNormal', { scale }, (out, rng) => fillNormal(out, rng, 0, scale), { kind: 'normal', mean: 0, std: scale });
}
