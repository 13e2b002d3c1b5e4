// The elementwise kernels against their float64 references (src/reference/elementwise.ts).
// Bound: add, sub, mul and scale round once, so the core must equal Math.fround(reference)
// bit for bit (Figueroa 1995: double rounding through float64 is innocuous for these). axpy
// rounds twice, fl(y + fl(alpha x)): bitwise equal to that emulation, and within
// 2^-24 (|y + alpha x| + |alpha x| (1 + 2^-24)) of the exact result.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/core/load.js';
import { allocF32, f32View, freeBytes, memory } from '../../src/core/heap.js';
import { Tensor, tensor } from '../../src/core/tensor.js';
import type { Matrix } from '../../src/util/matrix.js';
import { DisposedError, ShapeError, ValueError } from '../../src/errors.js';
import * as ew from '../../src/kernels/elementwise.js';
import * as ref from '../reference/elementwise.js';
import { expectClose, testData } from '../support/compare.js';

const U = 2 ** -24;

/** Test values over many binades (|x| from about 2^-20 to 2^20) so additions really round. */
function wide(n: number, seed: number): Float32Array {
  const base = testData(n, seed);
  const exps = testData(n, seed + 1000, -20, 20);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = base[i]! * 2 ** Math.round(exps[i]!);
  return out;
}

function mat(rows: number, cols: number, data: Float32Array): Matrix {
  return { rows, cols, data };
}

