import { alloc, free } from "../../assembly/memory";
import { f32_gemm, f32_gemm_narrow_n, f32_gemm_tile_m, f32_gemm_tile_n } from "../../assembly/kernels/gemm";

// Small-integer inputs make every float32 product and partial sum exact (|sum| < 2^24), so the
// kernel must match a plain loop bit for bit, in every form, at every tile edge and across the
// k-blocks. A NaN guard after C checks that nothing is written past the result.

const GUARD: i32 = 8;

let seed: u32 = 1;
function nextInt(): f32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f32>(<i32>(seed % 7) - 3); // -3..3
}
function nextReal(): f32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f32>(<f64>seed / 4294967296.0 * 2.0 - 1.0);
}

function buffer(n: i32, integers: bool): usize {
  const p = alloc(<usize>(n + GUARD) << 2);
  for (let i = 0; i < n + GUARD; i++) {
    store<f32>(p + (<usize>i << 2), i < n ? (integers ? nextInt() : nextReal()) : NaN);
  }
  return p;
}

function at(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

/** op(A)[i][p] * op(B)[p][j] summed in float64 (exact for the integer inputs). */
function naive(a: usize, b: usize, i: i32, j: i32, m: i32, n: i32, k: i32, transA: i32, transB: i32): f64 {
  let s: f64 = 0;
  for (let p = 0; p < k; p++) {
    const x = transA ? at(a, p * m + i) : at(a, i * k + p);
    const y = transB ? at(b, j * k + p) : at(b, p * n + j);
    s += <f64>x * <f64>y;
  }
  return s;
}

/** Runs one exact case; returns the number of mismatches (0 expected). */
function exactCase(m: i32, n: i32, k: i32, transA: i32, transB: i32, withBias: bool, accumulate: bool): i32 {
  const a = buffer(m * k, true);
  const b = buffer(k * n, true);
  const bias = buffer(n, true);
  const c = buffer(m * n, true);
  const c0 = buffer(m * n, false);
  memory.copy(c0, c, <usize>(m * n) << 2);
  f32_gemm(a, b, c, withBias ? bias : 0, m, n, k, transA, transB, accumulate ? 1 : 0);
  let bad = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let want = naive(a, b, i, j, m, n, k, transA, transB);
      if (withBias) want += <f64>at(bias, j);
      if (accumulate) want += <f64>at(c0, i * n + j);
      if (<f64>at(c, i * n + j) != want) bad++;
    }
  }
  for (let g = 0; g < GUARD; g++) if (!isNaN(at(c, m * n + g))) bad++;
  free(a);
  free(b);
  free(bias);
  free(c);
  free(c0);
  return bad;
}

