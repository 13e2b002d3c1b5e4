// scikit-learn's make_circles (sklearn/datasets/_samples_generator.py): n_out = n // 2 points
// on the unit circle at angles linspace(0, 2π, n_out, endpoint=False), n_in = n - n_out on the
// circle of radius `factor` at linspace(0, 2π, n_in, endpoint=False); labels 0 (outer) and
// 1 (inner); then the rows are shuffled and Gaussian noise of std `noise` is added to every
// coordinate, in that order, as sklearn does.
import { count, readOptions, real, rngField, seed as seedField } from './options.js';
import { type Dataset, addNoise, drawsOf, linspace, points, shuffleRows, toDataset } from './sampling.js';
import { cos, sin } from './trig.js';

export interface CirclesOptions {
  /** Number of points. Default 100. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Default 0. */
  noise?: number;
  /** Radius of the inner circle, in [0, 1). Default 0.8. */
  factor?: number;
  /** Seed of the random stream (shuffle, then noise). Default 0. */
  seed?: number | string;
  /** 'numpy': draw from numpy's RandomState(seed), as `np.random.seed(seed)` then sklearn's generator does. */
  rng?: 'numpy';
}

/** Two concentric circles; y is 0 for the outer circle and 1 for the inner one (float32, n x 1). */
export function circles(options?: CirclesOptions): Dataset {
  const { n, noise, factor, seed, rng: numpyRng } = readOptions('circles', options, {
    n: count(100),
    noise: real(0, { min: 0 }),
    factor: real(0.8, { min: 0, below: 1 }),
    seed: seedField(),
    rng: rngField(),
  });

  const nOut = Math.floor(n / 2);
  const { px, py, labels } = points(n);
  const outer = linspace(0, 2 * Math.PI, nOut, false);
  const inner = linspace(0, 2 * Math.PI, n - nOut, false);
  for (let i = 0; i < nOut; i++) {
    px[i] = cos(outer[i]!);
    py[i] = sin(outer[i]!);
  }
  for (let i = 0; i < inner.length; i++) {
    px[nOut + i] = cos(inner[i]!) * factor;
    py[nOut + i] = sin(inner[i]!) * factor;
    labels[nOut + i] = 1;
  }
  const rng = drawsOf('circles', seed, numpyRng);
  shuffleRows(rng, px, py, labels);
  addNoise(rng, px, py, noise);
  return toDataset(px, py, labels);
}

