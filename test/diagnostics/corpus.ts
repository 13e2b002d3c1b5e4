// The diagnostics corpus: healthy networks (each trained in the test to show it is healthy) and
// broken ones (each with the finding code and cause it must get), on small 2-D tasks. Shared by
// corpus.test.ts and the closed-loop test, which applies each broken case's fix and retrains.
import * as sb from '../../src/index.js';

export type Task = 'circles' | 'moons' | 'xor' | 'flower' | 'spirals';

export interface Data {
  x: sb.Matrix;
  y: sb.Matrix;
  loss: 'binaryCrossEntropy' | 'categoricalCrossEntropy';
  /** The accuracy a healthy network of the corpus reaches on it. */
  healthy: number;
}

const cache = new Map<string, Data>();

/** The task's data; `scale` multiplies x (unstandardized inputs). */
export function data(task: Task, scale = 1): Data {
  const key = `${task}:${scale}`;
  let d = cache.get(key);
  if (d) return d;
  const raw =
    task === 'circles'
      ? sb.datasets.circles({ n: 200, noise: 0.05, factor: 0.5, seed: 1 })
      : task === 'moons'
        ? sb.datasets.moons({ n: 200, noise: 0.1, seed: 2 })
        : task === 'xor'
          ? sb.datasets.xor({ n: 200, seed: 3 })
          : task === 'flower'
            ? sb.datasets.planarFlower({ n: 400, seed: 1 })
            : sb.datasets.spirals({ n: 300, classes: 3, seed: 4 });
  const x = { rows: raw.x.rows, cols: raw.x.cols, data: raw.x.data.map((v) => v * scale) };
  const loss = task === 'spirals' ? 'categoricalCrossEntropy' : 'binaryCrossEntropy';
  const healthy = task === 'flower' ? 0.85 : task === 'spirals' ? 0.8 : 0.9;
  d = { x, y: raw.y, loss, healthy };
  cache.set(key, d);
  return d;
}

export interface Recipe {
  optimizer: sb.OptimizerSpec;
  epochs: number;
  /** Default: the whole set in one batch. */
  batchSize?: number;
}

export const ADAM: Recipe = { optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 300 };

/** For 30-layer nets: Adam's steps at 0.01 collapse even a well-initialized one to a constant. */
export const DEEP: Recipe = { optimizer: { type: 'adam', learningRate: 0.001 }, epochs: 300 };

export interface Case {
  name: string;
  task: Task;
  spec: sb.NetworkSpec;
  recipe?: Recipe;
  /** Inputs multiplied by this (default 1). */
  inputScale?: number;
  /** Initialized by sb.lsuv on the training inputs after construction. */
  lsuv?: boolean;
}

export interface BrokenCase extends Case {
  code: sb.FindingCode;
  cause: sb.Cause;
  /** Judge after training with the history (the problem shows in training). */
  afterTraining?: boolean;
  /** Part of the closed loop: its fix must make it train. */
  closedLoop: boolean;
  /** The severity it must get when it cannot learn at all (else a warning or an error). */
  severity?: 'error';
}

/** A stack of `depth` layers (the last one the output) of `units` each. */
export function stack(
  depth: number,
  hidden: Omit<sb.LayerSpec, 'units'>,
  options: { units?: number; out?: sb.LayerSpec; inputs?: number; seed?: number } = {},
): sb.NetworkSpec {
  const units = options.units ?? 16;
  return {
    inputs: options.inputs ?? 2,
    layers: [...Array.from({ length: depth - 1 }, () => ({ units, ...hidden })), options.out ?? { units: 1, activation: 'sigmoid' }],
    seed: options.seed ?? 1,
  };
}

const normal = (scale: number): sb.Initializer => sb.init.scaledNormal({ scale });

