// What every initializer is: a name, a JSON-able config that rebuilds it, and two samplers.
// Also the shared argument checks, so every initializer validates the same way.
import { ShapeError, ValueError } from '../errors.js';
import { describe, firstNonFinite, type Matrix } from '../util/matrix.js';
import { isRandomStream, type RandomStream } from './random.js';
import { anyOption, checkValue, choiceOption as choiceRule, numberOption as rangeOption, parseOptions } from '../util/options.js';

/**
 * An initializer: `sample(fanIn, fanOut, rng)` returns a fanOut x fanIn weight matrix (a layer's
 * kernel is [units, inputs], so fanIn = inputs and fanOut = units); `sampleBias(units, fanIn, rng)`
 * a layer's bias. `{ name, config }` is all it takes to rebuild it (`init.fromConfig`). An
 * initializer holds no random state: every draw comes from the stream passed in, so one object
 * used with two streams gives two different matrices.
 */
export interface Initializer {
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
  sample(fanIn: number, fanOut: number, rng: RandomStream): Matrix;
  sampleBias(units: number, fanIn: number, rng: RandomStream): Float32Array;
  /**
   * The distribution a kernel of these fans is drawn from, when it is one numpy draws directly
   * (networks with `rng: 'numpy'`); absent for the rest (orthogonal, truncated, sparse, ...).
   */
  readonly law?: (fanIn: number, fanOut: number) => Law;
  /** The same for a bias of `units` in a layer of `fanIn` inputs. */
  readonly biasLaw?: (units: number, fanIn: number) => Law;
}

/** A distribution as numpy draws it: `normal(mean, std)`, `uniform(low, high)`, or a constant (no draw). */
export type Law = { kind: 'normal'; mean: number; std: number } | { kind: 'uniform'; low: number; high: number } | { kind: 'constant'; value: number };

/** An initializer, or the name of one in the registry (with its default options). */
export type InitializerSpec = string | Initializer;

/** A serialized initializer, as `JSON.stringify(initializer)` writes it. */
export interface InitializerConfig {
  name: string;
  config?: Record<string, unknown>;
}

function checkCount(value: unknown, what: string, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ShapeError(`${name}: ${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function checkStream(rng: unknown, name: string): RandomStream {
  if (!isRandomStream(rng)) {
    throw new ValueError(`${name}: rng must be a RandomStream (from randomStream(seed)), got ${describe(rng)}`);
  }
  return rng;
}

// Options are checked to be finite, but a finite std of 1e39 still overflows float32.
function checkFinite(data: Float32Array, name: string, config: Record<string, unknown>): Float32Array {
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    throw new ValueError(`${name}: ${JSON.stringify(config)} gives ${data[bad]}, beyond the float32 range`);
  }
  return data;
}

/**
 * Builds an Initializer from a kernel sampler (fills a fanOut x fanIn row-major array) and a bias
 * sampler; checks the arguments of both and freezes the config.
 */
export function makeInitializer(
  name: string,
  config: Record<string, unknown>,
  kernel: (fanIn: number, fanOut: number, rng: RandomStream) => Float32Array,
  bias: (units: number, fanIn: number, rng: RandomStream) => Float32Array,
  laws?: { kernel: (fanIn: number, fanOut: number) => Law; bias: (units: number, fanIn: number) => Law },
): Initializer {
  const frozen = Object.freeze({ ...config });
  return Object.freeze({
    name,
    config: frozen,
    ...(laws ? { law: laws.kernel, biasLaw: laws.bias } : {}),
    sample(fanIn: number, fanOut: number, rng: RandomStream): Matrix {
      checkCount(fanIn, 'fanIn', name);
      checkCount(fanOut, 'fanOut', name);
      const data = checkFinite(kernel(fanIn, fanOut, checkStream(rng, name)), name, frozen);
      return { rows: fanOut, cols: fanIn, data };
    },
    sampleBias(units: number, fanIn: number, rng: RandomStream): Float32Array {
      checkCount(units, 'units', name);
      checkCount(fanIn, 'fanIn', name);
      return checkFinite(bias(units, fanIn, checkStream(rng, name)), name, frozen);
    },
  });
}

/** A bias sampler for kernel-only initializers. */
export function kernelOnly(name: string, instead: string): (units: number, fanIn: number, rng: RandomStream) => Float32Array {
  return () => {
    throw new ValueError(`${name} is a kernel initializer only: it has no meaning for a bias (use ${instead})`);
  };
}

/**
 * Reads an options object: undefined means {}; anything else than a plain object, or a key the
 * initializer does not know (tfjs's `minval`, say), is a ValueError naming it.
 */
export function readOptions(name: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  return parseOptions(options, name, Object.fromEntries(known.map((k) => [k, anyOption()]))) as Record<string, unknown>;
}

export interface NumberRule {
  /** Smallest allowed value (inclusive) unless `exclusive`. */
  min?: number;
  exclusive?: boolean;
  /** Largest allowed value (exclusive). */
  below?: number;
}

/**
 * An option that must be a finite number; `undefined` gives `fallback` (every explicit value,
 * 0 included, is honoured: tfjs's randomUniform({minval: 0}) silently became -0.05).
 */
export function numberOption(name: string, options: Record<string, unknown>, key: string, fallback: number | undefined, rule: NumberRule = {}): number {
  const value = options[key];
  if (value === undefined) {
    if (fallback === undefined) throw new ValueError(`${name}: option ${key} is required`);
    return fallback;
  }
  const range = rule.min === undefined ? { below: rule.below } : rule.exclusive ? { above: rule.min, below: rule.below } : { min: rule.min, below: rule.below };
  checkValue(value, name, key, rangeOption(range));
  return value as number;
}

/** An option that must be one of `choices`. */
export function choiceOption<T extends string>(name: string, options: Record<string, unknown>, key: string, fallback: T, choices: readonly T[]): T {
  const value = options[key];
  if (value === undefined) return fallback;
  checkValue(value, name, key, choiceRule(choices));
  return value as T;
}

/** The options of an initializer whose only option is its gain. */
export interface GainOptions {
  /** >= 0; default 1. */
  gain?: number;
}

/** The options of an initializer whose only option is `gain` (>= 0, default 1). */
export function gainOption(name: string, options: unknown): number {
  return numberOption(name, readOptions(name, options, ['gain']), 'gain', 1, { min: 0 });
}
