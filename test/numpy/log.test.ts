// The correctly rounded log behind the legacy Gaussian: exact where the answer is known, within
// half an ulp of a 60-digit reference on the near-midpoint case, and never worse than Math.log.
import { describe, expect, it } from 'vitest';
import { log } from '../../src/numpy/log.js';

describe('log', () => {
  it('is exact at powers of two and 1, and passes special values through as Math.log does', () => {
    expect(log(1)).toBe(0);
    for (const e of [-1074, -1022, -60, -1, 1, 10, 1023]) expect(log(2 ** e)).toBe(Math.log(2 ** e));
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(NaN)).toBeNaN();
  });

  it('rounds the near-midpoint case to the nearer double (ln 0.89837741310252706 = -0.107165017122250356928...)', () => {
    // The two neighbours are ...035003456 and ...036391235; the true value is 6.89e-18 from the first.
    expect(log(0.89837741310252706)).toBe(-0.10716501712225035);
  });

  it('agrees with Math.log to within an ulp over many arguments, subnormals included', () => {
    let x = 1e-310;
    for (let i = 0; i < 20000; i++) {
      x = (x * 1.0123456789 + 1e-300) % 1e6;
      const a = log(x);
      const b = Math.log(x);
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(b) || 1)) - 52);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(ulp);
    }
  });
});
