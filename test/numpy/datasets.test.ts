// The course's datasets with rng: 'numpy', against the real scikit-learn and numpy
// (test/vectors/sklearn_datasets.py): np.random.seed(1); make_circles(300, noise=.05),
// np.random.seed(3); make_moons(300, noise=.2), and load_planar_dataset(). Samples as rows (the
// course's X.T), float32 within one float32 ulp of numpy's float64 values (numpy's sin and cos
// may differ from ours in the last float64 bit), labels exact.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

type Ref = { x: number[]; y: number[] };
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'sklearn-datasets.json'), 'utf8')) as Record<string, Ref>;

/** The float32 ulp at v. */
function ulp32(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function check(d: ReturnType<typeof sb.datasets.circles>, r: Ref): number {
  expect(d.x.rows).toBe(r.y.length);
  expect(Array.from(d.y.data)).toEqual(r.y);
  let exact = 0;
  r.x.forEach((v, i) => {
    const got = d.x.data[i]!;
    expect(Math.abs(got - v), `x[${i}]`).toBeLessThanOrEqual(ulp32(v));
    if (got === Math.fround(v)) exact++;
  });
  return exact / r.x.length;
}

describe("datasets with rng: 'numpy' are the course's", () => {
  it('circles: np.random.seed(1); sklearn.datasets.make_circles(300, noise=.05) (shuffled, factor 0.8)', () => {
    const share = check(sb.datasets.circles({ n: 300, noise: 0.05, seed: 1, rng: 'numpy' }), ref['circles_300_0.05_seed1']!);
    expect(share).toBeGreaterThan(0.99);
  });

  it('moons: np.random.seed(3); sklearn.datasets.make_moons(300, noise=.2)', () => {
    const share = check(sb.datasets.moons({ n: 300, noise: 0.2, seed: 3, rng: 'numpy' }), ref['moons_300_0.2_seed3']!);
    expect(share).toBeGreaterThan(0.99);
  });

  it("planarFlower: the course's load_planar_dataset()", () => {
    const share = check(sb.datasets.planarFlower({ n: 400, seed: 1, rng: 'numpy' }), ref.planar_400_seed1!);
    expect(share).toBeGreaterThan(0.99);
  });

  it('refuses an rng other than numpy, and seeds numpy would reject', () => {
    expect(() => sb.datasets.circles({ rng: 'torch' as never })).toThrow(sb.ValueError);
    expect(() => sb.datasets.moons({ seed: 'abc', rng: 'numpy' })).toThrow(/with rng 'numpy' the seed must be an integer between 0 and 2\*\*32 - 1/);
    expect(() => sb.datasets.planarFlower({ seed: -1, rng: 'numpy' })).toThrow(/2\*\*32 - 1/);
  });
});
