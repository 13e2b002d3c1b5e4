// A network's parameters live in one block of the core's memory: every layer's kernel
// ([units, inputs], row-major, as PyTorch's nn.Linear.weight) then its bias. One block means one
// optimizer call updates every parameter, and one copy backs them all up before a step.
import type { F32Buffer } from '../core/buffer.js';
import { allocF32, freeAll } from '../core/heap.js';
import type { LayerArchitecture } from './spec.js';

/** Rounds a float count up to a multiple of 4 so every tensor starts 16-byte aligned. */
function align4(n: number): number {
  return (n + 3) & ~3;
}

/** One layer's kernel and bias within a block. */
export interface LayerBuffers {
  readonly kernel: F32Buffer;
  readonly bias: F32Buffer;
}

export class ParameterBlock {
  /** Floats in the block (with alignment padding, which stays zero). */
  readonly size: number;
  readonly values: F32Buffer;
  readonly grads: F32Buffer;
  /** The values before the last optimizer step, to restore when a step goes non-finite. */
  readonly backup: F32Buffer;
  /** Per layer: views of its kernel and bias in `values`, and of their gradients in `grads`. */
  readonly layers: readonly LayerBuffers[];
  readonly gradients: readonly LayerBuffers[];

  constructor(layers: readonly LayerArchitecture[]) {
    const offsets: { kernel: number; bias: number }[] = [];
    let size = 0;
    for (const layer of layers) {
      const kernel = size;
      size += align4(layer.units * layer.inputs);
      offsets.push({ kernel, bias: size });
      size += align4(layer.units);
    }
    this.size = size;
    this.values = allocF32(size);
    this.grads = allocF32(size);
    this.backup = allocF32(size);
    // Padding between tensors must stay zero; gradients and backup start defined too.
    this.values.fill(0);
    this.grads.fill(0);
    this.backup.fill(0);
    const views = (block: F32Buffer): LayerBuffers[] =>
      layers.map((layer, l) => ({
        kernel: block.view(offsets[l]!.kernel, layer.units * layer.inputs),
        bias: block.view(offsets[l]!.bias, layer.units),
      }));
    this.layers = views(this.values);
    this.gradients = views(this.grads);
  }

  free(): void {
    freeAll([this.values, this.grads, this.backup]);
  }
}
