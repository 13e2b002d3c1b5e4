// Per-unit statistics over the probe: each column's mean and spread, two-pass in float64.
//
// Why per unit: a layer's pooled std mixes two things, how much each unit varies over the
// samples (the information it passes on) and how much the units' constant offsets differ from
// one another (none). A deep sigmoid net whose units are each constant on x still has a pooled
// std of about 0.005; only the per-unit spread shows that the signal is gone.
//
// Why float64 two-pass in JavaScript: the constant-unit test compares a column's spread with its
// own float32 resolution, where E[x²] - E[x]² cancels to noise; one pass over the column block
// (rows x units floats) costs far less than the forward pass that produced it.
import type { F32Buffer } from '../core/buffer.js';

/** float32's unit roundoff, 2^-24. */
export const F32_ROUNDOFF = 2 ** -24;

export interface ColumnStats {
  /** Per column: mean over the rows. */
  mean: Float64Array;
  /** Per column: population std over the rows. */
  std: Float64Array;
  /** Per column: max |value|. */
  maxAbs: Float64Array;
}

/** Mean, std and max |.| of every column of a rows x cols float32 matrix. */
export function columnStats(buf: F32Buffer, rows: number, cols: number): ColumnStats {
  // A view, not a copy: nothing below allocates on the core, so it stays valid.
  const x = buf.array().subarray(0, rows * cols);
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  const maxAbs = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = x[o + c]!;
      mean[c]! += v;
      const a = Math.abs(v);
      if (a > maxAbs[c]! || Number.isNaN(a)) maxAbs[c] = a;
    }
  }
  for (let c = 0; c < cols; c++) mean[c]! /= rows;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const d = x[o + c]! - mean[c]!;
      std[c]! += d * d;
    }
  }
  for (let c = 0; c < cols; c++) std[c] = Math.sqrt(std[c]! / rows);
  return { mean, std, maxAbs };
}

/**
 * Columns that are constant on the probe: their spread is within a few float32 roundoffs of
 * their size (a column that differs only by rounding carries no information about x).
 */
export function constantColumns(s: ColumnStats): number[] {
  const out: number[] = [];
  for (let c = 0; c < s.std.length; c++) {
    if (s.std[c]! <= 4 * F32_ROUNDOFF * s.maxAbs[c]!) out.push(c);
  }
  return out;
}

/** sqrt(mean over columns of the column variance): the layer's per-unit spread. */
export function unitSpread(s: ColumnStats): number {
  let v = 0;
  for (let c = 0; c < s.std.length; c++) v += s.std[c]! * s.std[c]!;
  return Math.sqrt(v / s.std.length);
}
