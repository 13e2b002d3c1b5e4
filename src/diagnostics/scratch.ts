// Scratch buffers on the core for one diagnose() or lsuv() call: allocated on demand, all freed
// together at the end (in a finally), so a failed call leaks nothing.
import type { Buffer, F32Buffer, F64Buffer, I32Buffer } from '../core/buffer.js';
import { allocF32, allocF64, allocI32, freeAll } from '../core/heap.js';

export class Scratch {
  readonly #owned: Buffer[] = [];

  #keep<B extends Buffer>(b: B): B {
    this.#owned.push(b);
    return b;
  }

  f32(count: number): F32Buffer {
    return this.#keep(allocF32(count));
  }

  f64(count: number): F64Buffer {
    return this.#keep(allocF64(count));
  }

  i32(count: number): I32Buffer {
    return this.#keep(allocI32(count));
  }

  free(): void {
    freeAll(this.#owned);
    this.#owned.length = 0;
  }
}
