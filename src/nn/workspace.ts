// Per-batch-size buffers for forward and backward passes. A network keeps one workspace per
// batch size it has seen, so after the first step at a size, a training step allocates nothing.
import { allocBytes, allocF32, freeBytes } from '../runtime/heap.js';
import type { LayerArchitecture } from './spec.js';

export class Workspace {
  readonly batch: number;
  /** Input rows [batch, inputs]. */
  readonly x: number;
  /** Targets [batch, targetCols]. */
  readonly y: number;
  /** Pre-activations and activations per layer [batch, units]; for linear layers a === z. */
  readonly z: readonly number[];
  readonly a: readonly number[];
  /** Gradient of the loss w.r.t. each layer's pre-activation [batch, units]. */
  readonly dz: readonly number[];
  /** Gradient w.r.t. a layer's output [batch, max units]: shared, used one layer at a time. */
  readonly da: number;
  /** Row indices for gathering a batch (i32). */
  readonly idx: number;
  readonly #owned: number[] = [];

  constructor(batch: number, inputs: number, layers: readonly LayerArchitecture[], targetCols: number) {
    this.batch = batch;
    const f = (count: number): number => {
      const p = allocF32(count);
      this.#owned.push(p);
      return p;
    };
    this.x = f(batch * inputs);
    this.y = f(batch * targetCols);
    const z: number[] = [];
    const a: number[] = [];
    const dz: number[] = [];
    let maxUnits = 1;
    for (const layer of layers) {
      const zl = f(batch * layer.units);
      z.push(zl);
      a.push(layer.activation.name === 'linear' ? zl : f(batch * layer.units));
      dz.push(f(batch * layer.units));
      maxUnits = Math.max(maxUnits, layer.units);
    }
    this.z = z;
    this.a = a;
    this.dz = dz;
    this.da = f(batch * maxUnits);
    this.idx = allocBytes(batch * 4);
    this.#owned.push(this.idx);
  }

  free(): void {
    for (const p of this.#owned) freeBytes(p);
    this.#owned.length = 0;
  }
}
