// The core's exports. The TypeScript facade owns every buffer: it calls alloc/free,
// and every kernel writes into memory the caller allocated (kernels never allocate).
// Each kernel family lives in its own file under kernels/ and is re-exported here.

export { alloc, free } from "./memory";
export * from "./kernels/gemm";
export * from "./kernels/elementwise";
// Functions only: activations.ts also exports its op codes (ACT_*, MATH_*) as constants for
// the sources and tests, and an `export *` would make them wasm globals.
export {
  f32_activation,
  f32_activation_grad,
  f32_activation_backward,
  f32_softmax_rows,
  f32_log_softmax_rows,
  f32_softmax_rows_backward,
  f32_math,
} from "./kernels/activations";
export * from "./kernels/rows";
export * from "./kernels/reduce";
export * from "./kernels/qr";
export * from "./kernels/losses";
export * from "./kernels/optimizers";
export * from "./kernels/gather";
export * from "./kernels/diagnostics";
