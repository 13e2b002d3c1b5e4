// assembly/kernels/gather.ts: mini-batches gathered from data staged once on the core.
import type { F32Buffer, I32Buffer } from '../core/buffer.js';
import { f32_gather_rows } from '../core/abi.generated.js';

/** dst[r] = src[idx[r]] for r < count, rows of `cols` floats. */
export function gatherRows(src: F32Buffer, idx: I32Buffer, dst: F32Buffer, count: number, cols: number): void {
  f32_gather_rows(src, idx, dst, count, cols);
}
