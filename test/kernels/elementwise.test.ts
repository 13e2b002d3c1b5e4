// The elementwise kernels against their float64 references (test/reference/elementwise.ts).
// Bound: add, sub, mul and scale round once, so the core must equal Math.fround(reference)
// bit for bit (Figueroa 1995: double rounding through float64 is innocuous for these). axpy
// rounds twice, fl(y + fl(alpha x)): bitwise equal to that emulation, and within
// 2^-24 (|y + alpha x| + |alpha x| (1 + 2^-24)) of the exact result.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { memory } from '../../src/core/heap.js';
import type { F32Buffer } from '../../src/core/buffer.js';
import { Tensor, tensor } from '../../src/core/tensor.js';
import { DisposedError, ShapeError, ValueError } from '../../src/errors.js';
import * as ek from '../../src/kernels/elementwise.js';
import * as ew from '../../src/ops/elementwise.js';
import * as ref from '../reference/elementwise.js';
import { expectClose, testData } from '../support/compare.js';
import { LANES, expectBits, f32Bits, mat, tileSizes, wide, withGuardedF32, SHAPES as BASE_SHAPES } from '../support/kernel-tester.js';

const U = 2 ** -24;

// The kernels take 2 vectors (2·LANES values) a step, then one more vector, then a partial
// vector of 1..3 lanes (LANES / 2: the 64-bit half-vector load and store); 3·LANES is a step
// plus a full vector. 4099 is large with a 3-lane tail.
const SIZES = tileSizes([LANES / 2, LANES, 2 * LANES, 3 * LANES, 4 * LANES], [97, 1000, 4099]);
const SHAPES: readonly (readonly [number, number])[] = [...BASE_SHAPES, [13, 31], [6, 23], [1000, 37]];

beforeAll(async () => {
  await ready();
});

describe('buffer kernels at every tail length', () => {
  for (let n = 0; n <= 40; n++) {
    it(`add/sub/mul/scale/axpy/fill/copy, n = ${n}: bitwise float32, nothing written past n`, () => {
      const av = wide(n, 3 + n);
      const bv = wide(n, 7 + n);
      const s = Math.fround(-1.7);
      const alpha = Math.fround(0.3);
      const cases: [string, (a: F32Buffer, b: F32Buffer, y: F32Buffer) => void, ArrayLike<number>][] = [
        ['add', (a, b, y) => ek.add(a, b, y, n), ref.add(av, bv)],
        ['sub', (a, b, y) => ek.sub(a, b, y, n), ref.sub(av, bv)],
        ['mul', (a, b, y) => ek.mul(a, b, y, n), ref.mul(av, bv)],
        ['scale', (a, _b, y) => ek.scale(a, s, y, n), ref.scale(av, s)],
        [
          'axpy',
          (a, _b, y) => {
            y.write(bv);
            ek.axpy(alpha, a, y, n);
          },
          Array.from(av, (x, i) => bv[i]! + Math.fround(alpha * x)),
        ],
        ['fill', (_a, _b, y) => ek.fill(y, 2.5, n), new Array<number>(n).fill(2.5)],
        ['copy', (a, _b, y) => ek.copy(a, y, n), av],
      ];
      // Fresh guarded buffers for each kernel: y starts as sentinels, so an element the kernel
      // did not write fails the comparison, and a store past n fails the guard.
      for (const [name, run, expected] of cases) {
        withGuardedF32([n, n, n], (a, b, y) => {
          a.write(av);
          b.write(bv);
          run(a, b, y);
          expectBits(y.read(), expected, name);
        });
      }
    });
  }

  it('axpy is within 2^-24 (|y + ax| + |ax|(1 + 2^-24)) of the float64 reference', () => {
    for (const n of SIZES) {
      const x = wide(n, 11);
      const y0 = wide(n, 12);
      const alpha = Math.fround(-0.731);
      let got: Float32Array = new Float32Array(0);
      withGuardedF32([n, n], (px, py) => {
        px.write(x);
        py.write(y0);
        ek.axpy(alpha, px, py, n);
        got = py.read();
      });
      const expected = ref.axpy(alpha, x, y0);
      expectClose(got, expected, (i) => U * (Math.abs(expected[i]!) + Math.abs(alpha * x[i]!) * (1 + U)), `axpy n=${n}`);
    }
  });

  it('in place: y == a, y == b, and axpy with x == y', () => {
    for (const n of [1, 5, 8, 13, 1000]) {
      const av = wide(n, 21);
      const bv = wide(n, 22);
      withGuardedF32([n, n], (a, b) => {
        a.write(av);
        b.write(bv);
        ek.add(a, b, a, n); // a = a + b
        expectBits(a.read(), ref.add(av, bv), 'a += b');
        ek.mul(a, b, b, n); // b = a * b, with the new a
        const sum = Float32Array.from(ref.add(av, bv));
        expectBits(b.read(), ref.mul(sum, bv), 'b = a * b');
        ek.scale(a, 0.5, a, n);
        expectBits(a.read(), ref.scale(sum, 0.5), 'a *= 0.5');
        const half = a.read();
        ek.axpy(2, a, a, n); // a += 2a
        expectBits(a.read(), Array.from(half, (v) => v + Math.fround(2 * v)), 'a += 2a');
      });
    }
  });

  it('position independence: a value pair gives the same bits at every index of every length', () => {
    const a = Math.fround(0.1);
    const b = Math.fround(-3.3e-5);
    const seen = new Set<number>();
    for (const n of [1, 3, 4, 5, 8, 9, 17]) {
      withGuardedF32([n, n, n], (pa, pb, py) => {
        for (let at = 0; at < n; at++) {
          const av = wide(n, n + at);
          const bv = wide(n, 2 * n + at);
          av[at] = a;
          bv[at] = b;
          pa.write(av);
          pb.write(bv);
          ek.mul(pa, pb, py, n);
          seen.add(f32Bits(py.read()[at]!));
        }
      });
    }
    expect(seen.size).toBe(1);
    expect([...seen][0]).toBe(f32Bits(a * b));
  });
});

