import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

describe('before ready()', () => {
  it('numeric calls throw NotReadyError', () => {
    expect(() => sb.tensor([[1]])).toThrow(sb.NotReadyError);
    expect(() => sb.memory()).toThrow(/await sb.ready\(\)/);
  });
});

describe('ready()', () => {
  beforeAll(async () => {
    await sb.ready();
  });

  it('is idempotent', async () => {
    await sb.ready();
    await sb.ready();
    expect(sb.memory().wasmBytes).toBeGreaterThan(0);
  });

  it('tensor() copies in and read() copies out', () => {
    const before = sb.memory();
    const t = sb.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(sb.memory().liveBuffers).toBe(before.liveBuffers + 1);
    expect(sb.memory().liveBytes).toBe(before.liveBytes + 24);
    const m = t.read();
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    // The copy is the user's: changing it does not change the tensor.
    m.data[0] = 99;
    expect(t.read().data[0]).toBe(1);
    t.dispose();
    t.dispose(); // harmless
    expect(sb.memory()).toEqual(before);
    expect(() => t.read()).toThrow(sb.DisposedError);
  });

  it('rejects ragged, empty and non-finite input with typed errors naming the problem', () => {
    expect(() => sb.tensor([[1, 2], [3]])).toThrow(sb.ShapeError);
    expect(() => sb.tensor([[1, 2], [3]])).toThrow(/row 0 has 2 columns, row 1 has 1/);
    expect(() => sb.tensor([])).toThrow(sb.ShapeError);
    expect(() => sb.tensor([[]])).toThrow(sb.ShapeError);
    expect(() => sb.tensor([[1, NaN]])).toThrow(sb.ValueError);
    expect(() => sb.tensor([[1, NaN]])).toThrow(/NaN at row 0, column 1/);
    expect(() => sb.tensor({ rows: 2, cols: 2, data: new Float32Array(3) })).toThrow(/3 values, expected/);
    expect(() => sb.tensor({ rows: 1, cols: 1, data: new Float32Array([Infinity]) })).toThrow(sb.ValueError);
    expect(() => sb.tensor('x' as never)).toThrow(sb.ValueError);
    expect(sb.memory().liveBuffers).toBe(0);
  });

  it('every error is a SymbreakError', () => {
    for (const E of [sb.ShapeError, sb.ValueError, sb.NotReadyError, sb.DisposedError, sb.FormatError]) {
      const e = new E('m');
      expect(e).toBeInstanceOf(sb.SymbreakError);
      expect(e.name).toBe(E.name);
    }
  });
});

describe('typed buffers', () => {
  it('a freed buffer, and a view of it, refuse to be read or written', async () => {
    const { allocF32, free } = await import('../../src/core/heap.js');
    const b = allocF32(8);
    const v = b.view(2, 3);
    b.write([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(v.read())).toEqual([3, 4, 5]);
    free(b);
    expect(b.live).toBe(false);
    expect(v.live).toBe(false);
    expect(() => b.read()).toThrow(sb.DisposedError);
    expect(() => v.write([1])).toThrow(sb.DisposedError);
    expect(() => b.view(0, 1)).toThrow(sb.DisposedError);
    expect(() => free(b)).toThrow(/does not own/);
  });
});
