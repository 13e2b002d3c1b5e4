// Layer-sequential unit-variance initialization (Mishkin & Matas 2015, "All you need is a good
// init", Algorithm 1): re-initialize every kernel as orthogonal, then, layer by layer in order,
// rescale the kernel until the variance of the layer's pre-activations on x is within
// `tolerance` of `targetVariance`.
//
// Details:
// - The orthogonal kernels come from `init.orthogonal()` with streams derived from the network's
//   seed (`randomStream(seed).child('lsuv').child('layer' + l)`), so the same network and x give
//   the same result bit for bit. `orthogonalFirst: false` keeps the current kernels' directions.
// - The variance is over all elements of z = a_prev·Wᵀ + b (batch x units, population variance,
//   float64 on the core), as in the paper. Each iteration multiplies the kernel by
//   sqrt(target / variance) (the paper's W / sqrt(Var) for target 1); the bias is unchanged, so
//   with zero biases one iteration lands on the target up to float32 rounding, and large biases
//   may need more (or never reach it: the bias's own spread is a floor).
// - `iterations` counts the rescalings; 0 means the layer was already within tolerance. A layer
//   whose pre-activations have variance 0 (or not finite) cannot be rescaled: it is left as is and
//   reported with that variance.
// - Only the layer being fitted is recomputed per iteration, by the forward pass's own code
//   (nn's forwardLayer: its gemm, then its activation).
// - The optimizer state is reset (as setWeights does). If anything throws, every kernel is
//   restored and the optimizer state is kept.
// The work runs synchronously; the function is async so the API can yield in a later version.
import { orthogonal } from '../init/orthogonal.js';
import { randomStream } from '../init/random.js';
import { variance as varianceOf } from '../kernels/reduce.js';
import { inputMatrix } from '../nn/inputs.js';
import { viewOf, type Network } from '../nn/network.js';
import type { TensorLike } from '../core/tensor.js';
import { booleanOption, numberOption, parseOptions } from '../util/options.js';

export interface LsuvOptions {
  /** The pre-activation variance to reach (> 0); default 1. */
  targetVariance?: number;
  /** Accept |variance − target| <= tolerance (> 0, absolute, as in the paper); default 0.1. */
  tolerance?: number;
  /** Rescalings per layer at most (integer >= 1); default 10. */
  maxIterations?: number;
  /** Re-initialize each kernel as orthogonal first; default true. */
  orthogonalFirst?: boolean;
}

export interface LsuvLayerResult {
  /** Rescalings applied to the layer's kernel. */
  iterations: number;
  /** The variance of the layer's pre-activations on x after them. */
  variance: number;
}

const SCHEMA = {
  targetVariance: numberOption({ above: 0 }),
  tolerance: numberOption({ above: 0 }),
  maxIterations: numberOption({ integer: true, min: 1 }),
  orthogonalFirst: booleanOption(),
};

function parseLsuvOptions(options: unknown): Required<LsuvOptions> {
  const o = parseOptions(options, 'lsuv', SCHEMA) as LsuvOptions;
  return {
    targetVariance: o.targetVariance ?? 1,
    tolerance: o.tolerance ?? 0.1,
    maxIterations: o.maxIterations ?? 10,
    orthogonalFirst: o.orthogonalFirst ?? true,
  };
}

/**
 * LSUV initialization of `net` on the probe data x (samples as rows). Returns, per layer, the
 * rescalings applied and the final pre-activation variance. See the file header.
 */
export async function lsuv(net: Network, x: TensorLike, options?: LsuvOptions): Promise<LsuvLayerResult[]> {
  const model = viewOf(net, 'lsuv');
  const o = parseLsuvOptions(options);
  const m = inputMatrix(model.arch, x, 'lsuv');
  const layers = model.layers;
  const saved = layers.map((_, l) => model.readLayer(l));
  try {
    if (o.orthogonalFirst) {
      const root = randomStream(model.arch.seed).child('lsuv');
      const init = orthogonal();
      layers.forEach((layer, l) => {
        const w = init.sample(layer.inputs, layer.units, root.child(`layer${l}`));
        model.writeLayer(l, w.data, saved[l]!.bias);
      });
    }
    const rows = m.rows;
    // The initial forward fills x and layer 0's z; later layers are recomputed as they come.
    const ws = model.forwardOn(m);
    const results: LsuvLayerResult[] = [];
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const z = ws.z[l]!;
      const n = rows * layer.units;
      // The forward pass's own code, so z matches a fresh forward bit for bit; needed first
      // because the layers before this one were rescaled after the initial forward.
      if (l > 0) model.forwardLayer(ws, l);
      let variance = varianceOf(z, n);
      let iterations = 0;
      while (
        Math.abs(variance - o.targetVariance) > o.tolerance &&
        iterations < o.maxIterations &&
        variance > 0 &&
        Number.isFinite(variance)
      ) {
        model.rescaleKernel(l, Math.sqrt(o.targetVariance / variance));
        model.forwardLayer(ws, l);
        variance = varianceOf(z, n);
        iterations++;
      }
      results.push({ iterations, variance });
    }
    model.resetOptimizer();
    return results;
  } catch (error) {
    saved.forEach((w, l) => model.writeLayer(l, w.kernel.data, w.bias));
    throw error;
  }
}