describe('allFinite', () => {
  it('is true for finite data, including -0, denormals and the largest float32', () => {
    for (const n of [0, ...SIZES]) {
      const v = wide(n, 5);
      if (n > 2) {
        v[0] = -0;
        v[1] = 1.4e-45;
        v[n - 1] = -3.4028234663852886e38;
      }
      withGuardedF32([n], (p) => {
        p.write(v);
        expect(ek.allFinite(p, n)).toBe(true);
      });
    }
  });

  it('detects NaN, +Infinity and -Infinity at every position, the tail included', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 33, 1000]) {
      const data = wide(n, 9);
      withGuardedF32([n], (p) => {
        for (let at = 0; at < n; at++) {
          for (const bad of [NaN, Infinity, -Infinity]) {
            p.write(data);
            p.write([bad], at);
            if (ek.allFinite(p, n)) throw new Error(`n=${n}: ${bad} at ${at} not detected`);
          }
        }
      });
      // A non-finite value just past n is not part of the array.
    }
  });

  it('looks only at the n values it is given', () => {
    withGuardedF32([8], (p) => {
      p.write([1, 2, 3, 4, 5, NaN, Infinity, NaN]);
      expect(ek.allFinite(p, 5)).toBe(true);
      expect(ek.allFinite(p, 6)).toBe(false);
    });
  });
});

