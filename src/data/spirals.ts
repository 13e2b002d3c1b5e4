// The spiral data of Stanford's CS231n ("Putting it together: minimal neural network case
// study"): for class j of K, N points with
//   r = linspace(0, 1, N),  t = linspace(4j, 4(j+1), N) + N(0,1)·0.2,  x = [r·sin t, r·cos t]
// K = 3, N = 100 there. Not linearly separable: the standard softmax example.
import { ValueError } from '../errors.js';
import { randomStream } from '../init/random.js';
import { count, readOptions, real, seed as seedField } from './options.js';
import { type Dataset, linspace, points, toDataset } from './sampling.js';
import { cos, sin } from './trig.js';

export interface SpiralsOptions {
  /** Number of points, split as evenly as possible (the first n % classes classes get one more). Default 300. */
  n?: number;
  /** Number of classes (arms), >= 2 and <= n. Default 3. */
  classes?: number;
  /** Standard deviation of the Gaussian noise on the angle. Default 0.2 (CS231n's). */
  noise?: number;
  /** Seed of the random stream. Default 0. */
  seed?: number | string;
}

/**
 * `classes` interleaved spiral arms. y holds the class id 0..classes-1 as a float32 (n x 1), the
 * form the categorical loss accepts as integer class ids; rows are grouped by class. Draws: the
 * angle noise of each point, class by class, whatever `noise` is.
 */
export function spirals(options?: SpiralsOptions): Dataset {
  const { n, classes, noise, seed } = readOptions('spirals', options, {
    n: count(300),
    classes: count(3, 2),
    noise: real(0.2, { min: 0 }),
    seed: seedField(),
  });
  if (classes > n) {
    throw new ValueError(`spirals: classes must be <= n (every class needs a point), got classes = ${classes} with n = ${n}`);
  }

  const rng = randomStream(seed);
  const { px, py, labels } = points(n);
  const base = Math.floor(n / classes);
  let k = 0;
  for (let j = 0; j < classes; j++) {
    const count = base + (j < n % classes ? 1 : 0);
    const r = linspace(0, 1, count);
    const t = linspace(4 * j, 4 * (j + 1), count);
    for (let i = 0; i < count; i++, k++) {
      const angle = t[i]! + rng.normal() * noise;
      px[k] = r[i]! * sin(angle);
      py[k] = r[i]! * cos(angle);
      labels[k] = j;
    }
  }
  return toDataset(px, py, labels);
}