describe("f32_gemm", () => {
  it("matches an exact loop in all four forms at tile edges (1..17, 33)", () => {
    const dims: i32[] = [1, 3, 4, 5, 7, 8, 9, 16, 17, 33];
    let idx = 0;
    for (let mi = 0; mi < dims.length; mi++) {
      for (let ni = 0; ni < dims.length; ni++) {
        const k = dims[(mi + 2 * ni) % dims.length];
        for (let form = 0; form < 4; form++) {
          const mode = (idx + form) % 4;
          const bad = exactCase(dims[mi], dims[ni], k, form & 1, form >> 1, (mode & 1) != 0, (mode & 2) != 0);
          expect<i32>(bad).toBe(0);
        }
        idx++;
      }
    }
  });

  it("matches across k-blocks, n-blocks and m-blocks (k 257/600, n 513, m 129)", () => {
    for (let form = 0; form < 4; form++) {
      expect<i32>(exactCase(5, 9, 257, form & 1, form >> 1, true, true)).toBe(0);
      expect<i32>(exactCase(3, 11, 600, form & 1, form >> 1, true, false)).toBe(0);
      expect<i32>(exactCase(6, 513, 13, form & 1, form >> 1, false, true)).toBe(0);
      expect<i32>(exactCase(129, 10, 7, form & 1, form >> 1, true, false)).toBe(0);
    }
  });

  it("k = 0 gives the bias (plus C when accumulating)", () => {
    const bias = buffer(5, true);
    const c = buffer(15, true);
    const c0 = buffer(15, false);
    memory.copy(c0, c, 60);
    f32_gemm(0, 0, c, bias, 3, 5, 0, 0, 0, 1);
    for (let i = 0; i < 15; i++) expect<f32>(at(c, i)).toBe(at(c0, i) + at(bias, i % 5));
    f32_gemm(0, 0, c, bias, 3, 5, 0, 0, 0, 0);
    for (let i = 0; i < 15; i++) expect<f32>(at(c, i)).toBe(at(bias, i % 5));
    expect<bool>(isNaN(at(c, 15))).toBe(true);
    free(bias);
    free(c);
    free(c0);
  });

  it("copied rows and columns give identical bits wherever they sit (real inputs)", () => {
    // Whole rows/columns are compared: when only the order of one addition changes, about 15%
    // of the elements differ, so single elements could miss a position-dependent order.
    const m = 10; // row tiles 0-3, 4-7, edge 8-9
    const n = 19; // column panels 0-7, 8-15, edge 16-18
    const k = 301; // two k-blocks
    const srcRows: i32[] = [0, 1, 2];
    const dstRows: i32[] = [5, 8, 9];
    const srcCols: i32[] = [0, 1, 2, 3];
    const dstCols: i32[] = [9, 16, 17, 18];
    for (let form = 0; form < 4; form++) {
      for (let extras = 0; extras < 2; extras++) {
        const transA = form & 1;
        const transB = form >> 1;
        const a = buffer(m * k, false);
        const b = buffer(k * n, false);
        const bias = buffer(n, false);
        const c = buffer(m * n, false);
        // op(A)[i][p] lives at i*k+p, or p*m+i when transposed; op(B)[p][j] at p*n+j or j*k+p.
        for (let r = 0; r < srcRows.length; r++) {
          for (let p = 0; p < k; p++) {
            const from = transA ? p * m + srcRows[r] : srcRows[r] * k + p;
            const to = transA ? p * m + dstRows[r] : dstRows[r] * k + p;
            store<f32>(a + (<usize>to << 2), at(a, from));
          }
          for (let j = 0; j < n; j++) store<f32>(c + (<usize>(dstRows[r] * n + j) << 2), at(c, srcRows[r] * n + j));
        }
        for (let q = 0; q < srcCols.length; q++) {
          for (let p = 0; p < k; p++) {
            const from = transB ? srcCols[q] * k + p : p * n + srcCols[q];
            const to = transB ? dstCols[q] * k + p : p * n + dstCols[q];
            store<f32>(b + (<usize>to << 2), at(b, from));
          }
          for (let i = 0; i < m; i++) store<f32>(c + (<usize>(i * n + dstCols[q]) << 2), at(c, i * n + srcCols[q]));
          store<f32>(bias + (<usize>dstCols[q] << 2), at(bias, srcCols[q]));
        }
        f32_gemm(a, b, c, extras ? bias : 0, m, n, k, transA, transB, extras);
        let bad = 0;
        for (let r = 0; r < srcRows.length; r++) {
          for (let j = 0; j < n; j++) {
            if (reinterpret<u32>(at(c, dstRows[r] * n + j)) != reinterpret<u32>(at(c, srcRows[r] * n + j))) bad++;
          }
        }
        for (let q = 0; q < srcCols.length; q++) {
          for (let i = 0; i < m; i++) {
            if (reinterpret<u32>(at(c, i * n + dstCols[q])) != reinterpret<u32>(at(c, i * n + srcCols[q]))) bad++;
          }
        }
        expect<i32>(bad).toBe(0);
        free(a);
        free(b);
        free(bias);
        free(c);
      }
    }
  });
});

describe("gemm tile sizes", () => {
  it("reports the blocked path's 4x8 register tile and the narrow path's width 4", () => {
    expect<i32>(f32_gemm_tile_m()).toBe(4);
    expect<i32>(f32_gemm_tile_n()).toBe(8);
    expect<i32>(f32_gemm_narrow_n()).toBe(4);
  });
});