describe('add, sub, mul, scale (public)', () => {
  const ops = [
    ['add', ew.add, ref.add, ref.addRow],
    ['sub', ew.sub, ref.sub, ref.subRow],
    ['mul', ew.mul, ref.mul, ref.mulRow],
  ] as const;

  for (const [name, op, same, byRow] of ops) {
    it(`${name}: same shape and row broadcast equal Math.fround(float64 reference) bitwise`, () => {
      for (const [r, c] of SHAPES) {
        const av = wide(r * c, r + 31 * c);
        const bv = wide(r * c, r + 37 * c);
        const rv = wide(c, 5 * c);
        const y = op(mat(r, c, av), mat(r, c, bv));
        expect([y.rows, y.cols]).toEqual([r, c]);
        expectBits(y.read().data, same(av, bv), `${name} ${r}x${c}`);
        y.dispose();
        const z = op(mat(r, c, av), mat(1, c, rv));
        expectBits(z.read().data, byRow(av, rv, r, c), `${name} ${r}x${c} row`);
        z.dispose();
      }
      expect(memory().liveBuffers).toBe(0);
    });
  }

  it('accepts number[][] and Tensors, returns a new Tensor', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const y = ew.add(a, [[10, 20, 30]]);
    expect(Array.from(y.read().data)).toEqual([11, 22, 33, 14, 25, 36]);
    const z = ew.sub([[1, 1, 1]], [[0.5, 2, -1]]);
    expect(Array.from(z.read().data)).toEqual([0.5, -1, 2]);
    const w = ew.mul(a, a);
    expect(Array.from(w.read().data)).toEqual([1, 4, 9, 16, 25, 36]);
    const s = ew.scale(a, -2);
    expect(Array.from(s.read().data)).toEqual([-2, -4, -6, -8, -10, -12]);
    expect(Array.from(a.read().data)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const t of [a, y, z, w, s]) t.dispose();
    expect(memory().liveBuffers).toBe(0);
  });

  it('scale equals Math.fround(fround(s) * x) bitwise; s is rounded to float32', () => {
    for (const [r, c] of SHAPES) {
      const av = wide(r * c, 3 * r + c);
      for (const s of [0.1, -7.25, 1e-30, 3e30]) {
        const y = ew.scale(mat(r, c, av), s);
        expectBits(y.read().data, ref.scale(av, Math.fround(s)), `scale ${r}x${c} by ${s}`);
        y.dispose();
      }
    }
  });

  it('writes into out, in place (out === a, out === b, broadcast out === a)', () => {
    const av = wide(35, 1);
    const bv = wide(35, 2);
    const rv = wide(7, 3);
    const a = tensor(mat(5, 7, av));
    const b = tensor(mat(5, 7, bv));
    const row = tensor(mat(1, 7, rv));
    expect(ew.add(a, b, { out: a })).toBe(a);
    const s1 = Float32Array.from(ref.add(av, bv));
    expectBits(a.read().data, s1, 'a = a + b');
    expect(ew.mul(a, b, { out: b })).toBe(b);
    const m1 = Float32Array.from(ref.mul(s1, bv));
    expectBits(b.read().data, m1, 'b = a * b');
    expect(ew.sub(a, row, { out: a })).toBe(a);
    const s2 = Float32Array.from(ref.subRow(s1, rv, 5, 7));
    expectBits(a.read().data, s2, 'a = a - row');
    expect(ew.scale(a, 3, { out: a })).toBe(a);
    expectBits(a.read().data, ref.scale(s2, 3), 'a = 3a');
    const out = new Tensor(5, 7);
    expect(ew.add(b, row, { out })).toBe(out);
    expectBits(out.read().data, ref.addRow(m1, rv, 5, 7), 'out = b + row');
    for (const t of [a, b, row, out]) t.dispose();
  });
});

describe('axpy and fill (public)', () => {
  it('axpy updates y in place and returns it', () => {
    for (const [r, c] of SHAPES) {
      const xv = wide(r * c, 41);
      const yv = wide(r * c, 42);
      const y = tensor(mat(r, c, yv));
      const alpha = 0.37;
      const a32 = Math.fround(alpha);
      expect(ew.axpy(alpha, mat(r, c, xv), y)).toBe(y);
      expectBits(y.read().data, Array.from(xv, (x, i) => yv[i]! + Math.fround(a32 * x)), `axpy ${r}x${c}`);
      y.dispose();
    }
  });

  it('axpy with x === y doubles as y += alpha y', () => {
    const y = tensor([[1, -2, 3.5]]);
    ew.axpy(1, y, y);
    expect(Array.from(y.read().data)).toEqual([2, -4, 7]);
    y.dispose();
  });

  it('fill sets every element', () => {
    const y = new Tensor(3, 5);
    expect(ew.fill(y, 0.1)).toBe(y);
    expect(Array.from(y.read().data)).toEqual(new Array(15).fill(Math.fround(0.1)));
    y.dispose();
  });
});

