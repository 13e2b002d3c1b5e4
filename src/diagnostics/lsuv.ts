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
// - Only the layer being fitted is recomputed (one gemm) per iteration; its activation is applied
//   once it is done, exactly as the forward pass does.
// - The optimizer state is reset (as setWeights does). If anything throws, every kernel is
//   restored and the optimizer state is kept.
// The work runs synchronously; the function is async so the API can yield in a later version.
import { ValueError } from '../errors.js';
import { orthogonal } from '../init/orthogonal.js';
import { randomStream } from '../init/random.js';
import { activationForward, softmaxRows } from '../kernels/activations.js';
import type { ActivationName } from '../kernels/activations.js';
import { gemm } from '../kernels/gemm.js';
import { variancePtr } from '../kernels/reduce.js';
import { scalePtr } from '../kernels/elementwise.js';
import type { Network } from '../nn/network.js';
import { describe, type MatrixLike } from '../runtime/matrix.js';
import { modelOf, probeData } from './diagnose.js';

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

const KEYS = ['targetVariance', 'tolerance', 'maxIterations', 'orthogonalFirst'];

function parseOptions(options: unknown): Required<LsuvOptions> {
  if (options === undefined) return { targetVariance: 1, tolerance: 0.1, maxIterations: 10, orthogonalFirst: true };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`lsuv: options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) throw new ValueError(`lsuv: unknown option '${key}' (known: ${KEYS.join(', ')})`);
  }
  const positive = (key: string, fallback: number): number => {
    const v = o[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new ValueError(`lsuv: ${key} must be a finite number > 0, got ${typeof v === 'number' ? v : describe(v)}`);
    }
    return v;
  };
  const targetVariance = positive('targetVariance', 1);
  const tolerance = positive('tolerance', 0.1);
  const maxIterations = o.maxIterations ?? 10;
  if (typeof maxIterations !== 'number' || !Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    throw new ValueError(`lsuv: maxIterations must be an integer >= 1, got ${JSON.stringify(maxIterations)}`);
  }
  const orthogonalFirst = o.orthogonalFirst ?? true;
  if (typeof orthogonalFirst !== 'boolean') {
    throw new ValueError(`lsuv: orthogonalFirst must be true or false, got ${describe(orthogonalFirst)}`);
  }
  return { targetVariance, tolerance, maxIterations, orthogonalFirst };
}

/**
 * LSUV initialization of `net` on the probe data x (samples as rows). Returns, per layer, the
 * rescalings applied and the final pre-activation variance. See the file header.
 */
export async function lsuv(net: Network, x: MatrixLike, options?: LsuvOptions): Promise<LsuvLayerResult[]> {
  const model = modelOf(net, 'lsuv');
  model.check();
  const o = parseOptions(options);
  const m = probeData(model, x, 'lsuv');
  const layers = model.layers;
  const p = model.params;
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
      const prev = l === 0 ? ws.x : ws.a[l - 1]!;
      const z = ws.z[l]!;
      const n = rows * layer.units;
      // The same call as the forward pass, so z matches a fresh forward bit for bit; needed
      // first because the layers before this one were rescaled after the initial forward.
      const recompute = (): void =>
        gemm(prev, p.kernel(l), z, p.bias(l), rows, layer.units, layer.inputs, false, true, false);
      if (l > 0) recompute();
      let variance = variancePtr(z, n);
      let iterations = 0;
      while (
        Math.abs(variance - o.targetVariance) > o.tolerance &&
        iterations < o.maxIterations &&
        variance > 0 &&
        Number.isFinite(variance)
      ) {
        scalePtr(p.kernel(l), Math.sqrt(o.targetVariance / variance), p.kernel(l), layer.units * layer.inputs);
        recompute();
        variance = variancePtr(z, n);
        iterations++;
      }
      const { name, alpha } = layer.activation;
      if (name === 'softmax') softmaxRows(z, ws.a[l]!, rows, layer.units);
      else if (name !== 'linear') activationForward(name as ActivationName, z, ws.a[l]!, n, alpha);
      results.push({ iterations, variance });
    }
    model.resetOptimizer();
    return results;
  } catch (error) {
    saved.forEach((w, l) => model.writeLayer(l, w.kernel.data, w.bias));
    throw error;
  }
}
