// One tester for every kernel (after XNNPACK's gemm-microkernel-tester): sizes at the edges of
// the core's own tiles, buffers guarded against writes past their end, position independence,
// and the bit-level comparisons the kernel tests share.
import { expect } from 'vitest';
import type { F32Buffer, F64Buffer, I32Buffer } from '../../src/core/buffer.js';
import { allocF32, allocF64, allocI32, freeAll } from '../../src/core/heap.js';
import { gemmTiles } from '../../src/kernels/gemm.js';
import { ready } from '../../src/core/load.js';
import type { Matrix } from '../../src/util/matrix.js';
import { testData } from './compare.js';

/** Lanes of a 128-bit float32 vector: the elementwise kernels' tile. */
export const LANES = 4;

// The core is loaded here, at import, so the tile sizes are known while the test files build
// their case lists (before any beforeAll runs).
await ready();

/** The GEMM's tiles, read from the core (not restated here). */
export const GEMM = gemmTiles();

/**
 * Lengths at every edge of each tile t: t-1, t, t+1 and 2t-1, 2t, 2t+1 (without 0), then odd
 * sizes and `large` ones, sorted and unique.
 */
export function tileSizes(tiles: readonly number[], large: readonly number[] = [97, 1000]): number[] {
  const s = new Set<number>([1]);
  for (const t of tiles) for (const v of [t - 1, t, t + 1, 2 * t - 1, 2 * t, 2 * t + 1]) if (v > 0) s.add(v);
  for (const v of [3, 7, 13, 31, 33, ...large]) s.add(v);
  return [...s].sort((a, b) => a - b);
}

/** The lengths most elementwise and row kernels are tested at. */
export const SIZES = tileSizes([LANES, 2 * LANES, 4 * LANES]);

/** Float64 lanes of a 128-bit vector: the float64 kernels' tile. */
export const F64_LANES = 2;

/** Matrix shapes (rows, cols) around the lane tiles, both ways round, for row and column kernels. */
export const SHAPES: readonly (readonly [number, number])[] = [
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
];

/** Guard values after each buffer's n: a store past n would change them. */
export const GUARD = 8;
const SENTINEL = -12345.5;

type Kind = 'f32' | 'f64' | 'i32';
type BufferOf<K extends Kind> = K extends 'f32' ? F32Buffer : K extends 'f64' ? F64Buffer : I32Buffer;

/**
 * Runs `fn` with one buffer per requested [kind, length], each followed by GUARD sentinel
 * values; afterwards checks that no sentinel changed (no writes past the end) and frees all.
 * Each buffer passed to fn is a view of exactly `length` elements.
 */
export function withGuarded<const K extends readonly (readonly [Kind, number])[]>(
  specs: K,
  fn: (...buffers: { [I in keyof K]: BufferOf<K[I][0]> }) => void,
): void {
  const owned: (F32Buffer | F64Buffer | I32Buffer)[] = [];
  try {
    for (const [kind, n] of specs) {
      const b = kind === 'f32' ? allocF32(n + GUARD) : kind === 'f64' ? allocF64(n + GUARD) : allocI32(n + GUARD);
      b.fill(kind === 'i32' ? -12345 : SENTINEL);
      owned.push(b);
    }
    const views = owned.map((b, i) => b.view(0, specs[i]![1]));
    (fn as (...b: unknown[]) => void)(...views);
    owned.forEach((b, i) => {
      const tail = b.view(specs[i]![1], GUARD).read();
      const expected = specs[i]![0] === 'i32' ? -12345 : SENTINEL;
      for (let j = 0; j < GUARD; j++) {
        if (tail[j] !== expected) throw new Error(`buffer ${i} (${specs[i]![1]} values): element ${specs[i]![1] + j} past the end was written`);
      }
    });
  } finally {
    freeAll(owned);
  }
}

/** withGuarded for float32 buffers only: lengths in, one F32Buffer view each. */
export function withGuardedF32(lengths: readonly number[], fn: (...buffers: F32Buffer[]) => void): void {
  withGuarded(
    lengths.map((n) => ['f32', n] as const),
    fn as never,
  );
}

/**
 * Position independence: writes `data` at element offsets 0..LANES-1 (and one more tile) inside
 * a larger buffer, runs `kernel` on each placement, and checks that every placement gives the
 * same bits as offset 0. `kernel` gets the input view and an output view of `outLength`.
 */
export function expectPositionIndependent(
  data: Float32Array,
  outLength: number,
  kernel: (x: F32Buffer, y: F32Buffer) => void,
  what: string,
): void {
  const offsets = [0, 1, 2, 3, LANES + 1];
  let first: Float32Array | undefined;
  for (const off of offsets) {
    withGuardedF32([data.length + off, outLength + off], (xb, yb) => {
      const x = xb.view(off, data.length);
      const y = yb.view(off, outLength);
      x.write(data);
      kernel(x, y);
      const got = y.read();
      if (first === undefined) first = got;
      else expectBits(got, first, `${what} at offset ${off}`);
    });
  }
}

/** Test values over many binades (|x| from about 2^-20 to 2^20) so additions really round. */
export function wide(n: number, seed: number): Float32Array {
  const base = testData(n, seed);
  const exps = testData(n, seed + 1000, -20, 20);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = base[i]! * 2 ** Math.round(exps[i]!);
  return out;
}

/** A Matrix over data. */
export function mat(rows: number, cols: number, data: ArrayLike<number>): Matrix {
  return { rows, cols, data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

/** About n float32 values evenly spaced in bit pattern between lo and hi (same sign). */
export function bits(lo: number, hi: number, n: number): Float32Array {
  const f = new Float32Array([lo, hi]);
  const u = new Uint32Array(f.buffer);
  const a = Math.min(u[0]!, u[1]!);
  const b = Math.max(u[0]!, u[1]!);
  const step = Math.max(1, Math.floor((b - a) / (n - 1)));
  const count = Math.floor((b - a) / step) + 1;
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = a + i * step;
  return new Float32Array(out.buffer);
}

/** n float32 values evenly spaced from lo to hi (both included). */
export function grid(lo: number, hi: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + ((hi - lo) * i) / (n - 1);
  return out;
}

/** The parts one after the other, as float32. */
export function concat(...parts: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The bit pattern of a float32 value. */
export function f32Bits(x: number): number {
  const f = new Float32Array([x]);
  return new Uint32Array(f.buffer)[0]!;
}

/** Bitwise equality of float32 values (distinguishes -0 and +0); reports the first mismatch. */
export function expectBits(actual: Float32Array, expected: ArrayLike<number>, what: string): void {
  expect(actual.length).toBe(expected.length);
  const e = Float32Array.from(expected);
  const a32 = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e32 = new Uint32Array(e.buffer);
  for (let i = 0; i < actual.length; i++) {
    if (a32[i] !== e32[i]) throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${e[i]} (bits differ)`);
  }
}
