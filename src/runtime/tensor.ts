// Tensor handles: a matrix that lives in the core's memory. The handle owns its buffer until
// dispose(); read() returns a copy the user owns, never a view into WASM memory.
import { DisposedError, ShapeError } from '../errors.js';
import { allocF32, f32View, freeBytes, readF32, writeF32 } from './heap.js';
import { toMatrix, type Matrix } from './matrix.js';

export class Tensor {
  readonly rows: number;
  readonly cols: number;
  #ptr: number;

  /** @internal Allocates an uninitialized rows x cols tensor. Use sb.tensor() from outside. */
  constructor(rows: number, cols: number) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw new ShapeError(`a tensor needs at least 1 row and 1 column, got ${rows}x${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.#ptr = allocF32(rows * cols);
  }

  get size(): number {
    return this.rows * this.cols;
  }

  get disposed(): boolean {
    return this.#ptr === 0;
  }

  /** @internal The buffer's address in the core; throws DisposedError after dispose(). */
  get ptr(): number {
    if (this.#ptr === 0) throw new DisposedError(`this ${this.rows}x${this.cols} tensor was disposed`);
    return this.#ptr;
  }

  /** A copy of the tensor's values. */
  read(): Matrix {
    return { rows: this.rows, cols: this.cols, data: readF32(this.ptr, this.size) };
  }

  /** @internal Overwrites the tensor's values (no shape check beyond the length). */
  write(data: ArrayLike<number>): void {
    if (data.length !== this.size) {
      throw new ShapeError(`writing ${data.length} values into a ${this.rows}x${this.cols} tensor`);
    }
    writeF32(this.ptr, data);
  }

  /** @internal A view valid until the next call that may allocate. */
  view(): Float32Array {
    return f32View(this.ptr, this.size);
  }

  /** Frees the tensor's memory. Disposing twice does nothing. */
  dispose(): void {
    if (this.#ptr === 0) return;
    freeBytes(this.#ptr);
    this.#ptr = 0;
  }
}

/** Puts a matrix into the core's memory and returns a handle the caller must dispose(). */
export function tensor(x: Matrix | number[][]): Tensor {
  const m = toMatrix(x, 'x');
  const t = new Tensor(m.rows, m.cols);
  t.write(m.data);
  return t;
}

export type TensorLike = Tensor | Matrix | number[][];

/**
 * An input for a kernel: a Tensor is used in place (no copy); anything else is validated and
 * copied into a temporary tensor that `release` frees.
 */
export interface Input {
  readonly t: Tensor;
  readonly owned: boolean;
}

export function input(x: TensorLike, name: string): Input {
  if (x instanceof Tensor) {
    void x.ptr; // throws DisposedError for a disposed tensor
    return { t: x, owned: false };
  }
  const m = toMatrix(x, name);
  const t = new Tensor(m.rows, m.cols);
  t.write(m.data);
  return { t, owned: true };
}

export function release(...inputs: (Input | undefined)[]): void {
  for (const i of inputs) if (i && i.owned) i.t.dispose();
}

/** Checks an `out` tensor's shape; names both shapes when they differ. */
export function checkOut(out: Tensor, rows: number, cols: number, op: string): Tensor {
  if (!(out instanceof Tensor)) throw new ShapeError(`${op}: out must be a Tensor from sb.tensor()`);
  void out.ptr;
  if (out.rows !== rows || out.cols !== cols) {
    throw new ShapeError(`${op}: out is ${out.rows}x${out.cols}, the result is ${rows}x${cols}`);
  }
  return out;
}
