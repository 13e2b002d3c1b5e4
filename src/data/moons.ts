// scikit-learn's make_moons (sklearn/datasets/_samples_generator.py): n_out = n // 2 points on
// the upper half of the unit circle, (cos s, sin s) for s = linspace(0, π, n_out), and
// n_in = n - n_out on the lower moon (1 - cos s, 1 - sin s - 0.5) for s = linspace(0, π, n_in);
// labels 0 (upper) and 1 (lower); then the rows are shuffled and Gaussian noise of std `noise`
// is added to every coordinate, as sklearn does.
import { count, readOptions, real, rngField, seed as seedField } from './options.js';
import { type Dataset, addNoise, drawsOf, linspace, points, shuffleRows, toDataset } from './sampling.js';
import { cos, sin } from './trig.js';

export interface MoonsOptions {
  /** Number of points. Default 100. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Default 0. */
  noise?: number;
  /** Seed of the random stream (shuffle, then noise). Default 0. */
  seed?: number | string;
  /** 'numpy': draw from numpy's RandomState(seed), as `np.random.seed(seed)` then sklearn's generator does. */
  rng?: 'numpy';
}

/** Two interleaving half circles; y is 0 for the upper moon and 1 for the lower (float32, n x 1). */
export function moons(options?: MoonsOptions): Dataset {
  const { n, noise, seed, rng: numpyRng } = readOptions('moons', options, { n: count(100), noise: real(0, { min: 0 }), seed: seedField(), rng: rngField() });

  const nOut = Math.floor(n / 2);
  const { px, py, labels } = points(n);
  const outer = linspace(0, Math.PI, nOut);
  const inner = linspace(0, Math.PI, n - nOut);
  for (let i = 0; i < nOut; i++) {
    px[i] = cos(outer[i]!);
    py[i] = sin(outer[i]!);
  }
  for (let i = 0; i < inner.length; i++) {
    px[nOut + i] = 1 - cos(inner[i]!);
    py[nOut + i] = 1 - sin(inner[i]!) - 0.5;
    labels[nOut + i] = 1;
  }
  const rng = drawsOf('moons', seed, numpyRng);
  shuffleRows(rng, px, py, labels);
  addNoise(rng, px, py, noise);
  return toDataset(px, py, labels);
}
