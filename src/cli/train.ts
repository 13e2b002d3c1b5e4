// Helpers the experiments share: full-batch gradient descent with a sampled loss curve, the
// predictions on a grid (decision boundaries) and the similarity of hidden units.
import type { History, Matrix, Network } from '../index.js';
import type { Curve, Grid, Points } from './report.js';

export interface TrainOptions {
  learningRate: number;
  iterations: number;
  /** Points of the loss curve (about; the final loss is always last). Default 200. */
  curvePoints?: number;
  /** Called after every `every` iterations with the iterations done (and after the last). */
  every?: number;
  onIterations?: (done: number) => void;
}

export interface TrainResult {
  curve: Curve;
  seconds: number;
  stepsPerSecond: number;
  loss: number;
  accuracy: number;
  /** fit's history, for diagnose to judge the run by. */
  history: History;
}

/** Full-batch gradient descent on binary cross-entropy (the course's loop), timed. */
export async function trainFullBatch(net: Network, x: Matrix, y: Matrix, o: TrainOptions): Promise<TrainResult> {
  const every = o.every ?? 0;
  const t0 = performance.now();
  const history = await net.fit(x, y, {
    loss: 'binaryCrossEntropy',
    optimizer: { type: 'sgd', learningRate: o.learningRate },
    epochs: o.iterations,
    batchSize: x.rows,
    shuffle: false,
    onEpochEnd: (epoch) => {
      const done = epoch + 1;
      if (every > 0 && (done % every === 0 || done === o.iterations)) o.onIterations?.(done);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const final = net.evaluate(x, y, { loss: 'binaryCrossEntropy' });
  const stride = Math.max(1, Math.ceil(o.iterations / (o.curvePoints ?? 200)));
  const curve: Curve = { iteration: [], loss: [] };
  for (let i = 0; i < history.loss.length; i += stride) {
    curve.iteration.push(i);
    curve.loss.push(history.loss[i]!);
  }
  curve.iteration.push(history.epochs);
  curve.loss.push(final.loss);
  return {
    curve,
    seconds,
    stepsPerSecond: history.epochs / Math.max(seconds, 1e-9),
    loss: final.loss,
    accuracy: final.accuracy,
    history,
  };
}

/** Points of a two-column dataset, for the charts and the JSON (rounded to 4 decimals). */
export function pointsOf(x: Matrix, y: Matrix): Points {
  const p: Points = { x: [], y: [], label: [] };
  for (let i = 0; i < x.rows; i++) {
    p.x.push(round(x.data[2 * i]!, 4));
    p.y.push(round(x.data[2 * i + 1]!, 4));
    p.label.push(y.data[i]!);
  }
  return p;
}

/** A square-celled grid over the data's bounding box plus a margin (the course's plot: ±1). */
export function gridOver(points: Points, cols: number, margin: number): Grid {
  const xMin = Math.min(...points.x) - margin;
  const xMax = Math.max(...points.x) + margin;
  const yMin = Math.min(...points.y) - margin;
  const yMax = Math.max(...points.y) + margin;
  const rows = Math.max(1, Math.round((cols * (yMax - yMin)) / (xMax - xMin)));
  return { xMin: round(xMin, 4), xMax: round(xMax, 4), yMin: round(yMin, 4), yMax: round(yMax, 4), rows, cols };
}

/** The grid's cell centres as a matrix, row 0 at the top (yMax). */
export function gridInputs(g: Grid): Matrix {
  const data = new Float32Array(g.rows * g.cols * 2);
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      const k = 2 * (r * g.cols + c);
      data[k] = g.xMin + ((c + 0.5) * (g.xMax - g.xMin)) / g.cols;
      data[k + 1] = g.yMax - ((r + 0.5) * (g.yMax - g.yMin)) / g.rows;
    }
  }
  return { rows: g.rows * g.cols, cols: 2, data };
}

/** The network's probability of class 1 on every grid cell, rounded to 3 decimals. */
export function boundaryOf(net: Network, g: Grid): number[] {
  return Array.from(net.predict(gridInputs(g)).data, (p) => round(p, 3));
}

/**
 * |cosine| between every pair of columns of a (samples x units) activation matrix: 1 means the
 * two units compute the same function up to scale. Two all-zero columns count as identical (1),
 * a zero column and a non-zero one as unrelated (0).
 */
export function columnSimilarity(a: Matrix): number[][] {
  const n = a.cols;
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += a.data[i * n + j]! ** 2;
    return Math.sqrt(s);
  });
  return Array.from({ length: n }, (_, j) =>
    Array.from({ length: n }, (_, k) => {
      if (norms[j] === 0 || norms[k] === 0) return norms[j] === norms[k] ? 1 : 0;
      let dot = 0;
      for (let i = 0; i < a.rows; i++) dot += a.data[i * n + j]! * a.data[i * n + k]!;
      return round(Math.min(1, Math.abs(dot) / (norms[j]! * norms[k]!)), 4);
    }),
  );
}

/** The population std of an array's entries (float64). */
export function stdOf(v: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i]!;
  mean /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - mean) ** 2;
  return Math.sqrt(s / v.length);
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
