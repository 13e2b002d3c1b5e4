// f32_gemm: C = (accumulate ? C : 0) + bias + op(A)·op(B), float32, row-major.
//
// Structure after GotoBLAS/BLIS (Goto & van de Geijn, "Anatomy of high-performance matrix
// multiplication", ACM TOMS 2008) and XNNPACK's f32_gemm_4x8__wasmsimd_splat micro-kernel:
// B is packed into 8-column panels and A into 4-row panels, both k-major, so the transposed
// forms differ only in how they are packed and all four run the same 4x8 micro-kernel.
// A 4x8 tile lives in eight f32x4 accumulators; A values are broadcast with load32_splat.
// Bigger tiles and unrolling k were measured slower on V8 (x64 spills the xmm registers).
//
// Position independence: every C[i][j] is the same chain of float32 operations whatever its
// row, column, tile, micro-kernel or the matrix size: acc = (accumulate ? C : 0) + bias, then
// acc = acc + a_p * b_p for p = 0..k-1 in order (mul then add, no FMA). The k-blocks are a
// function of k alone and the partial sums carry across them through C (an exact f32 store
// and load). Edge tiles run the micro-kernel on a 4x8 scratch tile (a 4x4 twin when at most
// 4 columns are valid); padding lanes are zeros in the packed panels and never reach C.
//
// Micro-kernels, named as XNNPACK names its own (f32_gemm_<MR>x<NR>__<isa>_<variant>):
//   f32_gemm_4x8__simd_splat   the blocked path's kernel: packed A panel x packed 8-column B panel
//   f32_gemm_4x4__simd_splat   its twin for an edge panel with <= 4 valid columns (same packing):
//                              the 4x4 narrow kernel's tile run on the packed panels
//   f32_gemm_4x4__simd_narrow  n <= 4: 4 rows of C, A read in place, B packed as k rows of 4
//   f32_gemm_1x4__simd_narrow  n <= 4: the last m % 4 rows of C, one at a time, likewise
// All of them compute each element with the same chain of operations, so which one ran never
// shows in the bits.

import { loadPart, storePart } from "./lanes";
import { F32Ptr, F32PtrOrNull } from "./ptr";

// Register tile (MR x NR) and cache blocks: KC values of k, NC columns of B, MC rows of A.
// NARROW_N: the widest op(B) the narrow path takes.
const MR: i32 = 4;
const NR: i32 = 8;
const NARROW_N: i32 = 4;
const KC: i32 = 256;
const NC: i32 = 512;
const MC: i32 = 128;

// Static scratch (kernels never allocate). packB holds NC/NR panels of KC x NR values,
// packA MC/MR panels of KC x MR values.
const packB: usize = memory.data(NC * KC * 4, 16);
const packA: usize = memory.data(MC * KC * 4, 16);
const tileC: usize = memory.data(MR * NR * 4, 16);
const tileBias: usize = memory.data(NR * 4, 16);

/** The register tile MR of the blocked path (rows of C per micro-kernel call): 4. */
export function f32_gemm_tile_m(): i32 {
  return MR;
}

/** The register tile NR of the blocked path (columns of C per micro-kernel call): 8. */
export function f32_gemm_tile_n(): i32 {
  return NR;
}

/** The widest n (columns of C) that takes the narrow path (when op(B) fits its buffer): 4. */
export function f32_gemm_narrow_n(): i32 {
  return NARROW_N;
}

/**
 * 4x8 tile, packed A and packed B (reads nothing in place but C): c[0..4][0..8] (row stride
 * ldc bytes) = init + sum over p < kc of pa[p][r] * pb[p][j]. init = (loadC ? c : 0) +
 * (bias ? bias[0..8] : 0). pa: kc x 4 floats (k-major), pb: kc x 8 floats (k-major).
 */
function f32_gemm_4x8__simd_splat(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, loadC: i32, bias: usize): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (loadC) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc);
    c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc);
    c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc);
    c31 = v128.load(c + 3 * ldc, 16);
  } else {
    c00 = f32x4.splat(0);
    c01 = c00;
    c10 = c00;
    c11 = c00;
    c20 = c00;
    c21 = c00;
    c30 = c00;
    c31 = c00;
  }
  if (bias) {
    const b0 = v128.load(bias);
    const b1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, b0);
    c01 = f32x4.add(c01, b1);
    c10 = f32x4.add(c10, b0);
    c11 = f32x4.add(c11, b1);
    c20 = f32x4.add(c20, b0);
    c21 = f32x4.add(c21, b1);
    c30 = f32x4.add(c30, b0);
    c31 = f32x4.add(c31, b1);
  }
  const paEnd = pa + (<usize>kc << 4);
  while (pa < paEnd) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16;
    pb += 32;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/**
 * 4x4 tile, packed A and the first 4 columns of a packed 8-column B panel: the twin of
 * f32_gemm_4x8__simd_splat for a last panel with at most 4 valid columns (n = 10, or a 1-unit
 * output layer), each element computed by exactly the same operations, so results do not
 * depend on which ran. It is f32_gemm_4x4__simd_narrow's tile on packed operands: A rows 4 bytes
 * apart and k steps 16 (a 4-row panel), B rows 32 bytes apart (the panel's first half).
 */
