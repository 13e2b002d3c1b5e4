// The shape of a diagnostics report (`sb.diagnose`), of its findings and of the options.
import type { LossName } from '../nn/losses.js';
import type { ActivationName } from '../registry/activations.js';

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'SYMMETRIC_UNITS'
  | 'SATURATION'
  | 'DEAD_UNITS'
  | 'VANISHING_SIGNAL'
  | 'EXPLODING_SIGNAL'
  | 'VANISHING_GRADIENT'
  | 'EXPLODING_GRADIENT';

export interface Finding {
  severity: Severity;
  code: FindingCode;
  /** The layer (0-based, as in `report.layers`) the finding is about. */
  layer: number;
  /** What was measured, in plain language. */
  message: string;
  /** What to do: names an initializer and gain fitted to the layer's activation. */
  suggestion: string;
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
   * Rectifier-like layers (relu, leakyRelu, elu, gelu, softplus): units whose pre-activation is
   * <= 0 for every sample of x. Zero (and no units) for other activations.
   */
  dead: { fraction: number; count: number; units: number[] };
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
   * The loss for the gradients (only with y). Default: binaryCrossEntropy for a sigmoid last
   * layer, categoricalCrossEntropy for softmax, meanSquaredError otherwise.
   */
  loss?: LossName;
}
