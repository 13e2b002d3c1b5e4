// The "flower" of the deeplearning.ai course (Neural Networks and Deep Learning, week 3,
// planar_utils.load_planar_dataset): two classes of N = m/2 points, for class j
//   t = linspace(3.12 j, 3.12 (j+1), N) + N(0,1)·0.2      (angle)
//   r = a·sin(4t) + N(0,1)·0.2                           (radius, a = 4)
//   x = [r·sin t, r·cos t],  y = j
// with m = 400. numpy's generator cannot be reproduced here, so the points are the course's
// distribution, not its exact sample.
import { count, readOptions, real, rngField, seed as seedField } from './options.js';
import { type Dataset, drawsOf, linspace, points, toDataset } from './sampling.js';
import { cos, sin } from './trig.js';

export interface PlanarFlowerOptions {
  /** Number of points, split between the classes as floor(n/2) and the rest. Default 400. */
  n?: number;
  /** Seed of the random stream (a number, 0 included, or a string). Default 1 (the course's). */
  seed?: number | string;
  /** Standard deviation of the Gaussian noise on the angle and on the radius. Default 0.2. */
  noise?: number;
  /** Length of the petals (the maximum radius without noise), the course's `a`. Default 4. */
  a?: number;
  /** 'numpy': draw from numpy's RandomState(seed): with n 400 and seed 1, the course's load_planar_dataset(). */
  rng?: 'numpy';
}

/**
 * The course's two-class planar flower. Labels are 0 and 1 (float32 in `y`, n x 1); class 0 is
 * the first floor(n/2) rows. Draws from randomStream(seed), per class: the angle noise of its
 * points, then the radius noise; the draws do not depend on `noise` (noise 0 gives the exact
 * curve r = a·sin 4t, and changing it scales the same perturbations).
 */
export function planarFlower(options?: PlanarFlowerOptions): Dataset {
  const { n, seed, noise, a, rng: numpyRng } = readOptions('planarFlower', options, {
    n: count(400),
    seed: seedField(1),
    rng: rngField(),
    noise: real(0.2, { min: 0 }),
    a: real(4, { above: 0 }),
  });

  const rng = drawsOf('planarFlower', seed, numpyRng);
  const { px, py, labels } = points(n);
  const sizes = [Math.floor(n / 2), n - Math.floor(n / 2)];
  let k = 0;
  for (let j = 0; j < 2; j++) {
    const count = sizes[j]!;
    const t = linspace(j * 3.12, (j + 1) * 3.12, count);
    for (let i = 0; i < count; i++) t[i] = t[i]! + rng.normal() * noise;
    const r = new Float64Array(count);
    for (let i = 0; i < count; i++) r[i] = a * sin(4 * t[i]!) + rng.normal() * noise;
    for (let i = 0; i < count; i++, k++) {
      px[k] = r[i]! * sin(t[i]!);
      py[k] = r[i]! * cos(t[i]!);
      labels[k] = j;
    }
  }
  return toDataset(px, py, labels);
}
