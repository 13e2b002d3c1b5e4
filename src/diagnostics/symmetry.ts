// Symmetry: which units of a layer compute the same function on the probe data, whether
// gradient descent can ever separate them (locked), and how close the distinct ones come
// (the largest cosine between centred activation columns, from a Gram matrix on the core).
//
// Grouping. Units i and j are joined when max_r |a_ri - a_rj| <= tol·max(s_i, s_j), where s is
// the column's max |a| (tol = symmetryTolerance; 0 keeps bit-identical columns only), and the
// groups are the connected components of that relation. Comparing every pair would cost
// O(units²·rows); instead each column gets a key on the core, k_j = Σ_r w_r·a_rj with fixed
// row weights w_r in [1, 2), so that joined columns have keys within
// (tol + rows·2^-51)·max s·Σw of each other (the second term bounds the float64 rounding of both
// keys: Higham, "Accuracy and Stability of Numerical Algorithms", eq. 4.4). Sorting the keys
// leaves only neighbours within that window to compare (after two exact necessary conditions:
// the pair's own key window, and max|a| differing by at most the tolerance), each on the core
// with an early exit.
// Equal columns have equal keys bit for bit (the kernel is position independent), so exact
// groups are found whatever the tolerance. The weights are not ±1 so that data symmetric
// about 0 does not give every odd unit the key 0.
import { gemm } from '../kernels/gemm.js';
import type { F32Buffer } from '../core/buffer.js';
import { randomStream } from '../init/random.js';
import { colMeanVar, subRow } from '../kernels/rows.js';
import { colKeys, gramMaxAbsCosine, within } from '../kernels/diagnostics.js';
import type { Matrix } from '../util/matrix.js';
import type { LayerBuffers } from '../nn/params.js';
import type { Scratch } from './scratch.js';

const U24 = 2 ** -24;

/** Fixed row weights in [1, 2), each exact in float32 (23 random bits from a fixed stream). */
function keyWeights(rows: number): Float32Array {
  const rng = randomStream('symbreak/diagnostics/keys');
  const w = new Float32Array(rows);
  for (let r = 0; r < rows; r++) w[r] = 1 + Math.floor(rng.uniform() * 2 ** 23) / 2 ** 23;
  return w;
}

export interface ColumnGroups {
  groups: number[][];
  /** max |a| of each column (float32; NaN for a column holding NaN). */
  scale: Float32Array;
}

