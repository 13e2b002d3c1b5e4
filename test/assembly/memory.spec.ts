import { alloc, free } from "../../assembly/memory";

describe("alloc/free", () => {
  it("returns 16-byte aligned blocks so every buffer can be read as v128", () => {
    for (let bytes: usize = 1; bytes < 200; bytes += 13) {
      const p = alloc(bytes);
      expect<usize>(p & 15).toBe(0);
      free(p);
    }
  });

  it("reuses a freed block instead of growing", () => {
    const a = alloc(4096);
    free(a);
    const b = alloc(4096);
    expect<usize>(b).toBe(a);
    free(b);
  });
});
