// Signal propagation: mean and std of each layer's pre-activations and activations over all
// elements on x (float64 two-pass reductions on the core), the weight and bias gradient norms
// with targets, and the ratio of the first layer's kernel gradient norm to the last layer's.
import type { F32Buffer } from '../core/buffer.js';
import { mean, sumSquares, variance } from '../kernels/reduce.js';
import type { LayerBuffers } from '../nn/params.js';

/** Mean and population std of the first n floats of x (float64). */
export function statsOf(x: F32Buffer, n: number): { mean: number; std: number } {
  return { mean: mean(x, n), std: Math.sqrt(variance(x, n)) };
}

/** Frobenius norms of every layer's kernel and bias gradients, as backward left them in the block. */
export function gradientNorms(gradients: readonly LayerBuffers[]): { kernelNorm: number; biasNorm: number }[] {
  return gradients.map((g) => ({
    kernelNorm: Math.sqrt(sumSquares(g.kernel, g.kernel.length)),
    biasNorm: Math.sqrt(sumSquares(g.bias, g.bias.length)),
  }));
}

/** first / last (NaN for 0/0, Infinity for x/0). */
export function gradientRatioOf(norms: { kernelNorm: number }[]): number {
  const first = norms[0]!.kernelNorm;
  const last = norms[norms.length - 1]!.kernelNorm;
  return first / last;
}

/** Kernel entries' population std (float64). */
export function weightStd(kernel: F32Buffer): number {
  return Math.sqrt(variance(kernel, kernel.length));
}