/** Groups the equal columns (within tol relative to their scale) of a rows x units matrix on the core. */
export function groupColumns(columns: F32Buffer, rows: number, units: number, tol: number, scratch: Scratch): ColumnGroups {
  const weights = keyWeights(rows);
  const w = scratch.f32(rows);
  w.write(weights);
  const keys = scratch.f64(units);
  const scales = scratch.f32(units);
  colKeys(columns, w, keys, scales, rows, units);
  const key = keys.read();
  const scale = scales.read();
  let sumW = 0;
  for (const v of weights) sumW += v;

  const order: number[] = [];
  let maxScale = 0;
  for (let u = 0; u < units; u++) {
    if (Number.isFinite(key[u]!) && Number.isFinite(scale[u]!)) {
      order.push(u);
      maxScale = Math.max(maxScale, scale[u]!);
    }
  }
  order.sort((i, j) => key[i]! - key[j]! || i - j);
  const window = (tol + rows * 2 ** -51) * maxScale * sumW;

  const parent = Array.from({ length: units }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let a = 0; a < order.length; a++) {
    const i = order[a]!;
    for (let b = a + 1; b < order.length; b++) {
      const j = order[b]!;
      if (key[j]! - key[i]! > window) break;
      const ri = find(i);
      const rj = find(j);
      if (ri === rj) continue;
      const s = Math.max(scale[i]!, scale[j]!);
      const t = tol * s;
      // Necessary conditions, checked exactly and cheaply before the core compares the columns:
      // max|a| moves by at most t, and the keys by at most the pair's own window.
      if (Math.abs(scale[i]! - scale[j]!) > t) continue;
      if (key[j]! - key[i]! > (t + rows * 2 ** -51 * s) * sumW) continue;
      if (within(columns.view(i), columns.view(j), rows, units, t)) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let u = 0; u < units; u++) {
    const r = find(u);
    const g = byRoot.get(r);
    if (g) g.push(u);
    else byRoot.set(r, [u]);
  }
  const groups = [...byRoot.values()].filter((g) => g.length > 1).sort((x, y) => x[0]! - y[0]!);
  return { groups, scale };
}

/** Targets as diagnose() parsed them (for the last layer's lock condition). */
export interface TargetColumns {
  m: Matrix;
  classIds: boolean;
}

function targetColumnsEqual(t: TargetColumns, c1: number, c2: number): boolean {
  const { rows, cols, data } = t.m;
  for (let r = 0; r < rows; r++) {
    if (t.classIds) {
      // One-hot columns c1 and c2 are equal only when neither class occurs.
      if (data[r] === c1 || data[r] === c2) return false;
    } else if (data[r * cols + c1] !== data[r * cols + c2]) {
      return false;
    }
  }
  return true;
}

/**
 * Whether each group of layer l is locked: equal incoming weights (kernel rows) and biases, as
 * numbers, and equal outgoing weights (columns of layer l+1's kernel) or, for the last layer,
 * equal target columns (false without targets).
 */
export function lockedGroups(
  groups: number[][],
  layer: LayerBuffers & { inputs: number; units: number },
  next: (LayerBuffers & { units: number }) | undefined,
  targets: TargetColumns | undefined,
): boolean[] {
  const { kernel, bias, inputs } = layer;
  return groups.map((g) => {
    const first = g[0]!;
    return g.slice(1).every((u) => {
      const incoming =
        within(kernel.view(inputs * first, inputs), kernel.view(inputs * u, inputs), inputs, 1, 0) &&
        within(bias.view(first, 1), bias.view(u, 1), 1, 1, 0);
      if (!incoming) return false;
      // Column u of the next kernel ([next units, units]): stride `units`.
      if (next) return within(next.kernel.view(first), next.kernel.view(u), next.units, layer.units, 0);
      return targets !== undefined && targetColumnsEqual(targets, first, u);
    });
  });
}

/**
 * The largest |cosine| between centred activation columns of units in different groups: the
 * columns are centred on the core (column means, then a row subtraction), G = CᵀC by gemm,
 * and the kernel scans G's upper triangle. Centring and G are float32, so the cosine is good to
 * about rows·2^-24 (Higham eq. 3.5 for the dot products), plenty to tell 0.99 from 0.999. Columns whose variance is at the level of float32
 * rounding of their values (std <= 8·2^-24·max|a|) count as constant and are left out: their
 * "direction" would be rounding noise.
 */
export function nearSymmetry(
  a: F32Buffer,
  rows: number,
  units: number,
  groups: number[][],
  scale: Float32Array,
  scratch: Scratch,
): { maxAbsCosine?: number; mostSimilar?: [number, number] } {
  if (units < 2 || rows < 2) return {};
  const mean = scratch.f32(units);
  const variance = scratch.f32(units);
  colMeanVar(a, mean, variance, rows, units);
  const c = scratch.f32(rows * units);
  subRow(a, mean, c, rows, units);
  const g = scratch.f32(units * units);
  gemm(c, c, g, null, units, units, rows, true, false, false);
  const v = variance.read();
  const ids = new Int32Array(units);
  for (let u = 0; u < units; u++) ids[u] = units + u;
  groups.forEach((grp, k) => grp.forEach((u) => (ids[u] = k)));
  for (let u = 0; u < units; u++) {
    const s = scale[u]!;
    const floor = 8 * U24 * s;
    if (!Number.isFinite(s) || !Number.isFinite(v[u]!) || v[u]! <= floor * floor) ids[u] = -1;
  }
  const idBuffer = scratch.i32(units);
  idBuffer.write(ids);
  const work = scratch.f64(units);
  const out = scratch.i32(2);
  const best = gramMaxAbsCosine(g, units, idBuffer, work, out);
  if (!(best >= 0)) return {};
  const pair = out.read();
  return { maxAbsCosine: Math.min(best, 1), mostSimilar: [pair[0]!, pair[1]!] };
}
