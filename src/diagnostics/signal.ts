// Signal propagation: mean and std of each layer's pre-activations and activations over all
// elements on x (float64 two-pass reductions on the core), the weight and bias gradient norms
// with targets, and the ratio of the first layer's kernel gradient norm to the last layer's.
import { meanPtr, sumSquaresPtr, variancePtr } from '../kernels/reduce.js';
import type { ParameterBlock } from '../nn/params.js';
import type { LayerArchitecture } from '../nn/spec.js';

/** Mean and population std of n floats at ptr (float64). */
export function statsOf(ptr: number, n: number): { mean: number; std: number } {
  return { mean: meanPtr(ptr, n), std: Math.sqrt(variancePtr(ptr, n)) };
}

/** Frobenius norms of every layer's kernel and bias gradients, as backward left them in the block. */
export function gradientNorms(
  layers: readonly LayerArchitecture[],
  params: ParameterBlock,
): { kernelNorm: number; biasNorm: number }[] {
  return layers.map((layer, l) => ({
    kernelNorm: Math.sqrt(sumSquaresPtr(params.kernelGrad(l), layer.units * layer.inputs)),
    biasNorm: Math.sqrt(sumSquaresPtr(params.biasGrad(l), layer.units)),
  }));
}

/** first / last (NaN for 0/0, Infinity for x/0). */
export function gradientRatioOf(norms: { kernelNorm: number }[]): number {
  const first = norms[0]!.kernelNorm;
  const last = norms[norms.length - 1]!.kernelNorm;
  return first / last;
}

/** Kernel entries' population std (float64). */
export function weightStd(kernelPtr: number, count: number): number {
  return Math.sqrt(variancePtr(kernelPtr, count));
}
