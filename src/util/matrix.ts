// The user's data: a row-major float32 matrix, or a plain number[][]. Samples are rows,
// features are columns. Everything that enters the core passes through toMatrix, which checks
// shape and finiteness once so kernels never see bad input.
import { ShapeError, ValueError } from '../errors.js';

/** A row-major float32 matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export type MatrixLike = Matrix | number[][];

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'data' in x && 'rows' in x && 'cols' in x;
}

function checkDim(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ShapeError(`${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Index and value of the first non-finite entry, or -1. */
export function firstNonFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) return i; // NaN and ±Infinity give NaN here; finite numbers give 0
  }
  return -1;
}

/**
 * Validates `x` and returns it as a Matrix. A Matrix is returned as is (no copy); a number[][]
 * is copied into a new Float32Array. Throws ShapeError for ragged or empty input and
 * ValueError for non-finite values, naming `name` and the offending position.
 */
export function toMatrix(x: unknown, name: string, options: { checkFinite?: boolean } = {}): Matrix {
  if (isMatrix(x)) {
    const rows = checkDim(x.rows, `${name}.rows`);
    const cols = checkDim(x.cols, `${name}.cols`);
    if (!(x.data instanceof Float32Array)) {
      throw new ValueError(`${name}.data must be a Float32Array, got ${describe(x.data)}`);
    }
    if (x.data.length !== rows * cols) {
      throw new ShapeError(
        `${name}.data has ${x.data.length} values, expected rows*cols = ${rows}*${cols} = ${rows * cols}`,
      );
    }
    if (options.checkFinite !== false) checkFinite(x, name);
    return x;
  }
  if (!Array.isArray(x)) {
    throw new ValueError(`${name} must be a Matrix {rows, cols, data} or a number[][], got ${describe(x)}`);
  }
  if (x.length === 0) throw new ShapeError(`${name} must have at least one row, got 0 rows`);
  const first = x[0];
  if (!Array.isArray(first)) {
    throw new ValueError(`${name} must be a number[][] (an array of rows), got an array of ${describe(first)}`);
  }
  const rows = x.length;
  const cols = first.length;
  if (cols === 0) throw new ShapeError(`${name} must have at least one column, got 0 columns`);
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = x[r];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new ShapeError(
        `${name} is ragged: row 0 has ${cols} columns, row ${r} has ${Array.isArray(row) ? row.length : describe(row)}`,
      );
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueError(`${name} must be finite numbers, got ${String(v)} at row ${r}, column ${c}`);
      }
      data[r * cols + c] = v;
    }
  }
  return { rows, cols, data };
}

/**
 * Throws ValueError naming the first non-finite value of m and its position. Callers that copy
 * a Matrix into the core may skip this scan (toMatrix's checkFinite: false) and run the core's
 * f32_all_finite on the copy instead, calling this only when that fails.
 */
export function checkFinite(m: Matrix, name: string): void {
  const bad = firstNonFinite(m.data);
  if (bad >= 0) {
    throw new ValueError(
      `${name} must be finite, got ${m.data[bad]} at row ${Math.floor(bad / m.cols)}, column ${bad % m.cols}`,
    );
  }
}

/** A short description of a value's type for error messages. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  return typeof x;
}
