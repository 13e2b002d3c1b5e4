// The identity initializer (torch.nn.init.eye_ times a gain; keras Identity).
import { gainOption, kernelOnly, makeInitializer, type GainOptions, type Initializer } from './initializer.js';

/** `gain`: the diagonal's value. */
export type IdentityOptions = GainOptions;

/**
 * W[i][i] = gain for i < min(units, inputs), 0 elsewhere. Rectangular shapes are allowed (tfjs's
 * identity refuses them): a wide W keeps the first `units` inputs, a tall one pads with zero rows.
 * Uses no randomness. Kernel only.
 */
export function identity(options?: IdentityOptions): Initializer {
  const gain = gainOption('identity', options);
  return makeInitializer(
    'identity',
    { gain },
    (fanIn, fanOut) => {
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < Math.min(fanIn, fanOut); i++) w[i * fanIn + i] = gain;
      return w;
    },
    kernelOnly('identity', "'zeros' or 'ones'"),
  );
}
