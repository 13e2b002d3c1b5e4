// Scratch buffers on the core for one diagnose() or lsuv() call: allocated on demand, all freed
// together at the end (in a finally), so a failed call leaks nothing.
import { allocBytes, freeBytes } from '../runtime/heap.js';

export class Scratch {
  readonly #owned: number[] = [];

  /** Room for `count` values of `bytesEach` bytes (16-byte aligned, at least 16 bytes). */
  alloc(count: number, bytesEach: number): number {
    const p = allocBytes(Math.max(16, count * bytesEach));
    this.#owned.push(p);
    return p;
  }

  f32(count: number): number {
    return this.alloc(count, 4);
  }

  f64(count: number): number {
    return this.alloc(count, 8);
  }

  i32(count: number): number {
    return this.alloc(count, 4);
  }

  free(): void {
    for (const p of this.#owned) freeBytes(p);
    this.#owned.length = 0;
  }
}
