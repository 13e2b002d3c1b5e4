// Matrix multiplication on the SIMD core (assembly/kernels/gemm.ts): the pointer-level call the
// network code makes with its own buffers, and the checked public `matmul`.
import { core } from '../runtime/core.js';
import { f32View } from '../runtime/heap.js';
import { checkOut, input, release, Tensor, type Input, type TensorLike } from '../runtime/tensor.js';
import { describe } from '../runtime/matrix.js';
import { ShapeError, ValueError, shapeText } from '../errors.js';

interface GemmExports {
  f32_gemm(
    a: number,
    b: number,
    c: number,
    bias: number,
    m: number,
    n: number,
    k: number,
    transA: number,
    transB: number,
    accumulate: number,
  ): void;
}

/**
 * @internal C[m x n] = (accumulate ? C : 0) + op(A)·op(B) + bias (one row broadcast; biasPtr 0 =
 * none). op(A) is m x k, stored [m][k], or [k][m] when transA; op(B) is k x n, stored [k][n],
 * or [n][k] when transB. No checks: C must not overlap A, B or bias, dims >= 1 (k may be 0).
 * Each C element is the same float32 operation sequence whatever its position (see the kernel).
 */
export function gemm(
  aPtr: number,
  bPtr: number,
  cPtr: number,
  biasPtr: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  core<GemmExports>().f32_gemm(aPtr, bPtr, cPtr, biasPtr, m, n, k, transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0);
}

export interface MatmulOptions {
  /** Use aᵀ (a stored k x m) instead of a. */
  transposeA?: boolean;
  /** Use bᵀ (b stored n x k) instead of b: a dense layer's X·Wᵀ with W stored [units, inputs]. */
  transposeB?: boolean;
  /** An m x n Tensor to write into (nothing is allocated; it may be a or b). */
  out?: Tensor;
  /** A 1 x n row added to every row of the product. */
  bias?: TensorLike;
  /** Add the product to out's current values instead of overwriting them (needs out). */
  accumulate?: boolean;
}

const OPTION_NAMES = ['transposeA', 'transposeB', 'out', 'bias', 'accumulate'];

function flag(opts: Record<string, unknown>, name: string): boolean {
  const v = opts[name];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new ValueError(`matmul: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

function shapeOf(t: Tensor, name: string, transposed: boolean): string {
  const s = `${name} is ${shapeText(t.rows, t.cols)}`;
  return transposed ? `${s} (transposed: ${shapeText(t.cols, t.rows)})` : s;
}

/**
 * op(a)·op(b) (+ bias) in float32 on the SIMD core, with op(x) = xᵀ when the matching
 * transpose option is set; the transposes are done by the kernel's packing, never
 * materialized. Each element is the float32 sum over k in order of fl(a_ik·b_kj), starting
 * from out (accumulate) and the bias, so its error is at most about K·2^-24·Σ|a_ik·b_kj|.
 * Inputs may be Tensors (used in place) or Matrix/number[][] (copied in, freed after).
 * Returns `out` when given, else a new m x n Tensor the caller must dispose().
 */
export function matmul(a: TensorLike, b: TensorLike, opts?: MatmulOptions): Tensor {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null || Array.isArray(opts))) {
    throw new ValueError(`matmul: options must be an object like { transposeB: true }, got ${describe(opts)}`);
  }
  const o = (opts ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new ValueError(`matmul: unknown option '${key}' (the options are ${OPTION_NAMES.join(', ')})`);
    }
  }
  const transA = flag(o, 'transposeA');
  const transB = flag(o, 'transposeB');
  const accumulate = flag(o, 'accumulate');
  const out = o.out;
  if (out !== undefined && !(out instanceof Tensor)) {
    throw new ValueError(`matmul: out must be a Tensor from sb.tensor(), got ${describe(out)}`);
  }
  if (accumulate && out === undefined) {
    throw new ValueError('matmul: accumulate needs an out Tensor holding the values to add to');
  }
  if (out !== undefined) void out.ptr; // DisposedError before anything is copied in

  const ia = input(a, 'a');
  let ib: Input | undefined;
  let ibias: Input | undefined;
  try {
    ib = input(b, 'b');
    const ta = ia.t;
    const tb = ib.t;
    const m = transA ? ta.cols : ta.rows;
    const ka = transA ? ta.rows : ta.cols;
    const kb = transB ? tb.cols : tb.rows;
    const n = transB ? tb.rows : tb.cols;
    if (ka !== kb) {
      throw new ShapeError(
        `matmul: ${shapeOf(ta, 'a', transA)}, ${shapeOf(tb, 'b', transB)}: ` +
          `${transA ? 'aᵀ' : 'a'}.cols must equal ${transB ? 'bᵀ' : 'b'}.rows (${ka} vs ${kb})`,
      );
    }
    let biasPtr = 0;
    if (o.bias !== undefined) {
      ibias = input(o.bias as TensorLike, 'bias');
      const tbias = ibias.t;
      if (tbias.rows !== 1 || tbias.cols !== n) {
        throw new ShapeError(
          `matmul: bias is ${shapeText(tbias.rows, tbias.cols)}, expected 1x${n} ` +
            `(one value per column of the ${shapeText(m, n)} result)`,
        );
      }
      biasPtr = tbias.ptr;
    }
    const y = out === undefined ? new Tensor(m, n) : checkOut(out, m, n, 'matmul');
    const yPtr = y.ptr;
    if (yPtr === ta.ptr || yPtr === tb.ptr || yPtr === biasPtr) {
      // The kernel reads its inputs after it has started writing C: compute into a
      // temporary, then copy.
      const tmp = new Tensor(m, n);
      try {
        if (accumulate) f32View(tmp.ptr, m * n).set(f32View(yPtr, m * n));
        gemm(ta.ptr, tb.ptr, tmp.ptr, biasPtr, m, n, ka, transA, transB, accumulate);
        f32View(yPtr, m * n).set(f32View(tmp.ptr, m * n));
      } finally {
        tmp.dispose();
      }
    } else {
      gemm(ta.ptr, tb.ptr, yPtr, biasPtr, m, n, ka, transA, transB, accumulate);
    }
    return y;
  } finally {
    release(ia, ib, ibias);
  }
}
