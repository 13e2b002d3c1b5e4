// assembly/kernels/gather.ts: mini-batches gathered from data staged once on the core.
//   gatherRows (src, idx, dst, count, cols)   dst[r] = src[idx[r]] for r < count, rows of `cols` floats
export { f32_gather_rows as gatherRows } from '../core/abi.generated.js';
