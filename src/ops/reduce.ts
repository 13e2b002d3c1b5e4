// sb.ops reductions: sum, mean and variance over all values or along an axis, checked, on the
// kernels of assembly/kernels/reduce.ts (whole arrays) and rows.ts (per column or row).
import { checkOut, input, release, Tensor, type TensorLike } from '../core/tensor.js';
import { mean as meanK, sum as sumK, variance as varianceK } from '../kernels/reduce.js';
import { colMeanVar, colMeans, colSums, rowMeanVar, rowMeans, rowSums } from '../kernels/rows.js';
import { ValueError } from '../errors.js';
import { outOption, type OutOptions } from './elementwise.js';

// ---- public ops ----

/** 0: down the rows, one value per column (1 x cols); 1: along each row (rows x 1). */
export type Axis = 0 | 1;

function checkAxis(axis: unknown, op: string): Axis | undefined {
  if (axis === undefined || axis === 0 || axis === 1) return axis;
  const given = typeof axis === 'number' || typeof axis === 'string' ? JSON.stringify(axis) : String(axis);
  throw new ValueError(
    `${op}: axis must be 0 (over the rows: one value per column), 1 (over the columns: one value ` +
      `per row) or undefined (over all values), got ${given}`,
  );
}

type Kind = 'sum' | 'mean' | 'variance';

function reduce(op: Kind, a: TensorLike, axis: unknown, opts: unknown): number | Tensor {
  const ax = checkAxis(axis, op);
  const out = outOption(opts, op);
  if (ax === undefined && out !== undefined) {
    throw new ValueError(`${op}: out is only for an axis reduction; without an axis the result is a number`);
  }
  const ia = input(a, 'a');
  try {
    const t = ia.t;
    const x = t.buffer;
    if (ax === undefined) {
      const r = op === 'sum' ? sumK(x, t.size) : op === 'mean' ? meanK(x, t.size) : varianceK(x, t.size);
      return Math.fround(r);
    }
    const rows = ax === 0 ? 1 : t.rows;
    const cols = ax === 0 ? t.cols : 1;
    const y = out ?? new Tensor(rows, cols);
    checkOut(y, op, rows, cols);
    const yb = y.buffer;
    if (ax === 0) {
      if (op === 'sum') colSums(x, yb, t.rows, t.cols);
      else if (op === 'mean') colMeans(x, yb, t.rows, t.cols);
      else colMeanVar(x, null, yb, t.rows, t.cols);
    } else {
      if (op === 'sum') rowSums(x, yb, t.rows, t.cols);
      else if (op === 'mean') rowMeans(x, yb, t.rows, t.cols);
      else rowMeanVar(x, null, yb, t.rows, t.cols);
    }
    return y;
  } finally {
    release(ia);
  }
}

/**
 * Sum of a's elements, accumulated in float64 and rounded to float32. Without an axis: a
 * number. axis 0: column sums (1 x cols Tensor); axis 1: row sums (rows x 1 Tensor), written to
 * `out` when given (out must not be a).
 */
export function sum(a: TensorLike): number;
export function sum(a: TensorLike, axis: Axis, opts?: OutOptions): Tensor;
export function sum(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor;
export function sum(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor {
  return reduce('sum', a, axis, opts);
}

/** Mean (float64 sum / count, rounded to float32); axes as in sum. */
export function mean(a: TensorLike): number;
export function mean(a: TensorLike, axis: Axis, opts?: OutOptions): Tensor;
export function mean(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor;
export function mean(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor {
  return reduce('mean', a, axis, opts);
}

/**
 * Population variance (divides by the count, like numpy's default ddof = 0), two-pass in
 * float64, rounded to float32; axes as in sum.
 */
export function variance(a: TensorLike): number;
export function variance(a: TensorLike, axis: Axis, opts?: OutOptions): Tensor;
export function variance(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor;
export function variance(a: TensorLike, axis?: Axis, opts?: OutOptions): number | Tensor {
  return reduce('variance', a, axis, opts);
}
