// Row gathering for mini-batches: the training data is copied into the core once per fit, and
// each batch is gathered from it by an index list, so a shuffled epoch allocates nothing.

import { F32Ptr, I32Ptr } from "./ptr";

/** dst[r] = src[idx[r]] for r < count; rows of `cols` floats; idx holds i32 row numbers. */
export function f32_gather_rows(src: F32Ptr, idx: I32Ptr, dst: F32Ptr, count: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < count; r++) {
    const from = <usize>load<i32>(idx + (<usize>r << 2));
    memory.copy(dst + <usize>r * rowBytes, src + from * rowBytes, rowBytes);
  }
}
