// sb.ops.matmul: the checked public matrix product on the GEMM kernel (assembly/kernels/gemm.ts).
import { checkOut, input, release, Tensor, type Input, type TensorLike } from '../core/tensor.js';
import type { F32Buffer } from '../core/buffer.js';
import { gemm } from '../kernels/gemm.js';
import { copy } from '../kernels/elementwise.js';
import { anyOption, booleanOption, parseOptions } from '../util/options.js';
import { ShapeError, ValueError, shapeText } from '../errors.js';

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

const SCHEMA = {
  transposeA: booleanOption(),
  transposeB: booleanOption(),
  out: anyOption(),
  bias: anyOption(),
  accumulate: booleanOption(),
};

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
  const o = parseOptions(opts, 'matmul', SCHEMA);
  const transA = (o.transposeA as boolean | undefined) ?? false;
  const transB = (o.transposeB as boolean | undefined) ?? false;
  const accumulate = (o.accumulate as boolean | undefined) ?? false;
  const out = checkOut(o.out, 'matmul'); // DisposedError before anything is copied in
  if (accumulate && out === undefined) {
    throw new ValueError('matmul: accumulate needs an out Tensor holding the values to add to');
  }

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
    let bias: F32Buffer | null = null;
    if (o.bias !== undefined) {
      ibias = input(o.bias as TensorLike, 'bias');
      const tbias = ibias.t;
      if (tbias.rows !== 1 || tbias.cols !== n) {
        throw new ShapeError(
          `matmul: bias is ${shapeText(tbias.rows, tbias.cols)}, expected 1x${n} ` +
            `(one value per column of the ${shapeText(m, n)} result)`,
        );
      }
      bias = tbias.buffer;
    }
    const y = out ?? new Tensor(m, n);
    checkOut(y, 'matmul', m, n);
    if (y === ta || y === tb || y === ibias?.t) {
      // The kernel reads its inputs after it has started writing C: compute into a
      // temporary, then copy.
      const tmp = new Tensor(m, n);
      try {
        if (accumulate) copy(y.buffer, tmp.buffer, m * n);
        gemm(ta.buffer, tb.buffer, tmp.buffer, bias, m, n, ka, transA, transB, accumulate);
        copy(tmp.buffer, y.buffer, m * n);
      } finally {
        tmp.dispose();
      }
    } else {
      gemm(ta.buffer, tb.buffer, y.buffer, bias, m, n, ka, transA, transB, accumulate);
    }
    return y;
  } finally {
    release(ia, ib, ibias);
  }
}
