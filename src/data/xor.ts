// The XOR problem: points uniform in the square [-1, 1)², labelled by the exclusive or of the
// signs of their coordinates, so no single line separates the classes.
import { randomStream } from '../init/random.js';
import { count, readOptions, seed as seedField } from './options.js';
import { type Dataset, points, toDataset } from './sampling.js';

export interface XorOptions {
  /** Number of points. Default 200. */
  n?: number;
  /** Seed of the random stream. Default 0. */
  seed?: number | string;
}

/**
 * n points with x0, x1 = 2U - 1 (U uniform in [0, 1), drawn x0 then x1 for each point) and
 * y = 1 when exactly one coordinate is negative (the signs differ, x0·x1 < 0), else 0; a zero
 * coordinate counts as positive. Labels are float32 in `y` (n x 1), computed from the stored
 * float32 coordinates so they always agree with `x`.
 */
export function xor(options?: XorOptions): Dataset {
  const { n, seed } = readOptions('xor', options, { n: count(200), seed: seedField() });

  const rng = randomStream(seed);
  const { px, py, labels } = points(n);
  for (let i = 0; i < n; i++) {
    px[i] = Math.fround(2 * rng.uniform() - 1);
    py[i] = Math.fround(2 * rng.uniform() - 1);
    labels[i] = px[i]! < 0 !== py[i]! < 0 ? 1 : 0;
  }
  return toDataset(px, py, labels);
}
