// The core's heap as TypeScript sees it: allocation of typed buffers with live-byte bookkeeping
// (what `sb.memory()` reports). TypeScript owns every buffer's lifetime; kernels never allocate.
import { SymbreakError } from '../errors.js';
import { CoreBuffer, F32, F64, I32, type Buffer, type F32Buffer, type F64Buffer, type I32Buffer } from './buffer.js';
import { rawAlloc, rawFree, wasmMemory } from './abi.generated.js';

const live = new Map<number, number>();
let liveBytes = 0;

/** Allocates `bytes` (16-byte aligned: AL_BITS = 4 in AssemblyScript's TLSF) and records them. */
function allocBytes(size: number): number {
  const ptr = rawAlloc(size) >>> 0;
  if (ptr === 0) throw new SymbreakError(`the WebAssembly core could not allocate ${size} bytes`);
  live.set(ptr, size);
  liveBytes += size;
  return ptr;
}

/** Room for `count` float32 values (an empty buffer still gets one element of room). */
export function allocF32(count: number): F32Buffer {
  return new CoreBuffer(allocBytes(Math.max(1, count) * 4), count, true, F32);
}

/** Room for `count` float64 values. */
export function allocF64(count: number): F64Buffer {
  return new CoreBuffer(allocBytes(Math.max(1, count) * 8), count, true, F64);
}

/** Room for `count` int32 values. */
export function allocI32(count: number): I32Buffer {
  return new CoreBuffer(allocBytes(Math.max(1, count) * 4), count, true, I32);
}

/** Frees a buffer from allocF32/allocF64/allocI32. Freeing a view, or twice, is a bug: it throws. */
export function free(buffer: Buffer): void {
  const bytes = buffer.owned ? live.get(buffer.ptr) : undefined;
  if (bytes === undefined) {
    throw new SymbreakError(`internal: free of a buffer the heap does not own (address ${buffer.ptr})`);
  }
  live.delete(buffer.ptr);
  liveBytes -= bytes;
  rawFree(buffer.ptr);
  buffer.ptr = 0;
}

/** Frees each buffer given, skipping undefined ones; every one is attempted even if one throws. */
export function freeAll(buffers: Iterable<Buffer | undefined>): void {
  let failure: unknown;
  for (const b of buffers) {
    if (b === undefined) continue;
    try {
      free(b);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
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
  return { wasmBytes: wasmMemory().buffer.byteLength, liveBuffers: live.size, liveBytes };
}
