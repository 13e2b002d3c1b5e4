// Mini-batches for fit: the data and targets are copied into the core once per fit call, and
// each batch is gathered from them by a permutation (f32_gather_rows), so a shuffled epoch
// allocates nothing.
import type { F32Buffer, I32Buffer } from '../core/buffer.js';
import { allocF32, allocI32, freeAll } from '../core/heap.js';
import { gatherRows } from '../kernels/gather.js';
import type { RandomStream } from '../init/random.js';
import type { Matrix } from '../util/matrix.js';
import { ValueError } from '../errors.js';

export class Batches {
  readonly #x: F32Buffer;
  readonly #y: F32Buffer;
  readonly #xCols: number;
  readonly #yCols: number;
  readonly #order: Int32Array;
  readonly #perm: I32Buffer;

  constructor(x: Matrix, y: Matrix) {
    const owned: (F32Buffer | I32Buffer)[] = [];
    try {
      this.#x = allocF32(x.data.length);
      owned.push(this.#x);
      this.#y = allocF32(y.data.length);
      owned.push(this.#y);
      this.#perm = allocI32(x.rows);
    } catch (error) {
      freeAll(owned);
      throw error;
    }
    this.#x.write(x.data);
    this.#y.write(y.data);
    this.#xCols = x.cols;
    this.#yCols = y.cols;
    this.#order = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) this.#order[i] = i;
  }

  /** Fisher-Yates with the seeded stream: the same seed gives the same batches everywhere. */
  shuffle(stream: RandomStream): void {
    const order = this.#order;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(stream.uniform() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }

  /** The order a caller gave (fit's shuffle function): it must be a permutation of 0..n-1. */
  setOrder(perm: ArrayLike<number>, epoch: number): void {
    const order = this.#order;
    const n = order.length;
    if (perm === null || typeof perm !== 'object' || perm.length !== n) {
      throw new ValueError(`fit: shuffle(${epoch}, ${n}) must return a permutation of 0..${n - 1}, got ${perm === null || typeof perm !== 'object' ? typeof perm : `${perm.length} values`}`);
    }
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = perm[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= n || seen[v]) {
        throw new ValueError(`fit: shuffle(${epoch}, ${n}) must return a permutation of 0..${n - 1}, got ${v} at index ${i}${Number.isInteger(v) && v >= 0 && v < n ? ' (a repeat)' : ''}`);
      }
      seen[v] = 1;
      order[i] = v;
    }
  }

  /** Copies the current order to the core (once per epoch). */
  commitOrder(): void {
    this.#perm.write(this.#order);
  }

  /** Rows start..start+count-1 of the order into x and y. */
  gather(start: number, count: number, x: F32Buffer, y: F32Buffer): void {
    const idx = this.#perm.view(start, count);
    gatherRows(this.#x, idx, x, count, this.#xCols);
    gatherRows(this.#y, idx, y, count, this.#yCols);
  }

  free(): void {
    freeAll([this.#x, this.#y, this.#perm]);
  }
}
