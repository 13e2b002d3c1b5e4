// PyTorch's default for nn.Linear (nn.Linear.reset_parameters).
import { sqrt } from '../util/float64.js';
import { makeInitializer, readOptions, type Initializer } from './initializer.js';
import { fillSymmetricUniform } from './sampling.js';

/**
 * What torch.nn.Linear does: the kernel with kaiming_uniform_(a = sqrt(5)), which is
 * U(±sqrt(3)·sqrt(2/(1+5))/sqrt(fanIn)) = U(±1/sqrt(fanIn)), and the bias with U(±1/sqrt(fanIn))
 * of the same layer's fanIn (sampleBias's fanIn argument). The bound is computed as
 * 1/sqrt(fanIn) directly (torch's float chain may differ from it in the last bit).
 */
export function torchLinear(options?: Record<string, never>): Initializer {
  readOptions('torchLinear', options, []);
  return makeInitializer(
    'torchLinear',
    {},
    (fanIn, fanOut, rng) => fillSymmetricUniform(new Float32Array(fanIn * fanOut), rng, 1 / sqrt(fanIn)),
    (units, fanIn, rng) => fillSymmetricUniform(new Float32Array(units), rng, 1 / sqrt(fanIn)),
    { kernel: (fanIn) => ({ kind: 'uniform', low: -1 / sqrt(fanIn), high: 1 / sqrt(fanIn) }), bias: (_units, fanIn) => ({ kind: 'uniform', low: -1 / sqrt(fanIn), high: 1 / sqrt(fanIn) }) },
  );
}
