// Tensor handles: a matrix that lives in the core's memory. The handle owns its buffer until
// dispose(); read() returns a copy the user owns, never a view into WASM memory.
import { DisposedError, ShapeError, ValueError } from '../errors.js';
import { describe, toMatrix, type Matrix } from '../util/matrix.js';
import type { F32Buffer } from './buffer.js';
import { allocF32, free } from './heap.js';

export class Tensor {
  readonly rows: number;
  readonly cols: number;
  #buffer: F32Buffer | null;

  /** @internal Allocates an uninitialized rows x cols tensor. Use sb.tensor() from outside. */
  constructor(rows: number, cols: number) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw new ShapeError(`a tensor needs at least 1 row and 1 column, got ${rows}x${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.#buffer = allocF32(rows * cols);
  }

  get size(): number {
    return this.rows * this.cols;
  }

  get disposed(): boolean {
    return this.#buffer === null;
  }

  /** @internal The tensor's buffer in the core; throws DisposedError after dispose(). */
  get buffer(): F32Buffer {
    if (this.#buffer === null) throw new DisposedError(`this ${this.rows}x${this.cols} tensor was disposed`);
    return this.#buffer;
  }

  /** A copy of the tensor's values. */
  read(): Matrix {
    return { rows: this.rows, cols: this.cols, data: this.buffer.read() };
  }

  /** @internal Overwrites the tensor's values (no shape check beyond the length). */
  write(data: ArrayLike<number>): void {
    if (data.length !== this.size) {
      throw new ShapeError(`writing ${data.length} values into a ${this.rows}x${this.cols} tensor`);
    }
    this.buffer.write(data);
  }

  /** Frees the tensor's memory. Disposing twice does nothing. */
  dispose(): void {
    if (this.#buffer === null) return;
    free(this.#buffer);
    this.#buffer = null;
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
    void x.buffer; // throws DisposedError for a disposed tensor
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

/**
 * Checks an `out` option: undefined, or a live Tensor (of the result's shape, when given).
 * Every op reports a wrong `out` with the same error class and wording.
 */
export function checkOut(out: unknown, op: string, rows?: number, cols?: number): Tensor | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof Tensor)) throw new ValueError(`${op}: out must be a Tensor from sb.tensor(), got ${describe(out)}`);
  void out.buffer;
  if (rows !== undefined && cols !== undefined && (out.rows !== rows || out.cols !== cols)) {
    throw new ShapeError(`${op}: out is ${out.rows}x${out.cols}, the result is ${rows}x${cols}`);
  }
  return out;
}

/**
 * Data as a Matrix, from a Tensor (a copy of its values: a Tensor holds only finite values when
 * made by sb.tensor, but an op may have written NaN into it, so the check still runs) or from
 * anything toMatrix takes.
 */
export function matrixOf(x: unknown, name: string, options: { checkFinite?: boolean } = {}): Matrix {
  return toMatrix(x instanceof Tensor ? x.read() : x, name, options);
}