/** Bitwise equality of float32 values (distinguishes -0 and +0); reports the first mismatch. */
function expectBits(actual: Float32Array, expected: ArrayLike<number>, what: string): void {
  expect(actual.length).toBe(expected.length);
  const e = Float32Array.from(expected);
  const a32 = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e32 = new Uint32Array(e.buffer);
  for (let i = 0; i < actual.length; i++) {
    if (a32[i] !== e32[i]) throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${e[i]} (bits differ)`);
  }
}

const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 32, 33, 97, 1000, 4099];
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [3, 1],
  [4, 4],
  [5, 7],
  [7, 5],
  [8, 9],
  [9, 8],
  [15, 16],
  [16, 17],
  [17, 15],
  [13, 31],
  [6, 23],
  [1000, 37],
];

beforeAll(async () => {
  await ready();
});

describe('pointer kernels at every tail length', () => {
  // Each buffer gets 8 guard values after its n; a tail store that wrote past n would change them.
  const GUARD = 8;
  const SENTINEL = -12345.5;

  function withBuffers(n: number, fn: (a: number, b: number, y: number) => void): void {
    const a = allocF32(n + GUARD);
    const b = allocF32(n + GUARD);
    const y = allocF32(n + GUARD);
    try {
      fn(a, b, y);
    } finally {
      freeBytes(a);
      freeBytes(b);
      freeBytes(y);
    }
  }

  function guardOk(y: number, n: number): void {
    const g = f32View(y + 4 * n, GUARD);
    for (let i = 0; i < GUARD; i++) expect(g[i]).toBe(SENTINEL);
  }

  for (let n = 0; n <= 40; n++) {
    it(`add/sub/mul/scale/axpy/fill/copy, n = ${n}: bitwise float32, nothing written past n`, () => {
      withBuffers(n, (a, b, y) => {
        const av = wide(n, 3 + n);
        const bv = wide(n, 7 + n);
        f32View(a, n).set(av);
        f32View(b, n).set(bv);
        const cases: [string, (a: number, b: number, y: number, n: number) => void, Float64Array][] = [
          ['add', ew.addPtr, ref.add(av, bv)],
          ['sub', ew.subPtr, ref.sub(av, bv)],
          ['mul', ew.mulPtr, ref.mul(av, bv)],
        ];
        for (const [name, fn, expected] of cases) {
          f32View(y, n + GUARD).fill(SENTINEL);
          fn(a, b, y, n);
          expectBits(f32View(y, n).slice(), expected, name);
          guardOk(y, n);
        }
        const s = Math.fround(-1.7);
        f32View(y, n + GUARD).fill(SENTINEL);
        ew.scalePtr(a, s, y, n);
        expectBits(f32View(y, n).slice(), ref.scale(av, s), 'scale');
        guardOk(y, n);

        const alpha = Math.fround(0.3);
        f32View(y, n + GUARD).fill(SENTINEL);
        f32View(y, n).set(bv);
        ew.axpyPtr(alpha, a, y, n);
        const emulated = Array.from(av, (x, i) => bv[i]! + Math.fround(alpha * x));
        expectBits(f32View(y, n).slice(), emulated, 'axpy');
        guardOk(y, n);

        f32View(y, n + GUARD).fill(SENTINEL);
        ew.fillPtr(y, 2.5, n);
        expectBits(f32View(y, n).slice(), new Array<number>(n).fill(2.5), 'fill');
        guardOk(y, n);

        f32View(y, n + GUARD).fill(SENTINEL);
        ew.copyPtr(a, y, n);
        expectBits(f32View(y, n).slice(), av, 'copy');
        guardOk(y, n);
      });
    });
  }

  it('axpy is within 2^-24 (|y + ax| + |ax|(1 + 2^-24)) of the float64 reference', () => {
    for (const n of SIZES) {
      const x = wide(n, 11);
      const y0 = wide(n, 12);
      const alpha = Math.fround(-0.731);
      const px = allocF32(n);
      const py = allocF32(n);
      f32View(px, n).set(x);
      f32View(py, n).set(y0);
      ew.axpyPtr(alpha, px, py, n);
      const got = f32View(py, n).slice();
      freeBytes(px);
      freeBytes(py);
      const expected = ref.axpy(alpha, x, y0);
      expectClose(got, expected, (i) => U * (Math.abs(expected[i]!) + Math.abs(alpha * x[i]!) * (1 + U)), `axpy n=${n}`);
    }
  });

  it('in place: y == a, y == b, and axpy with x == y', () => {
    for (const n of [1, 5, 8, 13, 1000]) {
      const av = wide(n, 21);
      const bv = wide(n, 22);
      const a = allocF32(n);
      const b = allocF32(n);
      f32View(a, n).set(av);
      f32View(b, n).set(bv);
      ew.addPtr(a, b, a, n); // a = a + b
      expectBits(f32View(a, n).slice(), ref.add(av, bv), 'a += b');
      ew.mulPtr(a, b, b, n); // b = a * b, with the new a
      const sum = Float32Array.from(ref.add(av, bv));
      expectBits(f32View(b, n).slice(), ref.mul(sum, bv), 'b = a * b');
      ew.scalePtr(a, 0.5, a, n);
      expectBits(f32View(a, n).slice(), ref.scale(sum, 0.5), 'a *= 0.5');
      const half = f32View(a, n).slice();
      ew.axpyPtr(2, a, a, n); // a += 2a
      expectBits(f32View(a, n).slice(), Array.from(half, (v) => v + Math.fround(2 * v)), 'a += 2a');
      freeBytes(a);
      freeBytes(b);
    }
  });

  it('position independence: a value pair gives the same bits at every index of every length', () => {
    const a = Math.fround(0.1);
    const b = Math.fround(-3.3e-5);
    const seen = new Set<number>();
    for (const n of [1, 3, 4, 5, 8, 9, 17]) {
      const pa = allocF32(n);
      const pb = allocF32(n);
      const py = allocF32(n);
      for (let at = 0; at < n; at++) {
        f32View(pa, n).set(wide(n, n + at));
        f32View(pb, n).set(wide(n, 2 * n + at));
        f32View(pa, n)[at] = a;
        f32View(pb, n)[at] = b;
        ew.mulPtr(pa, pb, py, n);
        seen.add(new Uint32Array(f32View(py, n).slice().buffer)[at]!);
      }
      freeBytes(pa);
      freeBytes(pb);
      freeBytes(py);
    }
    expect(seen.size).toBe(1);
    expect([...seen][0]).toBe(new Uint32Array(Float32Array.of(a * b).buffer)[0]);
  });
});

describe('allFinitePtr', () => {
  it('is true for finite data, including -0, denormals and the largest float32', () => {
    for (const n of [0, ...SIZES]) {
      const p = allocF32(n);
      const v = f32View(p, n);
      v.set(wide(n, 5));
      if (n > 2) {
        v[0] = -0;
        v[1] = 1.4e-45;
        v[n - 1] = -3.4028234663852886e38;
      }
      expect(ew.allFinitePtr(p, n)).toBe(true);
      freeBytes(p);
    }
  });

  it('detects NaN, +Infinity and -Infinity at every position, the tail included', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 33, 1000]) {
      const p = allocF32(n);
      const data = wide(n, 9);
      for (let at = 0; at < n; at++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const v = f32View(p, n);
          v.set(data);
          v[at] = bad;
          if (ew.allFinitePtr(p, n)) throw new Error(`n=${n}: ${bad} at ${at} not detected`);
        }
      }
      // A non-finite value just past n is not part of the array.
      freeBytes(p);
    }
  });

  it('looks only at the n values it is given', () => {
    const p = allocF32(8);
    const v = f32View(p, 8);
    v.set([1, 2, 3, 4, 5, NaN, Infinity, NaN]);
    expect(ew.allFinitePtr(p, 5)).toBe(true);
    expect(ew.allFinitePtr(p, 6)).toBe(false);
    freeBytes(p);
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
    expect(() => ew.scale(a, 1e39)).toThrow(/s must fit in float32.*got 1e\+39/);
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
    expect(ew.allFinitePtr(out.ptr, out.size)).toBe(true);
    for (const t of [a, b, row, out]) t.dispose();
  });
});
