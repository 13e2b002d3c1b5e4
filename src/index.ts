// symbreak's public API: everything a user calls is exported here, and nothing else.
export { ready } from './runtime/core.js';
export { memory, type MemoryInfo } from './runtime/heap.js';
export { tensor, Tensor, type TensorLike } from './runtime/tensor.js';
export type { Matrix, MatrixLike } from './runtime/matrix.js';
export { ops } from './ops.js';
export {
  init,
  calculateGain,
  resolveInitializer,
  fromConfig,
  randomStream,
  type Initializer,
  type InitializerSpec,
  type InitializerConfig,
  type RandomStream,
} from './init/index.js';
export { Network, type LayerWeights, type LayerInfo, type Targets } from './nn/network.js';
export type { NetworkSpec, LayerSpec, NetworkJSON } from './nn/spec.js';
export type { ActivationName, ActivationSpec } from './nn/activation.js';
export type { FitOptions, History, EpochLogs } from './nn/fit.js';
export type { LossName } from './kernels/losses.js';
export type { OptimizerSpec } from './kernels/optimizers.js';
export { datasets } from './data/index.js';
export {
  diagnose,
  formatReport,
  lsuv,
  DEFAULT_THRESHOLDS,
  type DiagnosticsReport,
  type DiagnoseOptions,
  type DiagnoseThresholds,
  type LayerReport,
  type SymmetryReport,
  type Finding,
  type FindingCode,
  type Severity,
  type FormatOptions,
  type LsuvOptions,
  type LsuvLayerResult,
  type FitDiagnosticsOptions,
} from './diagnostics/index.js';
export {
  SymbreakError,
  ShapeError,
  ValueError,
  NotReadyError,
  DisposedError,
  FormatError,
  NonFiniteError,
} from './errors.js';