export const HEALTHY: Case[] = [
  {
    name: "the lesson's flower: tanh, randn*0.01, SGD 1.2",
    task: 'flower',
    spec: { inputs: 2, layers: [{ units: 4, activation: 'tanh', kernelInit: normal(0.01) }, { units: 1, activation: 'sigmoid', kernelInit: normal(0.01) }], seed: 1 },
    recipe: { optimizer: { type: 'sgd', learningRate: 1.2 }, epochs: 1000 },
  },
  { name: "the course's [2,10,5,1] relu with He", task: 'circles', spec: { inputs: 2, layers: [{ units: 10, activation: 'relu', kernelInit: 'heNormal' }, { units: 5, activation: 'relu', kernelInit: 'heNormal' }, { units: 1, activation: 'sigmoid' }], seed: 3 } },
  { name: 'tanh 16, glorot gain 5/3, moons', task: 'moons', spec: stack(2, { activation: 'tanh', kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) }) },
  { name: 'XOR, tanh 8, glorotUniform', task: 'xor', spec: stack(2, { activation: 'tanh' }, { units: 8 }) },
  { name: 'relu x8, heNormal', task: 'circles', spec: stack(8, { activation: 'relu', kernelInit: 'heNormal' }) },
  { name: 'relu x16, heNormal', task: 'circles', spec: stack(16, { activation: 'relu', kernelInit: 'heNormal' }) },
  { name: 'relu x8, heUniform', task: 'circles', spec: stack(8, { activation: 'relu', kernelInit: 'heUniform' }) },
  { name: 'relu x8, orthogonal gain sqrt(2)', task: 'circles', spec: stack(8, { activation: 'relu', kernelInit: sb.init.orthogonal({ gain: Math.SQRT2 }) }) },
  { name: 'leakyRelu x8, He with its slope', task: 'circles', spec: stack(8, { activation: 'leakyRelu', kernelInit: sb.init.heNormal({ negativeSlope: 0.01 }) }) },
  { name: 'elu x4, lecunNormal', task: 'moons', spec: stack(4, { activation: 'elu', kernelInit: 'lecunNormal' }) },
  { name: 'gelu x4, lecunNormal with its gain', task: 'moons', spec: stack(4, { activation: 'gelu', kernelInit: sb.init.lecunNormal({ gain: sb.calculateGain('gelu') }) }) },
  { name: 'softplus x4', task: 'circles', spec: stack(4, { activation: 'softplus', kernelInit: sb.init.lecunNormal({ gain: sb.calculateGain('softplus') }) }) },
  { name: 'selu x8, lecunNormal', task: 'circles', spec: stack(8, { activation: 'selu', kernelInit: 'lecunNormal' }) },
  { name: 'silu x4', task: 'moons', spec: stack(4, { activation: 'silu', kernelInit: sb.init.lecunNormal({ gain: sb.calculateGain('silu') }) }) },
  { name: 'sigmoid, one hidden layer, glorotUniform', task: 'moons', spec: stack(2, { activation: 'sigmoid' }), recipe: { ...ADAM, epochs: 1000 } },
  {
    name: 'spirals, relu 32 x2 with He, softmax',
    task: 'spirals',
    spec: stack(3, { activation: 'relu', kernelInit: 'heNormal' }, { units: 32, out: { units: 3, activation: 'softmax' } }),
    recipe: { optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 600 },
  },
  { name: 'tanh x6, glorot gain 5/3', task: 'circles', spec: stack(6, { activation: 'tanh', kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) }) },
  { name: 'relu x8, LSUV', task: 'circles', spec: stack(8, { activation: 'relu' }), lsuv: true },
  { name: 'tanh x8, LSUV', task: 'moons', spec: stack(8, { activation: 'tanh' }), lsuv: true },
];

