// symbreak's public API: everything a user calls is exported here, and nothing else.
export { ready } from './runtime/core.js';
export { memory, type MemoryInfo } from './runtime/heap.js';
export { tensor, Tensor, type TensorLike } from './runtime/tensor.js';
export type { Matrix, MatrixLike } from './runtime/matrix.js';
export {
  SymbreakError,
  ShapeError,
  ValueError,
  NotReadyError,
  DisposedError,
  FormatError,
} from './errors.js';
