// Raw allocation on the TLSF heap of the "minimal" runtime. Blocks are 16-byte aligned
// (AL_BITS = 4 in std/assembly/rt/common.ts), so every buffer can be read as v128.
// No managed objects are ever created by the kernels, so the collector never runs.

export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}
