// A network's parameters live in one block of the core's memory: every layer's kernel
// ([units, inputs], row-major, as PyTorch's nn.Linear.weight) then its bias. One block means one
// optimizer call updates every parameter, and one copy backs them all up before a step.
import { allocF32, freeBytes } from '../runtime/heap.js';
import type { LayerArchitecture } from './spec.js';

/** Rounds a float count up to a multiple of 4 so every tensor starts 16-byte aligned. */
function align4(n: number): number {
  return (n + 3) & ~3;
}

export class ParameterBlock {
  /** Floats in the block (with alignment padding, which stays zero). */
  readonly size: number;
  /** Float offsets of each layer's kernel and bias. */
  readonly kernelOffset: readonly number[];
  readonly biasOffset: readonly number[];
  readonly values: number;
  readonly grads: number;
  /** The values before the last optimizer step, to restore when a step goes non-finite. */
  readonly backup: number;

  constructor(layers: readonly LayerArchitecture[]) {
    const kernelOffset: number[] = [];
    const biasOffset: number[] = [];
    let size = 0;
    for (const layer of layers) {
      kernelOffset.push(size);
      size += align4(layer.units * layer.inputs);
      biasOffset.push(size);
      size += align4(layer.units);
    }
    this.size = size;
    this.kernelOffset = kernelOffset;
    this.biasOffset = biasOffset;
    this.values = allocF32(size);
    this.grads = allocF32(size);
    this.backup = allocF32(size);
  }

  kernel(l: number): number {
    return this.values + 4 * this.kernelOffset[l]!;
  }
  bias(l: number): number {
    return this.values + 4 * this.biasOffset[l]!;
  }
  kernelGrad(l: number): number {
    return this.grads + 4 * this.kernelOffset[l]!;
  }
  biasGrad(l: number): number {
    return this.grads + 4 * this.biasOffset[l]!;
  }

  free(): void {
    freeBytes(this.values);
    freeBytes(this.grads);
    freeBytes(this.backup);
  }
}