export const BROKEN: BrokenCase[] = [
  { name: 'zero kernels, tanh', task: 'circles', spec: stack(3, { activation: 'tanh', kernelInit: 'zeros' }, { out: { units: 1, activation: 'sigmoid', kernelInit: 'zeros' } }), code: 'SYMMETRIC_UNITS', cause: 'initialization', severity: 'error', closedLoop: true },
  { name: 'constant kernels, relu', task: 'circles', spec: stack(3, { activation: 'relu', kernelInit: sb.init.constant({ value: 0.5 }) }, { out: { units: 1, activation: 'sigmoid', kernelInit: sb.init.constant({ value: 0.5 }) } }), code: 'SYMMETRIC_UNITS', cause: 'initialization', severity: 'error', closedLoop: true },
  { name: 'relu with biasInit constant(-10)', task: 'circles', spec: stack(3, { activation: 'relu', kernelInit: 'heNormal', biasInit: sb.init.constant({ value: -10 }) }), code: 'DEAD_UNITS', cause: 'bias', severity: 'error', closedLoop: true },
  { name: 'relu x4 with biasInit constant(-1.5): some units dead', task: 'circles', spec: stack(4, { activation: 'relu', kernelInit: 'heNormal', biasInit: sb.init.constant({ value: -1.5 }) }), code: 'DEAD_UNITS', cause: 'bias', closedLoop: false },
  { name: 'sigmoid x30, randn*0.01', task: 'circles', spec: stack(30, { activation: 'sigmoid', kernelInit: normal(0.01) }), recipe: DEEP, code: 'VANISHING_SIGNAL', cause: 'activation', severity: 'error', closedLoop: true },
  { name: 'sigmoid x30, glorotUniform', task: 'circles', spec: stack(30, { activation: 'sigmoid' }), recipe: DEEP, code: 'VANISHING_SIGNAL', cause: 'activation', closedLoop: true },
  { name: 'tanh x10, randn*0.01', task: 'circles', spec: stack(10, { activation: 'tanh', kernelInit: normal(0.01) }), code: 'VANISHING_SIGNAL', cause: 'initialization', closedLoop: true },
  { name: 'relu x10, randn*0.05', task: 'circles', spec: stack(10, { activation: 'relu', kernelInit: normal(0.05) }), code: 'VANISHING_SIGNAL', cause: 'initialization', closedLoop: true },
  { name: 'relu x10 of 64, randn*1', task: 'circles', spec: stack(10, { activation: 'relu', kernelInit: normal(1) }, { units: 64 }), code: 'EXPLODING_SIGNAL', cause: 'initialization', severity: 'error', closedLoop: true },
  { name: 'tanh x3, randn*10', task: 'circles', spec: stack(3, { activation: 'tanh', kernelInit: normal(10) }), code: 'SATURATION', cause: 'initialization', closedLoop: true },
  { name: 'tanh, glorot 5/3, inputs x100', task: 'circles', inputScale: 100, spec: stack(3, { activation: 'tanh', kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) }), code: 'SATURATION', cause: 'inputs', closedLoop: true },
  {
    name: 'SGD at learning rate 30',
    task: 'circles',
    spec: stack(3, { activation: 'tanh', kernelInit: sb.init.glorotUniform({ gain: 5 / 3 }) }),
    recipe: { optimizer: { type: 'sgd', learningRate: 30 }, epochs: 30, batchSize: 32 },
    afterTraining: true,
    code: 'DIVERGING_LOSS',
    cause: 'learningRate',
    severity: 'error',
    closedLoop: true,
  },
  {
    name: 'XOR, sigmoid units at randn*0.01: the saddle',
    task: 'xor',
    spec: { inputs: 2, layers: [{ units: 2, activation: 'sigmoid', kernelInit: normal(0.01) }, { units: 1, activation: 'sigmoid', kernelInit: normal(0.01) }], seed: 1 },
    recipe: { optimizer: { type: 'sgd', learningRate: 0.5 }, epochs: 400 },
    afterTraining: true,
    code: 'PLATEAU',
    cause: 'initialization',
    closedLoop: false,
  },
  { name: 'zero kernels, relu', task: 'moons', spec: stack(3, { activation: 'relu', kernelInit: 'zeros' }), code: 'SYMMETRIC_UNITS', cause: 'initialization', severity: 'error', closedLoop: false },
  { name: 'sigmoid x8, randn*3', task: 'circles', spec: stack(8, { activation: 'sigmoid', kernelInit: normal(3) }), code: 'SATURATION', cause: 'initialization', closedLoop: false },
  { name: 'relu x20 of 32, randn*1', task: 'moons', spec: stack(20, { activation: 'relu', kernelInit: normal(1) }, { units: 32 }), code: 'EXPLODING_SIGNAL', cause: 'initialization', severity: 'error', closedLoop: false },
];

/** x standardized per feature (the fix's standardizeInputs). */
export function standardize(x: sb.Matrix): sb.Matrix {
  const out = new Float32Array(x.data.length);
  for (let c = 0; c < x.cols; c++) {
    let m = 0;
    for (let r = 0; r < x.rows; r++) m += x.data[r * x.cols + c]!;
    m /= x.rows;
    let v = 0;
    for (let r = 0; r < x.rows; r++) v += (x.data[r * x.cols + c]! - m) ** 2;
    const s = Math.sqrt(v / x.rows) || 1;
    for (let r = 0; r < x.rows; r++) out[r * x.cols + c] = (x.data[r * x.cols + c]! - m) / s;
  }
  return { rows: x.rows, cols: x.cols, data: out };
}

function isJSON(spec: sb.NetworkSpec | sb.NetworkJSON): spec is sb.NetworkJSON {
  return spec.layers.every((l) => typeof l.kernelInit === 'object' && l.kernelInit !== null && 'config' in l.kernelInit);
}

export interface Trained {
  net: sb.Network;
  history: sb.History;
  accuracy: number;
}

/** Trains a spec on the case's data with its recipe (the caller disposes the network). */
/** The case's network, as it starts training (after LSUV for the cases that use it). */
export async function build(spec: sb.NetworkSpec | sb.NetworkJSON, x: sb.Matrix, lsuv = false): Promise<sb.Network> {
  // A fixed spec (sb.applyFix) is in toJSON's form: Network.fromJSON builds it.
  const net = isJSON(spec) ? sb.Network.fromJSON(spec) : new sb.Network(spec as sb.NetworkSpec);
  if (lsuv) await sb.lsuv(net, x);
  return net;
}

export async function train(spec: sb.NetworkSpec | sb.NetworkJSON, x: sb.Matrix, d: Data, recipe: Recipe = ADAM, lsuv = false): Promise<Trained> {
  const net = await build(spec, x, lsuv);
  const history = await net.fit(x, d.y, { loss: d.loss, optimizer: recipe.optimizer, epochs: recipe.epochs, batchSize: recipe.batchSize ?? x.rows, shuffle: false });
  const accuracy = net.evaluate(x, d.y, { loss: d.loss }).accuracy;
  return { net, history, accuracy };
}

/** Warnings and errors of a report, as short strings for failure messages. */
export function alarms(r: sb.DiagnosticsReport): string[] {
  return r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.code} layer ${f.layer} (${f.cause}): ${f.message}`);
}
