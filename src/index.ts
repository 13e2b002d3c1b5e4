// symbreak's public API: everything a user calls is exported here, and nothing else.
export { ready } from './core/load.js';
export { memory, type MemoryInfo } from './core/heap.js';
export { tensor, Tensor, type TensorLike } from './core/tensor.js';
export type { Matrix, MatrixLike } from './util/matrix.js';
export { ops } from './ops/index.js';
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
export { Network, type FitOptions, type History } from './network.js';
export type { LayerWeights, LayerInfo, Targets } from './nn/network.js';
export type { NetworkSpec, LayerSpec, NetworkJSON } from './nn/spec.js';
export type { ActivationName, ActivationSpec } from './nn/activation.js';
/** Every activation a layer can use, in the registry's order (softmax: last layer only). */
export { ACTIVATION_NAMES as activations } from './registry/activations.js';
export type { EpochLogs, Stopped } from './nn/history.js';
export type { LossName } from './nn/losses.js';
export type { OptimizerSpec } from './nn/optimizers.js';
export { datasets } from './data/index.js';
export { numpy, type RandomState, type RandomStateState, type Size } from './numpy/index.js';
export {
  diagnose,
  formatReport,
  lsuv,
  DEFAULT_THRESHOLDS,
  applyFix,
  type Fix,
  type FixSpec,
  type LayerFix,
  type Cause,
  type Phase,
  type TrainingReport,
  type TrainabilityReport,
  type TrainabilityVerdict,
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