function f32_gemm_4x4__simd_splat(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, loadC: i32, bias: usize): void {
  const bv = bias ? v128.load(bias) : f32x4.splat(0);
  f32_gemm_4x4__simd_narrow(pa, true, 4, 16, pb, 32, pb + (<usize>kc << 5), c, ldc, 4, loadC, bias, bv);
}

/**
 * Packs a strip whose k-th values are contiguous in the source (A transposed, or B plain):
 * for p < kc, dst[p*width + 0..valid] = src[(k0 + p)*ld + 0..valid], the rest zeros.
 * width is 4 or 8 floats; ld in floats.
 */
function packContiguous(dst: usize, width: i32, src: usize, ld: i32, valid: i32, k0: i32, kc: i32): void {
  const rowBytes = <usize>ld << 2;
  const step = <usize>width << 2;
  let s = src + <usize>k0 * rowBytes;
  if (valid == width) {
    if (width == 8) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        s += rowBytes;
        dst += step;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(s));
        s += rowBytes;
        dst += step;
      }
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    let j = 0;
    for (; j < valid; j++) store<f32>(dst + (<usize>j << 2), load<f32>(s + (<usize>j << 2)));
    for (; j < width; j++) store<f32>(dst + (<usize>j << 2), 0);
    s += rowBytes;
    dst += step;
  }
}

/**
 * Packs 4 source rows whose k values are contiguous (A plain, or B transposed) into k-major
 * groups of 4: for p < kc, dst[p*stride + r] = src[r*ld + k0 + p] for r < valid, zeros beyond.
 * stride in bytes (16 for A panels, 32 for a half of a B panel). 4x4 blocks are transposed
 * with shuffles.
 */
