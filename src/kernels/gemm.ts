// assembly/kernels/gemm.ts: C[m x n] = (accumulate ? C : 0) + op(A)·op(B) + bias.
// op(A) is m x k, stored [m][k], or [k][m] when transA; op(B) is k x n, stored [k][n], or
// [n][k] when transB; bias is one row broadcast over C's rows, or null. No checks: C must not
// overlap A, B or bias, dims >= 1 (k may be 0). Each C element is the same float32 operation
// sequence whatever its position (see the kernel).
import type { F32Buffer } from '../core/buffer.js';
import { f32_gemm, f32_gemm_narrow_n, f32_gemm_tile_m, f32_gemm_tile_n } from '../core/abi.generated.js';

export function gemm(
  a: F32Buffer,
  b: F32Buffer,
  c: F32Buffer,
  bias: F32Buffer | null,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  f32_gemm(a, b, c, bias, m, n, k, transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0);
}

/**
 * The GEMM's register tiles: the blocked kernel computes `m` x `n` blocks of C; when n <= narrowN
 * the narrow path runs instead. The tile-edge tests are built from these.
 */
export function gemmTiles(): { m: number; n: number; narrowN: number } {
  return { m: f32_gemm_tile_m(), n: f32_gemm_tile_n(), narrowN: f32_gemm_narrow_n() };
}
