// Typed buffers in the core's memory: the only way the rest of symbreak refers to wasm memory.
// A buffer is an address and a length in elements of one type. Pointer arithmetic happens here
// (view) and nowhere else, and every typed-array view is made fresh from the memory on each
// call: growing WebAssembly memory detaches the old ArrayBuffer, so a view must never be kept
// across a call that may allocate (tfjs and emscripten both shipped that bug).
//
// One class, three types: F32Buffer, F64Buffer and I32Buffer differ in their element array type
// (`read(): Float32Array` ...), so an F64Buffer passed where a kernel expects an F32Buffer is a
// compile error, not a silent reinterpretation.
import { DisposedError, ShapeError } from '../errors.js';
import { wasmMemory } from './abi.generated.js';

type Elements = Float32Array | Float64Array | Int32Array;

/** How a buffer's elements are laid out: their size and the typed array that reads them. */
interface Layout<A extends Elements> {
  readonly bytes: number;
  readonly Array: new (buffer: ArrayBuffer, byteOffset: number, length: number) => A;
}

export const F32: Layout<Float32Array> = { bytes: 4, Array: Float32Array };
export const F64: Layout<Float64Array> = { bytes: 8, Array: Float64Array };
export const I32: Layout<Int32Array> = { bytes: 4, Array: Int32Array };

export class CoreBuffer<A extends Elements> {
  /**
   * @internal The byte address in the core's memory, 0 once the heap freed the buffer. Read only
   * by src/core (the generated ABI passes it to the kernels).
   */
  ptr: number;
  /** Elements in the buffer. */
  readonly length: number;
  /** @internal True for a buffer the heap allocated (a view of one is not owned). */
  readonly owned: boolean;
  readonly #layout: Layout<A>;
  /** The buffer this one is a view of (its memory is freed with it). */
  readonly #parent: CoreBuffer<A> | null;

  /** @internal Only heap.ts (allocation) and view() make buffers. */
  constructor(ptr: number, length: number, owned: boolean, layout: Layout<A>, parent: CoreBuffer<A> | null = null) {
    this.ptr = ptr;
    this.length = length;
    this.owned = owned;
    this.#layout = layout;
    this.#parent = parent;
  }

  /** False once the heap freed this buffer's memory (for a view: its parent's). */
  get live(): boolean {
    return this.ptr !== 0 && (this.#parent === null || this.#parent.live);
  }

  #checkLive(): void {
    if (!this.live) throw new DisposedError(`internal: a buffer of ${this.length} elements used after it was freed`);
  }

  /** A view of `length` elements from element `offset`: shares memory, owned by this buffer. */
  view(offset: number, length: number = this.length - offset): CoreBuffer<A> {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.length) {
      throw new ShapeError(`internal: view [${offset}, ${offset + length}) of a buffer of ${this.length} elements`);
    }
    this.#checkLive();
    return new CoreBuffer(this.ptr + offset * this.#layout.bytes, length, false, this.#layout, this);
  }

  /** A typed array over the buffer, valid only until the next call that may allocate. */
  array(): A {
    this.#checkLive();
    return new this.#layout.Array(wasmMemory().buffer as ArrayBuffer, this.ptr, this.length);
  }

  /** A copy of the elements, owned by the caller. */
  read(): A {
    return this.array().slice() as A;
  }

  /** Copies `src` into the buffer from element `offset`. */
  write(src: ArrayLike<number>, offset = 0): void {
    if (offset + src.length > this.length) {
      throw new ShapeError(`internal: writing ${src.length} values at ${offset} into a buffer of ${this.length}`);
    }
    this.array().set(src, offset);
  }

  /** Sets every element to `value`. */
  fill(value: number): void {
    this.array().fill(value);
  }
}

export type F32Buffer = CoreBuffer<Float32Array>;
export type F64Buffer = CoreBuffer<Float64Array>;
export type I32Buffer = CoreBuffer<Int32Array>;

/** Any of the three. */
export type Buffer = F32Buffer | F64Buffer | I32Buffer;
