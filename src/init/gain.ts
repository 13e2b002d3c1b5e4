// calculateGain: the factor an initializer multiplies its standard deviation by so that a layer
// followed by the activation f keeps the scale of its signal (torch.nn.init.calculate_gain). The
// values, and where each comes from, are rows of src/registry/activations.ts.
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import { ACTIVATION_NAMES, activationInfo } from '../registry/activations.js';


/** An activation as a layer spec gives it: a name, or `{ name, alpha? }`. */
export type ActivationLike = string | { name: string; alpha?: number };

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
 * | silu | 1.6765324703310912 |
 * `activation` may also be a layer's activation object `{ name, alpha }` (alpha is the param).
 */
export function calculateGain(activation: ActivationLike, param?: number): number {
  let name: unknown = activation;
  let p: unknown = param;
  if (typeof activation === 'object' && activation !== null && !Array.isArray(activation)) {
    name = activation.name;
    if (p === undefined) p = activation.alpha;
  }
  const info = activationInfo(name);
  if (info === undefined) {
    throw new ValueError(
      `calculateGain: unknown activation ${typeof name === 'string' ? JSON.stringify(name) : describe(name)}` +
        ` (known: ${ACTIVATION_NAMES.join(', ')})`,
    );
  }
  if (info.alpha === undefined) {
    if (p !== undefined) throw new ValueError(`calculateGain: ${info.name} takes no parameter, got ${String(p)}`);
    return info.gain(0);
  }
  const what = info.name === 'leakyRelu' ? 'negative slope (param)' : 'alpha (param)';
  if (p !== undefined && (typeof p !== 'number' || !Number.isFinite(p))) {
    throw new ValueError(`calculateGain: the ${what} of ${info.name} must be a finite number, got ${String(p)}`);
  }
  const alpha = (p as number | undefined) ?? info.alpha.default;
  if (info.alpha.min !== undefined && alpha < info.alpha.min) {
    throw new ValueError(`calculateGain: the alpha of ${info.name} must be >= ${info.alpha.min}, got ${alpha}`);
  }
  return info.gain(alpha);
}
