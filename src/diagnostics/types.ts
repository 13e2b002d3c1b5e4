// The shape of a diagnostics report (`sb.diagnose`), of its findings and of the options.
import type { History } from '../nn/history.js';
import type { LossName } from '../nn/losses.js';
import type { ActivationName } from '../registry/activations.js';
import type { Fix } from './fix.js';
import type { TrainabilityReport } from './trainability.js';

/**
 * Judged by the effect on learning: 'error' when the network cannot learn as it is, 'warning'
 * when it learns badly, 'info' when it is worth knowing but harmless.
 */
export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'SYMMETRIC_UNITS'
  | 'SATURATION'
  | 'DEAD_UNITS'
  | 'NEGATIVE_UNITS'
  | 'VANISHING_SIGNAL'
  | 'EXPLODING_SIGNAL'
  | 'VANISHING_GRADIENT'
  | 'EXPLODING_GRADIENT'
  | 'DIVERGING_LOSS'
  | 'PLATEAU'
  | 'SLOW_LEARNING'
  | 'SMALL_PROBE';

/**
 * What the evidence says is behind a finding: the kernel initialization, the bias, the
 * activation, the learning rate, the inputs' scale, the depth (a cost of depth that no scale
 * removes), training itself (what a network that learns looks like), or the probe (too few
 * samples to judge).
 */
export type Cause = 'initialization' | 'bias' | 'activation' | 'learningRate' | 'inputs' | 'depth' | 'training' | 'probe';

/** When the report was taken: before any training step, after some, or not known (weights set or loaded). */
export type Phase = 'initialization' | 'training' | 'unknown';

export interface Finding {
  severity: Severity;
  code: FindingCode;
  /** The layer (0-based, as in `report.layers`) the finding is about; -1 for the whole network. */
  layer: number;
  cause: Cause;
  /** What was measured, in plain language, and when (at initialization, after N steps). */
  message: string;
  /** The numbers the finding was judged on. */
  evidence: Record<string, number>;
  /** What to change, as data (`sb.applyFix`) and words; null when nothing needs to or can change. */
  fix: Fix | null;
}

export interface SymmetryReport {
  /**
   * Groups of two or more units whose activation columns on x are equal within
   * `symmetryTolerance` relative to the columns' scale (bit-identical columns always are).
   * Each group is sorted; groups are ordered by their first unit.
   */
  groups: number[][];
  /** units − Σ(|group| − 1): how many different functions the layer computes on x. */
  distinctUnits: number;
  /**
   * locked[i] for groups[i]: gradient descent can never separate the group. Hidden layer: equal
   * incoming weights and bias and equal outgoing weights (the next layer's kernel columns).
   * Last layer: equal incoming weights and bias and, when y was given, equal target columns
   * (without y: false, since different targets separate output units).
   */
  locked: boolean[];
  /**
   * The largest |cosine| between the centred activation columns of two units in different
   * groups (near-symmetry: 1 means one unit is an affine copy of the other on x). Undefined
   * when fewer than two non-constant distinct units exist.
   */
  maxAbsCosine?: number;
  /** The pair of units with that cosine. */
  mostSimilar?: [number, number];
}

