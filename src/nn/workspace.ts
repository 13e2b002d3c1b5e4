// Per-batch-size buffers for forward and backward passes. A network keeps one workspace per
// batch size it has seen, so after the first step at a size, a training step allocates nothing.
import type { F32Buffer } from '../core/buffer.js';
import { allocF32, freeAll } from '../core/heap.js';
import type { LayerArchitecture } from './spec.js';

export class Workspace {
  readonly batch: number;
  /** Input rows [batch, inputs]. */
  readonly x: F32Buffer;
  /** Targets [batch, targetCols]. */
  readonly y: F32Buffer;
  /** Pre-activations and activations per layer [batch, units]; for linear layers a === z. */
  readonly z: readonly F32Buffer[];
  readonly a: readonly F32Buffer[];
  /** Gradient of the loss w.r.t. each layer's pre-activation [batch, units]. */
  readonly dz: readonly F32Buffer[];
  /** Gradient w.r.t. a layer's output [batch, max units]: shared, used one layer at a time. */
  readonly da: F32Buffer;
  readonly #owned: F32Buffer[] = [];

  constructor(batch: number, inputs: number, layers: readonly LayerArchitecture[], targetCols: number) {
    this.batch = batch;
    const f = (count: number): F32Buffer => {
      const b = allocF32(count);
      this.#owned.push(b);
      return b;
    };
    this.x = f(batch * inputs);
    this.y = f(batch * targetCols);
    const z: F32Buffer[] = [];
    const a: F32Buffer[] = [];
    const dz: F32Buffer[] = [];
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
  }

  free(): void {
    freeAll(this.#owned);
    this.#owned.length = 0;
  }
}
