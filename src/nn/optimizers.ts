// The optimizers a network trains with: the validator that turns a user's `optimizer` option
// into a config with the documented defaults, and the step-dependent scalars of the updates.
// The update rules and their operation order are in assembly/kernels/optimizers.ts.
import { ValueError } from '../errors.js';
import { anyOption, parseOptions, type Schema } from '../util/options.js';

export interface SgdConfig {
  readonly type: 'sgd';
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
}

export interface AdamConfig {
  readonly type: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * The course's momentum (deeplearning.ai, Improving Deep Neural Networks, week 2):
 * v <- beta·v + (1 - beta)·g, v starting at 0; w <- w - lr·v. (torch.optim.SGD's momentum is
 * 'sgd' with `momentum`: v <- mu·v + g.)
 */
export interface MomentumConfig {
  readonly type: 'momentum';
  readonly learningRate: number;
  readonly beta: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig | MomentumConfig;

/** What a user may pass as `optimizer` (docs/API.md). */
export type OptimizerSpec =
  | 'sgd'
  | 'adam'
  | 'momentum'
  | { type: 'sgd'; learningRate?: number; momentum?: number; nesterov?: boolean }
  | { type: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { type: 'momentum'; learningRate?: number; beta?: number };

/**
 * Adam's bias corrections [1 - beta1^t, 1 - beta2^t] in float64 (rounded to float32 by the
 * call into the core). The betas are first rounded to float32, the values the kernel's moving
 * averages actually use, so the correction undoes exactly the averages' weight deficit.
 */
export function adamBiasCorrections(beta1: number, beta2: number, step: number): [number, number] {
  if (!Number.isSafeInteger(step) || step < 1) {
    throw new ValueError(`Adam's step count must be an integer >= 1, got ${step}`);
  }
  return [1 - powInteger(Math.fround(beta1), step), 1 - powInteger(Math.fround(beta2), step)];
}

/**
 * base^exp for an integer exp >= 0 by exponentiation by squaring in float64. Math.pow's
 * accuracy is not specified by ECMAScript (engines differ in the last bit); IEEE
 * multiplication is correctly rounded everywhere, so this gives the same bits in every engine.
 * Accuracy: a rounding in the square base^(2^k) is raised to the power exp/2^k afterwards, so
 * the relative error is at most about sum_k exp/2^k * 2^-53 <= 2*exp * 2^-53 (for Adam's
 * 1 - beta^t, rounded to float32, far below what matters).
 */
export function powInteger(base: number, exp: number): number {
  let result = 1;
  let b = base;
  let e = exp;
  while (e > 0) {
    if (e % 2 === 1) result *= b;
    e = Math.floor(e / 2);
    if (e > 0) b *= b;
  }
  return result;
}

/** How many n-float state buffers the optimizer keeps per parameter buffer. */
export function optimizerStateBuffers(config: OptimizerConfig): number {
  if (config.type === 'adam') return 2; // m and v
  if (config.type === 'momentum') return 1; // the velocity
  return config.momentum > 0 ? 1 : 0; // the velocity
}

const keys = (...names: string[]): Schema => Object.fromEntries(names.map((k) => [k, anyOption()]));
// Built once: parseOptimizer runs on every trainStep.
const SCHEMA = {
  sgd: { where: 'optimizer sgd', keys: keys('type', 'learningRate', 'momentum', 'nesterov') },
  adam: { where: 'optimizer adam', keys: keys('type', 'learningRate', 'beta1', 'beta2', 'epsilon') },
  momentum: { where: 'optimizer momentum', keys: keys('type', 'learningRate', 'beta') },
} as const;

/**
 * Validates an optimizer option and fills in docs/API.md's defaults (sgd: learningRate 0.01,
 * momentum 0, nesterov false; adam: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 * Throws ValueError naming the option and the value given. Numbers are checked after rounding
 * to float32, the precision the core computes in: a learning rate of 1e-50 would be 0 there.
 */
export function parseOptimizer(spec: unknown): OptimizerConfig {
  if (spec === 'sgd' || spec === 'adam' || spec === 'momentum') return parseOptimizer({ type: spec });
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new ValueError(
      `optimizer must be 'sgd', 'adam', 'momentum' or an object such as { type: 'adam', learningRate: 0.001 }, got ${describe(spec)}`,
    );
  }
  const o = spec as Record<string, unknown>;
  const type = o['type'];
  if (type !== 'sgd' && type !== 'adam' && type !== 'momentum') {
    throw new ValueError(`optimizer.type must be 'sgd', 'adam' or 'momentum', got ${describe(type)}`);
  }
  parseOptions(o, SCHEMA[type].where, SCHEMA[type].keys);
  const learningRate = numberOption(o, 'learningRate', type === 'adam' ? 0.001 : 0.01);
  if (!(learningRate > 0) || !Number.isFinite(learningRate) || !isPositiveFloat32(learningRate)) {
    throw new ValueError(`optimizer.learningRate must be a finite number > 0 in float32, got ${learningRate}`);
  }
  if (type === 'sgd') {
    const momentum = numberOption(o, 'momentum', 0);
    if (!(momentum >= 0 && Math.fround(momentum) < 1)) {
      throw new ValueError(`optimizer.momentum must be in [0, 1), got ${momentum}`);
    }
    const nesterov = o['nesterov'] === undefined ? false : o['nesterov'];
    if (typeof nesterov !== 'boolean') {
      throw new ValueError(`optimizer.nesterov must be true or false, got ${describe(nesterov)}`);
    }
    if (nesterov && !(momentum > 0)) {
      // As torch.optim.SGD: Nesterov's look-ahead needs a velocity.
      throw new ValueError(`optimizer.nesterov needs momentum > 0, got momentum ${momentum}`);
    }
    return { type, learningRate, momentum, nesterov };
  }
  if (type === 'momentum') {
    const beta = numberOption(o, 'beta', 0.9);
    if (!(beta >= 0 && Math.fround(beta) < 1)) throw new ValueError(`optimizer.beta must be in [0, 1), got ${beta}`);
    return { type, learningRate, beta };
  }
  const beta1 = numberOption(o, 'beta1', 0.9);
  const beta2 = numberOption(o, 'beta2', 0.999);
  for (const [name, beta] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!(beta >= 0 && Math.fround(beta) < 1)) {
      const rounds = beta < 1 && Math.fround(beta) >= 1 ? ' (it rounds to 1 in float32)' : '';
      throw new ValueError(`optimizer.${name} must be in [0, 1), got ${beta}${rounds}`);
    }
  }
  const epsilon = numberOption(o, 'epsilon', 1e-7);
  if (!(epsilon > 0) || !Number.isFinite(epsilon) || !isPositiveFloat32(epsilon)) {
    throw new ValueError(`optimizer.epsilon must be a finite number > 0 in float32, got ${epsilon}`);
  }
  return { type, learningRate, beta1, beta2, epsilon };
}

function numberOption(o: Record<string, unknown>, key: string, fallback: number): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ValueError(`optimizer.${key} must be a number, got ${describe(value)}`);
  }
  return value;
}

/** True when x rounds to a positive, finite float32. */
function isPositiveFloat32(x: number): boolean {
  const f = Math.fround(x);
  return f > 0 && Number.isFinite(f);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
