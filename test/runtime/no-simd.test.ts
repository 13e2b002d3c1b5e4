// An engine without WebAssembly SIMD gets an error that says so, not a compile failure.
// (Own file: the core is loaded once per test file, and this one must never load it.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as sb from '../../src/index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ready() without WebAssembly SIMD', () => {
  it('rejects with a SymbreakError naming SIMD, and a later ready() can still succeed', async () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    await expect(sb.ready()).rejects.toBeInstanceOf(sb.SymbreakError);
    await expect(sb.ready()).rejects.toThrow(/WebAssembly SIMD/);
    expect(() => sb.memory()).toThrow(sb.NotReadyError);
    vi.restoreAllMocks();
    await sb.ready();
    expect(sb.memory().liveBuffers).toBe(0);
  });
});
