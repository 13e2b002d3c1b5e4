// Networks with `rng: 'numpy'`: the weights drawn as the course's notebooks draw them, from one
// numpy RandomState(seed) for the whole network, layer by layer, the kernel then the bias:
//
// - a normal initializer (scaledNormal, randomNormal, heNormal, glorotNormal, lecunNormal,
//   varianceScaling 'normal'): `mean + std * np.random.randn(units, inputs)`, so
//   heNormal is `randn(units, inputs) * sqrt(2 / inputs)`;
// - a uniform one (glorotUniform, heUniform, lecunUniform, randomUniform, torchLinear,
//   varianceScaling 'uniform'): `np.random.uniform(low, high, (units, inputs))`;
// - a constant one (zeros, ones, constant): nothing is drawn (the course's `np.zeros`);
// - any other (orthogonal, identity, sparse, truncated normals, and initializers of your own):
//   one 32-bit word `randint(0, 2**32)`-style from the RandomState seeds symbreak's own stream,
//   and the initializer draws from that as usual.
// Values are computed in float64 and rounded to float32 once, as `np.float32(W)` would.
import { randomStream } from '../init/random.js';
import type { Initializer, Law } from '../init/initializer.js';
import { RandomStateImpl } from '../numpy/random-state.js';

function drawLaw(law: Law, n: number, rs: RandomStateImpl): Float32Array {
  const out = new Float32Array(n);
  if (law.kind === 'constant') return out.fill(law.value);
  if (law.kind === 'normal') {
    for (let i = 0; i < n; i++) out[i] = law.mean + law.std * rs.nextGauss();
    return out;
  }
  const range = law.high - law.low;
  for (let i = 0; i < n; i++) out[i] = law.low + range * rs.nextDouble();
  return out;
}

/** A kernel [units, inputs] (row-major, numpy's C order) drawn from `rs`. */
export function numpyKernel(init: Initializer, inputs: number, units: number, rs: RandomStateImpl): Float32Array {
  const law = init.law?.(inputs, units);
  if (law) return drawLaw(law, units * inputs, rs);
  return init.sample(inputs, units, randomStream(rs.nextUint32())).data;
}

/** A bias of `units` drawn from `rs` (after its layer's kernel). */
export function numpyBias(init: Initializer, units: number, inputs: number, rs: RandomStateImpl): Float32Array {
  const law = init.biasLaw?.(units, inputs);
  if (law) return drawLaw(law, units, rs);
  return init.sampleBias(units, inputs, randomStream(rs.nextUint32()));
}
