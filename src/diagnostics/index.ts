// Diagnostics (`sb.diagnose`, `sb.formatReport`, `sb.lsuv`): can this network learn from its
// current weights, and if not, why not.
export { diagnose } from './diagnose.js';
export { formatReport, fixText, type FormatOptions } from './report.js';
export { lsuv, type LsuvOptions, type LsuvLayerResult } from './lsuv.js';
export { DEFAULT_THRESHOLDS } from './options.js';
export { applyFix, type Fix, type FixSpec, type LayerFix } from './fix.js';
export type { TrainabilityReport, TrainabilityVerdict } from './trainability.js';
export type { FitDiagnosticsOptions } from './during-fit.js';
export type {
  DiagnosticsReport,
  DiagnoseOptions,
  DiagnoseThresholds,
  LayerReport,
  SymmetryReport,
  Finding,
  Cause,
  Phase,
  TrainingReport,
  FindingCode,
  Severity,
} from './types.js';