function packTransposed4(dst: usize, stride: usize, src: usize, ld: i32, valid: i32, k0: i32, kc: i32): void {
  const rowBytes = <usize>ld << 2;
  const s0 = src + (<usize>k0 << 2);
  let p = 0;
  if (valid == 4) {
    const s1 = s0 + rowBytes;
    const s2 = s1 + rowBytes;
    const s3 = s2 + rowBytes;
    for (; p + 4 <= kc; p += 4) {
      const off = <usize>p << 2;
      const r0 = v128.load(s0 + off);
      const r1 = v128.load(s1 + off);
      const r2 = v128.load(s2 + off);
      const r3 = v128.load(s3 + off);
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const d = dst + <usize>p * stride;
      v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(d + stride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(d + 2 * stride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(d + 3 * stride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
  }
  for (; p < kc; p++) {
    const d = dst + <usize>p * stride;
    const off = <usize>p << 2;
    let r = 0;
    for (; r < valid; r++) store<f32>(d + (<usize>r << 2), load<f32>(s0 + <usize>r * rowBytes + off));
    for (; r < 4; r++) store<f32>(d + (<usize>r << 2), 0);
  }
}

/**
 * C for n <= 4 (a layer of at most 4 units, the dA of a network with at most 4 inputs, or such
 * a layer's dW): f32_gemm_4x4__simd_narrow over groups of 4 rows of C (and
 * f32_gemm_1x4__simd_narrow for the last m % 4),
 * with op(B) packed once as k rows of 4 (zeros beyond n) and A read in place. Tiny products like
 * the lesson's 400x2·(2x4) spent most of their time packing A and in edge tiles in the blocked
 * path. Each element is the same chain as there: (accumulate ? C : 0) + bias, then + a_p·b_p
 * for p in order; the k-blocks of the blocked path only carry that chain through C (an exact
 * store and load), so the bits are the same (tested).
 */
function gemmNarrow(
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  m: i32,
  n: i32,
  k: i32,
  transA: i32,
  transB: i32,
  accumulate: i32,
): void {
  if (transB) {
    for (let p = 0; p < k; p++) {
      const d = packB + (<usize>p << 4);
      for (let j = 0; j < 4; j++) {
        store<f32>(d + (<usize>j << 2), j < n ? load<f32>(b + ((<usize>j * <usize>k + <usize>p) << 2)) : 0);
      }
    }
  } else {
    const rowBytes = <usize>n << 2;
    for (let p = 0; p < k; p++) v128.store(packB + (<usize>p << 4), loadPart(b + <usize>p * rowBytes, n));
  }
  for (let j = 0; j < 4; j++) store<f32>(tileBias + (<usize>j << 2), bias && j < n ? load<f32>(bias + (<usize>j << 2)) : 0);
  const bv = v128.load(tileBias);
  // op(A)[i][p]: A[i][p] (row stride k) or, transposed, A[p][i] (row stride m).
  const rowStep: usize = transA ? 4 : <usize>k << 2;
  const colStep: usize = transA ? <usize>m << 2 : 4;
  const rowBytes = <usize>n << 2;
  const pbEnd = packB + (<usize>k << 4);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    f32_gemm_4x4__simd_narrow(a + <usize>i * rowStep, false, rowStep, colStep, packB, 16, pbEnd, c + <usize>i * rowBytes, rowBytes, n, accumulate, bias, bv);
  }
  for (; i < m; i++) {
    f32_gemm_1x4__simd_narrow(a + <usize>i * rowStep, colStep, pbEnd, c + <usize>i * rowBytes, n, accumulate, bias, bv);
  }
}

/**
 * 4x4 tile, A read in place, B as rows of 4 floats pbStep bytes apart from pb up to pbEnd (the
 * narrow path: packB, 16): rows 0..3 of C at cr (row stride rowBytes; n <= 4 valid columns) =
 * (accumulate ? C : 0) + (bias ? bv : 0) + sum over p of op(A)[r][p]·b_p, where op(A)[r][p] is
 * at pa + r·rowStep + p·colStep. packedA (a compile-time constant, f32_gemm_4x4__simd_splat's
 * case): A is a packed 4-row panel, rowStep 4, and its rows are read at immediate offsets.
 */
// @ts-ignore: decorator
@inline function f32_gemm_4x4__simd_narrow(
  pa: usize,
  packedA: bool,
  rowStep: usize,
  colStep: usize,
  pb: usize,
  pbStep: usize,
  pbEnd: usize,
  cr: usize,
  rowBytes: usize,
  n: i32,
  accumulate: i32,
  bias: usize,
  bv: v128,
): void {
  const zero = f32x4.splat(0);
  let c0 = accumulate ? loadPart(cr, n) : zero;
  let c1 = accumulate ? loadPart(cr + rowBytes, n) : zero;
  let c2 = accumulate ? loadPart(cr + 2 * rowBytes, n) : zero;
  let c3 = accumulate ? loadPart(cr + 3 * rowBytes, n) : zero;
  if (bias) {
    c0 = f32x4.add(c0, bv);
    c1 = f32x4.add(c1, bv);
    c2 = f32x4.add(c2, bv);
    c3 = f32x4.add(c3, bv);
  }
  while (pb < pbEnd) {
    const bp = v128.load(pb);
    const a1 = packedA ? v128.load32_splat(pa, 4) : v128.load32_splat(pa + rowStep);
    const a2 = packedA ? v128.load32_splat(pa, 8) : v128.load32_splat(pa + 2 * rowStep);
    const a3 = packedA ? v128.load32_splat(pa, 12) : v128.load32_splat(pa + 3 * rowStep);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), bp));
    c1 = f32x4.add(c1, f32x4.mul(a1, bp));
    c2 = f32x4.add(c2, f32x4.mul(a2, bp));
    c3 = f32x4.add(c3, f32x4.mul(a3, bp));
    pa += colStep;
    pb += pbStep;
  }
  storePart(cr, c0, n);
  storePart(cr + rowBytes, c1, n);
  storePart(cr + 2 * rowBytes, c2, n);
  storePart(cr + 3 * rowBytes, c3, n);
}

/** 1x4 tile, A read in place, B packed as k rows of 4: one row of C, as the 4x4 narrow kernel. */
// @ts-ignore: decorator
@inline function f32_gemm_1x4__simd_narrow(
  pa: usize,
  colStep: usize,
  pbEnd: usize,
  cr: usize,
  n: i32,
  accumulate: i32,
  bias: usize,
  bv: v128,
): void {
  let acc = accumulate ? loadPart(cr, n) : f32x4.splat(0);
  if (bias) acc = f32x4.add(acc, bv);
  let pb = packB;
  while (pb < pbEnd) {
    acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
    pa += colStep;
    pb += 16;
  }
  storePart(cr, acc, n);
}

/**
 * C[m x n] = (accumulate ? C : 0) + op(A)·op(B) + (bias ? bias broadcast over rows : 0).
 * op(A) is m x k, stored A[m][k], or A[k][m] when transA; op(B) is k x n, stored B[k][n], or
 * B[n][k] when transB. bias: n values or 0 for none. C must not overlap A, B or bias.
 */
