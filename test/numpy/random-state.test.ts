// sb.numpy.RandomState against vectors numpy itself produced (test/vectors/numpy_random.py):
// several seeds (0, 2**32 - 1, arrays), odd and even counts, interleaved calls, the Gaussian
// cache, integers, shuffles and the state. Bit for bit: toEqual on the float64 values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

interface Case {
  seed: number | number[];
  uint32: number[];
  rand_5: number[];
  randn_7: number[];
  randn_2x3: number[];
  rand_1: number[];
  randn_1: number[];
  normal: number[];
  uniform: number[];
  randint_0_10: number[];
  randint_5: number[];
  randint_big: number[];
  permutation_10: number[];
  shuffle_7: number[];
  randn_3: number[];
  state: { pos: number; has_gauss: number; cached: number; keys_head: number[] };
}
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'numpy-random.json'), 'utf8')) as {
  cases: Case[];
  randn_5001_seed0: number[];
  course: { randn_10x2_times_sqrt_1: number[] };
};

const arr = (v: number | Float64Array): number[] => Array.from(v as Float64Array);

describe('RandomState: numpy legacy generator', () => {
  for (const c of ref.cases) {
    it(`seed ${JSON.stringify(c.seed)}: the same sequence of calls gives numpy's values bit for bit`, () => {
      const rs = sb.numpy.RandomState(c.seed);
      expect(Array.from({ length: 10 }, () => rs.nextUint32())).toEqual(c.uint32);
      expect(arr(rs.rand(5))).toEqual(c.rand_5);
      expect(arr(rs.randn(7))).toEqual(c.randn_7);
      expect(arr(rs.randn(2, 3))).toEqual(c.randn_2x3);
      expect(arr(rs.rand(1))).toEqual(c.rand_1);
      expect(arr(rs.randn(1))).toEqual(c.randn_1);
      expect(arr(rs.normal(2, 0.5, [2, 2]))).toEqual(c.normal);
      expect(arr(rs.uniform(-1, 1, 5))).toEqual(c.uniform);
      expect(arr(rs.randint(0, 10, 8))).toEqual(c.randint_0_10);
      expect(arr(rs.randint(5, undefined, 6))).toEqual(c.randint_5);
      expect(arr(rs.randint(-3, 2 ** 33, 4))).toEqual(c.randint_big);
      expect(arr(rs.permutation(10))).toEqual(c.permutation_10);
      expect(rs.shuffle([0, 1, 2, 3, 4, 5, 6])).toEqual(c.shuffle_7);
      expect(arr(rs.randn(3))).toEqual(c.randn_3);
      const st = rs.getState();
      expect({ pos: st.pos, has_gauss: st.hasGauss ? 1 : 0, cached: st.cachedGaussian, keys_head: Array.from(st.keys.slice(0, 4)) }).toEqual(c.state);
    });
  }

  it('5001 Gaussians from seed 0: all bit for bit but the one pair where glibc misrounds its log', () => {
    const got = arr(sb.numpy.RandomState(0).randn(5001));
    const differ = got.map((v, i) => (v === ref.randn_5001_seed0[i] ? -1 : i)).filter((i) => i >= 0);
    // Values 662 and 663 come from r2 = 0.89837741310252706, whose log is
    // -0.107165017122250356928...: 6.89e-18 from the double ...03500 (ours, the nearer) and
    // 6.98e-18 from ...03639 (glibc's, which numpy's legacy_gauss calls). glibc's log is not
    // correctly rounded in about 8 of 10,000 arguments (measured on 1e6 uniform draws, every
    // sampled disagreement checked with 60-digit decimals: ours the nearer each time), and it
    // can differ between libm builds; symbreak rounds correctly. The pair then differs by an ulp.
    expect(differ).toEqual([662, 663]);
    for (const i of differ) {
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(got[i]!))) - 52);
      expect(Math.abs(got[i]! - ref.randn_5001_seed0[i]!)).toBeLessThanOrEqual(ulp);
    }
  });

  it("the course's first circles kernel: np.random.seed(3); np.random.randn(10, 2) * np.sqrt(2 / 2)", () => {
    const k = arr(sb.numpy.RandomState(3).randn(10, 2)).map((v) => v * Math.sqrt(2 / 2));
    expect(k).toEqual(ref.course.randn_10x2_times_sqrt_1);
  });

  it('with or without new; seed() reseeds and clears the cached Gaussian; setState restores a state', () => {
    const a = new sb.numpy.RandomState(1);
    const b = sb.numpy.RandomState(1);
    expect(a).toBeInstanceOf(sb.numpy.RandomState);
    expect(a.randn(3)).toEqual(b.randn(3)); // odd: both cache one
    const saved = a.getState();
    const next = a.randn(4);
    a.setState(saved);
    expect(a.randn(4)).toEqual(next);
    a.seed(1);
    expect(a.getState().hasGauss).toBe(false);
    expect(a.randn(3)).toEqual(sb.numpy.RandomState(1).randn(3));
    // Scalars without a size, as numpy returns them.
    expect(typeof sb.numpy.RandomState(2).rand()).toBe('number');
    expect(sb.numpy.RandomState(2).randn()).toBe(sb.numpy.RandomState(2).normal());
  });

  it('refuses what numpy refuses, with typed errors that name it', () => {
    expect(() => sb.numpy.RandomState(-1)).toThrow(sb.ValueError);
    expect(() => sb.numpy.RandomState(2 ** 32)).toThrow(/seed must be an integer between 0 and 2\*\*32 - 1/);
    expect(() => sb.numpy.RandomState(1.5)).toThrow(/got 1.5/);
    expect(() => sb.numpy.RandomState([])).toThrow(/non-empty/);
    expect(() => sb.numpy.RandomState('3' as never)).toThrow(/got string/);
    const rs = sb.numpy.RandomState(0);
    expect(() => rs.randint(5, 5)).toThrow(/low >= high/);
    expect(() => rs.randint(0, 1.5)).toThrow(/high must be an integer/);
    expect(() => rs.normal(0, -1)).toThrow(/scale must be >= 0/);
    expect(() => rs.uniform(0, Infinity)).toThrow(/high must be a finite number/);
    expect(() => rs.rand(-1)).toThrow(/non-negative integers/);
    expect(() => rs.permutation(2.5)).toThrow(/n must be an integer/);
    expect(() => rs.setState({ name: 'MT19937', keys: new Uint32Array(3), pos: 0, hasGauss: false, cachedGaussian: 0 })).toThrow(/624/);
  });
});