describe('errors', () => {
  it('shape mismatches name both shapes', () => {
    const a = new Tensor(3, 4);
    const b = new Tensor(2, 4);
    const before = memory();
    for (const op of [ew.add, ew.sub, ew.mul]) {
      expect(() => op(a, b)).toThrow(ShapeError);
      expect(() => op(a, b)).toThrow(/a is 3x4, b is 2x4/);
      expect(() => op(a, [[1, 2, 3]])).toThrow(/a is 3x4, b is 1x3: b must be 3x4 \(same shape\) or 1x4/);
      expect(() => op([[1, 2, 3, 4]], b)).toThrow(/a is 1x4, b is 2x4/);
    }
    // Only rows broadcast: a 3x1 column is a shape error, a typed array is not a matrix.
    expect(() => ew.add(a, [[1], [2], [3]])).toThrow(/a is 3x4, b is 3x1/);
    expect(() => ew.add(a, new Float32Array(3) as never)).toThrow(ValueError);
    expect(memory()).toEqual(before); // the temporaries were released
    a.dispose();
    b.dispose();
  });

  it('out of the wrong shape or type', () => {
    const a = new Tensor(3, 4);
    const out = new Tensor(4, 3);
    expect(() => ew.add(a, a, { out })).toThrow(ShapeError);
    expect(() => ew.add(a, a, { out })).toThrow(/out is 4x3, the result is 3x4/);
    expect(() => ew.scale(a, 2, { out })).toThrow(/out is 4x3, the result is 3x4/);
    expect(() => ew.mul(a, a, { out: [[1]] as never })).toThrow(/out must be a Tensor/);
    expect(() => ew.add(a, a, 5 as never)).toThrow(ValueError);
    expect(() => ew.add(a, a, 5 as never)).toThrow(/options must be an object/);
    expect(() => ew.add(a, a, null as never)).toThrow(ValueError);
    a.dispose();
    out.dispose();
    expect(memory().liveBuffers).toBe(0);
  });

  it('disposed tensors throw DisposedError (a, b, out, axpy y, fill y)', () => {
    const a = new Tensor(2, 2);
    const d = new Tensor(2, 2);
    d.dispose();
    expect(() => ew.add(d, a)).toThrow(DisposedError);
    expect(() => ew.add(a, d)).toThrow(DisposedError);
    expect(() => ew.add([[1, 2], [3, 4]], d)).toThrow(DisposedError);
    expect(() => ew.mul(a, a, { out: d })).toThrow(DisposedError);
    expect(() => ew.scale(d, 2)).toThrow(DisposedError);
    expect(() => ew.axpy(1, a, d)).toThrow(DisposedError);
    expect(() => ew.axpy(1, d, a)).toThrow(DisposedError);
    expect(() => ew.fill(d, 1)).toThrow(DisposedError);
    a.dispose();
    expect(memory().liveBuffers).toBe(0);
  });

  it('bad scalars and bad data', () => {
    const a = new Tensor(2, 2);
    for (const s of [NaN, Infinity, -Infinity, 1e39, '2', undefined]) {
      expect(() => ew.scale(a, s as number)).toThrow(ValueError);
      expect(() => ew.axpy(s as number, a, a)).toThrow(ValueError);
      expect(() => ew.fill(a, s as number)).toThrow(ValueError);
    }
    expect(() => ew.scale(a, NaN)).toThrow(/s must be a finite number, got NaN/);
    expect(() => ew.scale(a, 1e39)).toThrow(/s must be a number that fits in float32.*got 1e\+39/);
    expect(() => ew.axpy(1, a, [[1, 2], [3, 4]] as never)).toThrow(/y must be a Tensor/);
    expect(() => ew.axpy(1, [[1, 2, 3]], a)).toThrow(/x is 1x3, y is 2x2/);
    expect(() => ew.add([[1, NaN]], [[1, 2]])).toThrow(ValueError);
    expect(() => ew.add([[1, 2]], [[1], [2]])).toThrow(/a is 1x2, b is 2x1/);
    expect(() => ew.add([[1, 2], [3]], [[1, 2]])).toThrow(ShapeError);
    a.dispose();
    expect(memory().liveBuffers).toBe(0);
  });
});

describe('memory', () => {
  it('stays flat over 10,000 calls with out', () => {
    // Values in [-1, 1] so 10,000 rounds of the loop stay finite.
    const a = tensor(mat(32, 17, testData(32 * 17, 1)));
    const b = tensor(mat(32, 17, testData(32 * 17, 2)));
    const row = tensor(mat(1, 17, testData(17, 3)));
    const out = new Tensor(32, 17);
    const before = memory();
    for (let i = 0; i < 10_000; i++) {
      ew.add(a, b, { out });
      ew.mul(out, row, { out });
      ew.scale(out, 0.5, { out });
      ew.axpy(-0.001, out, b);
      ew.sub(b, a, { out });
    }
    expect(memory()).toEqual(before);
    expect(ek.allFinite(out.buffer, out.size)).toBe(true);
    for (const t of [a, b, row, out]) t.dispose();
  });
});