export function f32_gemm(
  a: F32Ptr,
  b: F32Ptr,
  c: F32Ptr,
  bias: F32PtrOrNull,
  m: i32,
  n: i32,
  k: i32,
  transA: i32,
  transB: i32,
  accumulate: i32,
): void {
  if (m <= 0 || n <= 0) return;
  if (k < 0) k = 0;
  // Narrow: op(B) fits the packing buffer as k rows of 4.
  if (n <= NARROW_N && <usize>k * 16 <= <usize>(NC * KC) * 4) {
    gemmNarrow(a, b, c, bias, m, n, k, transA, transB, accumulate);
    return;
  }
  // Even k-blocks (multiples of 4, so packing uses whole 4x4 transposes): they depend on k
  // only, so every element sees the same block boundaries.
  const nkb = k > KC ? (k + KC - 1) / KC : 1;
  let kcStep = (k + nkb - 1) / nkb;
  kcStep = (kcStep + 3) & ~3;
  const ldcBytes = <usize>n << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k || pc == 0; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      // Pack B[pc..pc+kc][jc..jc+nc] into 8-column panels.
      for (let jp = 0; jp < nc; jp += NR) {
        const valid = min(NR, nc - jp);
        const dst = packB + <usize>jp * <usize>kc * 4;
        if (transB) {
          const src = b + <usize>(jc + jp) * (<usize>k << 2);
          packTransposed4(dst, 32, src, k, min(4, valid), pc, kc);
          const rest = valid - 4;
          if (rest > 0) {
            packTransposed4(dst + 16, 32, src + 4 * (<usize>k << 2), k, rest, pc, kc);
          } else {
            packTransposed4(dst + 16, 32, src, k, 0, pc, kc);
          }
        } else {
          packContiguous(dst, NR, b + (<usize>(jc + jp) << 2), n, valid, pc, kc);
        }
      }
      const loadC = pc > 0 ? 1 : accumulate;
      const biasHere: usize = pc > 0 ? 0 : bias;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        // Pack A[ic..ic+mc][pc..pc+kc] into 4-row panels.
        for (let ip = 0; ip < mc; ip += MR) {
          const valid = min(MR, mc - ip);
          const dst = packA + <usize>ip * <usize>kc * 4;
          if (transA) {
            packContiguous(dst, MR, a + (<usize>(ic + ip) << 2), m, valid, pc, kc);
          } else {
            packTransposed4(dst, 16, a + <usize>(ic + ip) * (<usize>k << 2), k, valid, pc, kc);
          }
        }
        for (let jp = 0; jp < nc; jp += NR) {
          const nr = min(NR, nc - jp);
          const j = jc + jp;
          const pb = packB + <usize>jp * <usize>kc * 4;
          let biasTile: usize = 0;
          if (biasHere) {
            if (nr == NR) {
              biasTile = biasHere + (<usize>j << 2);
            } else {
              for (let q = 0; q < NR; q++) {
                store<f32>(tileBias + (<usize>q << 2), q < nr ? load<f32>(biasHere + (<usize>(j + q) << 2)) : 0);
              }
              biasTile = tileBias;
            }
          }
          for (let ip = 0; ip < mc; ip += MR) {
            const mr = min(MR, mc - ip);
            const pa = packA + <usize>ip * <usize>kc * 4;
            const ct = c + <usize>(ic + ip) * ldcBytes + (<usize>j << 2);
            if (mr == MR && nr == NR) {
              f32_gemm_4x8__simd_splat(pa, pb, kc, ct, ldcBytes, loadC, biasTile);
            } else {
              // Edge tile: same micro-kernel on a scratch tile, then copy the valid part.
              if (loadC) {
                for (let r = 0; r < mr; r++) {
                  for (let q = 0; q < nr; q++) {
                    store<f32>(tileC + <usize>(r * NR + q) * 4, load<f32>(ct + <usize>r * ldcBytes + (<usize>q << 2)));
                  }
                }
              }
              if (nr <= 4) f32_gemm_4x4__simd_splat(pa, pb, kc, tileC, NR * 4, loadC, biasTile);
              else f32_gemm_4x8__simd_splat(pa, pb, kc, tileC, NR * 4, loadC, biasTile);
              for (let r = 0; r < mr; r++) {
                for (let q = 0; q < nr; q++) {
                  store<f32>(ct + <usize>r * ldcBytes + (<usize>q << 2), load<f32>(tileC + <usize>(r * NR + q) * 4));
                }
              }
            }
          }
        }
      }
      if (k == 0) break;
    }
  }
}