export interface LayerReport {
  /** Inputs of the layer (fan-in). */
  inputs: number;
  units: number;
  /** The activation's name, and the mean and std of its output over all elements on x. */
  activation: { name: ActivationName; mean: number; std: number };
  /** Mean and std of the pre-activations z = x·Wᵀ + b over all elements on x. */
  preactivation: { mean: number; std: number };
  symmetry: SymmetryReport;
  /**
   * fraction: share of the layer's activations in the flat region (tanh: |a| > tanhSaturation;
   * sigmoid: a outside [sigmoidSaturation, 1 − sigmoidSaturation]; 0 for other activations).
   * meanDerivative: mean of f'(z) over all elements (undefined for softmax).
   */
  saturation: { fraction: number; meanDerivative?: number };
  /**
   * Rectifier-like layers (relu, leakyRelu, elu, gelu, softplus, selu, silu): units whose
   * pre-activation is <= 0 for every sample of x (for relu these are dead: zero gradient; the
   * others still pass their negative side's slope). Zero (and no units) for other activations.
   */
  dead: { fraction: number; count: number; units: number[] };
  /**
   * Per unit over the probe: `spread` is sqrt(mean over units of each unit's pre-activation
   * variance), the part of the layer's std that carries information about x; `constant` the
   * units whose activation is constant on x (within float32 rounding): they pass nothing on.
   */
  signal: { spread: number; constant: number[] };
  /** Mean of the bias. */
  bias: { mean: number };
  /** The mean-field χ of the layer (see trainability.ts). */
  chi: number;
  /** With y: Frobenius norm of the mean-loss gradient of the kernel, and of the bias. */
  gradient?: { kernelNorm: number; biasNorm: number };
  /**
   * Kernel statistics: std of its entries, spectral norm σ_max and condition number
   * σ_max/σ_min (over the min(units, inputs) singular values; Infinity when numerically
   * singular). exact: computed to float64 accuracy (see spectrum.ts); otherwise the spectral
   * norm is an estimate from below and the condition number a lower bound.
   */
  weights: { std: number; spectralNorm: number; conditionNumber: number; exact: boolean };
}

export interface DiagnosticsReport {
  /** Probe samples (rows of x). */
  samples: number;
  /** Mean and std of x over all elements (the signal thresholds are relative to this std). */
  input: { mean: number; std: number };
  layers: LayerReport[];
  /** Errors first, then warnings, then infos; by layer within each. */
  findings: Finding[];
  /** With y: the loss used for the gradients and its value on (x, y). */
  loss?: { name: LossName; value: number };
  /**
   * With y: first layer's kernel gradient norm / last layer's (NaN when both are 0, Infinity
   * when only the last is 0).
   */
  gradientRatio?: number;
  /** Set by fit: the 0-based epoch after which the report was recorded. */
  epoch?: number;
  /** When the report was taken (see Phase); `steps` the optimizer steps taken, when known. */
  phase: Phase;
  steps?: number;
  /** Per-feature spread of x: sqrt(mean over features of each feature's variance). */
  inputSpread: number;
  /** Mean-field χ and the trainability verdict, on the weights given (at initialization, the theory's prediction; see trainability.ts). */
  trainability: TrainabilityReport;
  /** With a history: what the losses did. */
  training?: TrainingReport;
}

export interface TrainingReport {
  /** The losses judged (per epoch from a History, or as given). */
  losses: number[];
  /**
   * 'falling'; 'flat' (no progress over the second half); 'diverging' (non-finite, up over 100x,
   * or with y ending over 10x a constant prediction's loss without falling below its first).
   */
  trend: 'falling' | 'flat' | 'diverging';
  /** The learning rate the history was trained with, when it records one. */
  learningRate?: number;
  /** With y: the loss of the best constant prediction on (x, y) (the level of a net that learned nothing). */
  constantLoss?: number;
}

/** The thresholds of the findings; each is documented with its default in options.ts. */
export interface DiagnoseThresholds {
  symmetryTolerance: number;
  tanhSaturation: number;
  sigmoidSaturation: number;
  saturatedFraction: number;
  deadFraction: number;
  vanishingSignal: number;
  explodingSignal: number;
  vanishingGradient: number;
  explodingGradient: number;
}

export interface DiagnoseOptions extends Partial<DiagnoseThresholds> {
  /**
   * The training so far: fit's History, or the losses (one per epoch or step). Sets the phase
   * (training when it has any loss) and lets diagnose judge divergence and plateaus.
   */
  history?: History<unknown> | number[];
  /** Optimizer steps taken (0: at initialization). Default: what the network counted itself. */
  steps?: number;
  /**
   * The loss for the gradients (only with y). Default: binaryCrossEntropy for a sigmoid last
   * layer, categoricalCrossEntropy for softmax, meanSquaredError otherwise.
   */
  loss?: LossName;
}
