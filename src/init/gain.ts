// Gains: the factor an initializer multiplies its standard deviation by so that a layer followed
// by the activation f keeps the scale of its signal (torch.nn.init.calculate_gain).
//
// Where the numbers come from. For a layer y = W x with independent weights of variance σ² and
// inputs x_j = f(z_j), the pre-activation variance is fanIn σ² E[f(z)²] (He et al. 2015, eq. 7,
// which is exact for any f, not only ReLU). It equals the variance of z when
// σ = gain / sqrt(fanIn) with
//
//     gain = 1 / sqrt(E[f(z)²]),   z ~ N(0, 1).
//
// This formula gives exactly 1 for linear (E[z²] = 1) and exactly sqrt(2) for relu
// (E[relu(z)²] = 1/2), the values in PyTorch's table. The activations PyTorch's table lacks
// get the value of this formula, computed once to 25 digits with mpmath (40-digit quadrature
// over the real line; the tests check each number again with an independent quadrature):
//   gelu (exact, z·Φ(z)):  E[f²] = 0.4252214825702986749  ->  gain 1.5335304411955352
//                          (the tanh approximation: E[f²] = 0.42519371..., gain 1.5335805, 3e-5 apart)
//   softplus, ln(1+e^z):   E[f²] = 0.9212459088593002787  ->  gain 1.0418668355353017
//   elu(α):                E[f²] = 1/2 + α² C, C = E[(e^z - 1)²; z < 0]
//                                = e² Φ(-2) - 2 e^(1/2) Φ(-1) + 1/2 = 0.1449454174929238631
//                          (from E[e^(tz); z < 0] = e^(t²/2) Φ(-t)), so gain = 1/sqrt(1/2 + α² C),
//                          1.2451983007007066 for α = 1, computed with exact operations only.
// PyTorch's tanh 5/3 and selu 3/4 (and sigmoid 1) are conventions, not this formula: the formula
// gives 1.5925374 for tanh, 1 for selu (selu is built so that E[selu(z)²] = 1) and 1.8462285 for
// sigmoid. They are kept as PyTorch has them so that a recipe written for PyTorch means the same
// here. softmax (a last-layer activation, not elementwise) gets 1, like sigmoid.
import { ValueError } from '../errors.js';
import { describe } from '../runtime/matrix.js';
import { sqrt } from './float64.js';

/** E[(e^z - 1)² ; z < 0] for z ~ N(0, 1): the negative half of E[elu_α(z)²] is α² times this. */
export const ELU_NEGATIVE_SECOND_MOMENT = 0.14494541749292386;
/** 1/sqrt(E[gelu(z)²]), gelu(z) = z Φ(z). */
export const GELU_GAIN = 1.5335304411955352;
/** 1/sqrt(E[softplus(z)²]). */
export const SOFTPLUS_GAIN = 1.0418668355353017;

/** Names calculateGain knows, with the parameter each takes. */
export const GAIN_ACTIVATIONS = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'selu',
  'elu',
  'gelu',
  'softplus',
  'softmax',
] as const;

export type GainActivation = (typeof GAIN_ACTIVATIONS)[number];

/** An activation as a layer spec gives it: a name, or `{ name, alpha? }`. */
export type ActivationLike = string | { name: string; alpha?: number };

function checkParam(activation: string, param: unknown, fallback: number, what: string): number {
  if (param === undefined) return fallback;
  if (typeof param !== 'number' || !Number.isFinite(param)) {
    throw new ValueError(`calculateGain: the ${what} of ${activation} must be a finite number, got ${String(param)}`);
  }
  return param;
}

/**
 * The recommended gain for an activation (torch.nn.init.calculate_gain, extended).
 * | activation | gain |
 * |---|---|
 * | linear, sigmoid, softmax | 1 |
 * | tanh | 5/3 |
 * | relu | sqrt(2) |
 * | leakyRelu (param = negative slope, default 0.01) | sqrt(2 / (1 + slope²)) |
 * | selu | 3/4 |
 * | elu (param = alpha, default 1) | 1 / sqrt(1/2 + alpha² · 0.14494541749292386) |
 * | gelu | 1.5335304411955352 |
 * | softplus | 1.0418668355353017 |
 * `activation` may also be a layer's activation object `{ name, alpha }` (alpha is the param).
 */
export function calculateGain(activation: ActivationLike, param?: number): number {
  let name: unknown = activation;
  let p: unknown = param;
  if (typeof activation === 'object' && activation !== null && !Array.isArray(activation)) {
    name = activation.name;
    if (p === undefined) p = activation.alpha;
  }
  switch (name) {
    case 'leakyRelu': {
      const slope = checkParam('leakyRelu', p, 0.01, 'negative slope (param)');
      return sqrt(2 / (1 + slope * slope));
    }
    case 'elu': {
      const alpha = checkParam('elu', p, 1, 'alpha (param)');
      if (alpha < 0) throw new ValueError(`calculateGain: the alpha of elu must be >= 0, got ${alpha}`);
      return 1 / sqrt(0.5 + alpha * alpha * ELU_NEGATIVE_SECOND_MOMENT);
    }
    default:
      break;
  }
  let gain: number;
  switch (name) {
    case 'linear':
    case 'sigmoid':
    case 'softmax':
      gain = 1;
      break;
    case 'tanh':
      gain = 5 / 3;
      break;
    case 'relu':
      gain = sqrt(2);
      break;
    case 'selu':
      gain = 3 / 4;
      break;
    case 'gelu':
      gain = GELU_GAIN;
      break;
    case 'softplus':
      gain = SOFTPLUS_GAIN;
      break;
    default:
      throw new ValueError(
        `calculateGain: unknown activation ${typeof name === 'string' ? JSON.stringify(name) : describe(name)}` +
          ` (known: ${GAIN_ACTIVATIONS.join(', ')})`,
      );
  }
  if (p !== undefined) {
    throw new ValueError(`calculateGain: ${name} takes no parameter, got ${String(p)}`);
  }
  return gain;
}
