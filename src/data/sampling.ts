// Helpers shared by the dataset generators: numpy's linspace, a seeded shuffle, and the
// assembly of the { x, y } matrices. All arithmetic is exactly rounded float64, so the same
// seed gives the same bits on every engine.
import { ValueError } from '../errors.js';
import { randomIndex, randomStream } from '../init/random.js';
import { RandomStateImpl } from '../numpy/random-state.js';
import type { Matrix } from '../util/matrix.js';

/** What every generator returns: n samples of 2 features and one label column. */
export interface Dataset {
  /** n x 2 points. */
  x: Matrix;
  /** n x 1 labels (class ids as float32). */
  y: Matrix;
}

/**
 * numpy.linspace(start, stop, num, endpoint): start + i*step, with the last value set to stop
 * exactly when endpoint is true (numpy does the same).
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Room for n points (coordinates and labels, float64) for a generator to fill. */
export function points(n: number): { px: Float64Array; py: Float64Array; labels: Float64Array } {
  return { px: new Float64Array(n), py: new Float64Array(n), labels: new Float64Array(n) };
}

/** Float64 points (px, py) and labels as float32 matrices. */
export function toDataset(px: ArrayLike<number>, py: ArrayLike<number>, labels: ArrayLike<number>): Dataset {
  const n = labels.length;
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = px[i]!;
    x[2 * i + 1] = py[i]!;
  }
  return { x: { rows: n, cols: 2, data: x }, y: { rows: n, cols: 1, data: Float32Array.from(labels) } };
}

/**
 * Where a generator's randomness comes from: symbreak's stream, or (`rng: 'numpy'`) a numpy
 * RandomState, so the course's `np.random.seed(s)` then make_circles / make_moons /
 * load_planar_dataset give the course's data.
 */
export interface Draws {
  /** A standard normal value. */
  normal(): number;
  /** An integer in [0, n). */
  index(n: number): number;
}

/** The draws of a generator: symbreak's stream from `seed`, or numpy's RandomState(seed). */
export function drawsOf(what: string, seed: number | string, rng: 'numpy' | undefined): Draws {
  if (rng === 'numpy') {
    if (!(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
      throw new ValueError(`${what}: with rng 'numpy' the seed must be an integer between 0 and 2**32 - 1 (as numpy's), got ${JSON.stringify(seed)}`);
    }
    const rs = new RandomStateImpl(seed);
    return { normal: () => rs.nextGauss(), index: (n) => rs.interval(n - 1) };
  }
  const stream = randomStream(seed);
  return { normal: () => stream.normal(), index: (n) => randomIndex(stream, n) };
}

/**
 * Shuffles the rows (points and labels together) in place: Fisher-Yates from the end. The same
 * swaps applied to arange(n) give sklearn's shuffled indices, so the rows come out as
 * `X[indices]` does.
 */
export function shuffleRows(rng: Draws, px: Float64Array, py: Float64Array, labels: Float64Array): void {
  for (let i = labels.length - 1; i > 0; i--) {
    const j = rng.index(i + 1);
    swap(px, i, j);
    swap(py, i, j);
    swap(labels, i, j);
  }
}

/** Adds N(0, noise²) to each coordinate, row by row (x then y), when noise > 0. */
export function addNoise(rng: Draws, px: Float64Array, py: Float64Array, noise: number): void {
  if (noise === 0) return;
  for (let i = 0; i < px.length; i++) {
    px[i] = px[i]! + rng.normal() * noise;
    py[i] = py[i]! + rng.normal() * noise;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
