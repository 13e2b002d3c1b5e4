// The typed ABI generated from the AssemblyScript sources: it covers exactly the module's
// exports, and the types make a wrong buffer or a renamed kernel a compile error (`npm test`
// runs tsc over this file before vitest runs it: each @ts-expect-error must meet its error).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as abi from '../../src/core/abi.generated.js';
import { allocF32, allocF64, free } from '../../src/core/heap.js';
import { ready } from '../../src/core/load.js';
import { sum } from '../../src/kernels/reduce.js';

beforeAll(() => ready());

describe('the generated ABI', () => {
  it('has one typed function per kernel the module exports (alloc and free stay raw, for the heap)', () => {
    const wasm = new WebAssembly.Module(readFileSync(resolve(import.meta.dirname, '../../build/core.wasm')));
    const kernels = WebAssembly.Module.exports(wasm)
      .filter((e) => e.kind === 'function' && e.name !== 'alloc' && e.name !== 'free')
      .map((e) => e.name)
      .sort();
    const typed = Object.keys(abi)
      .filter((k) => /^f(32|64)_/.test(k))
      .sort();
    expect(typed).toEqual(kernels);
    expect(kernels.length).toBeGreaterThan(40);
  });

  it('passes buffers by address: a kernel reads what the buffer holds', () => {
    const x = allocF32(5);
    try {
      x.write([1, 2, 3, 4, 5]);
      expect(sum(x, 5)).toBe(15);
      expect(sum(x.view(2), 3)).toBe(12);
    } finally {
      free(x);
    }
  });

  it('types: the element type and the kernel names are checked by the compiler', () => {
    const d = allocF64(4);
    try {
      const wrongBuffer = (): number =>
        // @ts-expect-error: an F64Buffer where the kernel takes float32 data
        sum(d, 4);
      const renamed = (): unknown =>
        // @ts-expect-error: no kernel of that name (the ABI is generated from the sources)
        abi.f32_summ;
      expect(typeof wrongBuffer).toBe('function');
      expect(renamed()).toBeUndefined();
    } finally {
      free(d);
    }
  });
});
