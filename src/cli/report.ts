// The report model: everything the demo measured, as plain data. The terminal tables, the HTML
// report and the JSON file are all rendered from it, so they show the same numbers.
import type { Finding, TrainabilityVerdict } from '../diagnostics/index.js';
import type { ExperimentName } from './args.js';

/** A loss curve: loss before the step at each listed iteration, and the final loss last. */
export interface Curve {
  iteration: number[];
  loss: number[];
}

/** A two-class point set (the data under a decision boundary). */
export interface Points {
  x: number[];
  y: number[];
  label: number[];
}

/** Network predictions on a grid: p[row * cols + col], row 0 at yMax (the top). */
export interface Grid {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  rows: number;
  cols: number;
}

export interface SymmetryRun {
  /** Short name used in every table and chart ("zeros", "randn*0.01", ...). */
  init: string;
  /** The initializer as code. */
  code: string;
  loss: number;
  accuracy: number;
  units: number;
  /** From diagnose after training: distinct hidden units and groups gradient descent cannot split. */
  distinctUnits: number;
  groups: number[][];
  lockedGroups: number;
  /** Share of saturated tanh activations (|a| > 0.99), before and after training. */
  saturationInit: number;
  saturationFinal: number;
  stepsPerSecond: number;
  seconds: number;
  /** One word or two on what happened, derived from the numbers above. */
  verdict: string;
  curve: Curve;
  /** The hidden kernel [units x inputs] flattened row by row, at each listed iteration. */
  weights: { iteration: number[]; kernel: number[][] };
  /** |cosine| between the hidden units' activation columns on the data, after training. */
  similarity: number[][];
  /** Predicted probability of class 1 on `SymmetryResult.grid`, rounded to 3 decimals. */
  boundary: number[];
  findings: Finding[];
}

export interface SymmetryResult {
  settings: {
    data: string;
    samples: number;
    hiddenUnits: number;
    hiddenActivation: string;
    outputActivation: string;
    learningRate: number;
    iterations: number;
    seed: number;
  };
  runs: SymmetryRun[];
  data: Points;
  grid: Grid;
}

export interface CirclesRun {
  init: string;
  code: string;
  trainAccuracy: number;
  testAccuracy: number;
  trainLoss: number;
  published: { train: number; test: number };
  /** Distinct units of each hidden layer after training (diagnose). */
  distinctUnits: number[];
  stepsPerSecond: number;
  seconds: number;
  curve: Curve;
  boundary: number[];
  findings: Finding[];
}

export interface CirclesResult {
  settings: {
    data: string;
    train: number;
    test: number;
    noise: number;
    layers: number[];
    activations: string[];
    learningRate: number;
    iterations: number;
    publishedIterations: number;
    seed: number;
  };
  runs: CirclesRun[];
  /** One line on why our numbers differ from the published ones (or that they match). */
  note: string;
  data: Points;
  grid: Grid;
}

export interface DepthRun {
  activation: string;
  /** Hidden layers (the sigmoid output layer comes after them). */
  depth: number;
  init: string;
  code: string;
  /** Per hidden layer (0-based, as diagnose counts): std of the activations on the batch. */
  activationStd: number[];
  /** Per hidden layer: std of the kernel gradient's entries (binary cross-entropy, mean over the batch). */
  gradientStd: number[];
  /** LSUV only: rescalings per layer. */
  lsuvIterations?: number[];
  /** diagnose's at-initialization verdict from the mean-field χ (report.trainability). */
  trainability: { verdict: TrainabilityVerdict; product: number; depthScale: number };
  findings: Finding[];
}

export interface DepthResult {
  settings: {
    width: number;
    depths: number[];
    activations: string[];
    batch: number;
    seed: number;
    /** The initializations compared, as code (per run in DepthRun.code). */
    inits: { init: string; code: string }[];
  };
  runs: DepthRun[];
}

export interface DemoReport {
  command: string;
  seed: number;
  quick: boolean;
  experiments: ExperimentName[];
  symmetry?: SymmetryResult;
  circles?: CirclesResult;
  depth?: DepthResult;
  /** Wall-clock seconds per experiment and in total. */
  seconds: Partial<Record<ExperimentName, number>> & { total: number };
}

/** The report as JSON; non-finite numbers become the strings "NaN", "Infinity", "-Infinity". */
export function reportJson(report: DemoReport): string {
  return JSON.stringify(report, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}
