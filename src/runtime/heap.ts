// The core's heap as TypeScript sees it: allocation with bookkeeping, and typed-array views
// that are made fresh on every call. A view must never be kept across a call that may
// allocate, because growing WebAssembly memory detaches the old ArrayBuffer.
import { core } from './core.js';
import { SymbreakError } from '../errors.js';

const live = new Map<number, number>();
let liveBytes = 0;

/** Allocates `bytes` (16-byte aligned) on the core's heap. */
export function allocBytes(bytes: number): number {
  const ptr = core().alloc(bytes) >>> 0;
  if (ptr === 0) throw new SymbreakError(`the WebAssembly core could not allocate ${bytes} bytes`);
  live.set(ptr, bytes);
  liveBytes += bytes;
  return ptr;
}

/** Allocates room for `count` float32 values. */
export function allocF32(count: number): number {
  return allocBytes(Math.max(1, count) * 4);
}

/** Frees a block from allocBytes/allocF32. Freeing an unknown pointer is a bug, so it throws. */
export function freeBytes(ptr: number): void {
  const bytes = live.get(ptr);
  if (bytes === undefined) throw new SymbreakError(`internal: free of unknown pointer ${ptr}`);
  live.delete(ptr);
  liveBytes -= bytes;
  core().free(ptr);
}

/** A float32 view of `count` values at `ptr`, valid until the next call that may allocate. */
export function f32View(ptr: number, count: number): Float32Array {
  return new Float32Array(core().memory.buffer, ptr, count);
}

/** Copies `src` into the core at `ptr`. */
export function writeF32(ptr: number, src: ArrayLike<number>): void {
  f32View(ptr, src.length).set(src);
}

/** Copies `count` float32 values out of the core into a new array the caller owns. */
export function readF32(ptr: number, count: number): Float32Array {
  return f32View(ptr, count).slice();
}

export interface MemoryInfo {
  /** Size of the WebAssembly memory in bytes (grows, never shrinks). */
  wasmBytes: number;
  /** Buffers allocated by symbreak and not yet freed. */
  liveBuffers: number;
  /** Bytes in those buffers. */
  liveBytes: number;
}

/** The core's memory, like tfjs's `tf.memory()`: a test can see that nothing leaks. */
export function memory(): MemoryInfo {
  return { wasmBytes: core().memory.buffer.byteLength, liveBuffers: live.size, liveBytes };
}
