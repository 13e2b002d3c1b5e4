// Plain float64 references for the diagnostics kernels (assembly/kernels/diagnostics.ts) and for
// what the diagnostics compute from them: symmetry groups by brute force, the largest cosine
// between centred columns, and singular values by one-sided Jacobi (an exact SVD to float64
// accuracy, for the spectral norm and condition number tests). Tests only: clarity over speed.

/** counts[j] = #{i : x[i][j] < lo or x[i][j] > hi}, the bounds rounded to float32 as the kernel does. */
export function colCountOutside(x: ArrayLike<number>, rows: number, cols: number, lo: number, hi: number): Int32Array {
  const l = Math.fround(lo);
  const h = Math.fround(hi);
  const counts = new Int32Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = x[i * cols + j]!;
      if (v < l || v > h) counts[j]!++;
    }
  }
  return counts;
}

/**
 * key[j] = Σ_i w[i]·x[i][j] added in row order in float64 (the kernel's order, so the kernel
 * must match bit for bit), scale[j] = max_i |x[i][j]| (NaN when the column holds a NaN).
 */
export function colKeys(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  rows: number,
  cols: number,
): { key: Float64Array; scale: Float64Array } {
  const key = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    let m = 0;
    for (let i = 0; i < rows; i++) {
      const v = x[i * cols + j]!;
      s += w[i]! * v;
      m = Number.isNaN(v) || Number.isNaN(m) ? NaN : Math.max(m, Math.abs(v));
    }
    key[j] = s;
    scale[j] = m;
  }
  return { key, scale };
}

/** True when |p[k] - q[k]| <= tol for every k (float64; NaN fails). */
export function within(p: ArrayLike<number>, q: ArrayLike<number>, tol: number): boolean {
  for (let k = 0; k < p.length; k++) {
    if (!(Math.abs(p[k]! - q[k]!) <= tol)) return false;
  }
  return true;
}

/**
 * max |g_ij| / sqrt(g_ii g_jj) over i < j with group ids >= 0 that differ and positive
 * diagonals, computed as the kernel does (|g_ij|·(1/√g_ii)·(1/√g_jj)), first maximum in row order.
 */
export function gramMaxAbsCosine(
  g: ArrayLike<number>,
  n: number,
  group: ArrayLike<number>,
): { value: number; i: number; j: number } {
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = g[i * n + i]!;
    inv[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  let best = { value: -1, i: -1, j: -1 };
  for (let i = 0; i < n; i++) {
    if (group[i]! < 0 || inv[i] === 0) continue;
    for (let j = i + 1; j < n; j++) {
      if (group[j]! < 0 || group[j] === group[i] || inv[j] === 0) continue;
      const c = Math.abs(g[i * n + j]!) * inv[i]! * inv[j]!;
      if (c > best.value) best = { value: c, i, j };
    }
  }
  return best;
}

/** y = op(A)·x in float64 for a row-major rows x cols A. */
export function gemv(a: ArrayLike<number>, x: ArrayLike<number>, rows: number, cols: number, trans: boolean): Float64Array {
  const y = new Float64Array(trans ? cols : rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = a[i * cols + j]!;
      if (trans) y[j]! += v * x[i]!;
      else y[i]! += v * x[j]!;
    }
  }
  return y;
}

/**
 * Singular values of a row-major rows x cols matrix, descending: one-sided Jacobi (Hestenes
 * 1958; Demmel & Veselić 1992 show it is accurate to float64 relative precision), run on the
 * columns of A or of Aᵀ, whichever has fewer, until no pair of columns has a cosine above 1e-15.
 */
export function singularValues(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const wide = cols > rows;
  const m = wide ? cols : rows; // length of a column
  const n = wide ? rows : cols; // number of columns
  const c: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(m);
    for (let i = 0; i < m; i++) col[i] = wide ? a[j * cols + i]! : a[i * cols + j]!;
    c.push(col);
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const cp = c[p]!;
        const cq = c[q]!;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += cp[i]! * cp[i]!;
          beta += cq[i]! * cq[i]!;
          gamma += cp[i]! * cq[i]!;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t);
        const sn = cs * t;
        for (let i = 0; i < m; i++) {
          const u = cp[i]!;
          const v = cq[i]!;
          cp[i] = cs * u - sn * v;
          cq[i] = sn * u + cs * v;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let t = 0;
    for (const v of c[j]!) t += v * v;
    s[j] = Math.sqrt(t);
  }
  return s.sort().reverse();
}

/**
 * Symmetry groups by brute force: units i and j are joined when max_r |a_ri - a_rj| <=
 * tol·max(scale_i, scale_j) (scale = max_r |a_r|), closed transitively; groups of two or more
 * units, each sorted, ordered by their first unit.
 */
export function symmetryGroups(a: ArrayLike<number>, rows: number, cols: number, tol: number): number[][] {
  const parent = Array.from({ length: cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const scale = (j: number): number => {
    let m = 0;
    for (let r = 0; r < rows; r++) m = Math.max(m, Math.abs(a[r * cols + j]!));
    return m;
  };
  for (let i = 0; i < cols; i++) {
    for (let j = i + 1; j < cols; j++) {
      const t = tol * Math.max(scale(i), scale(j));
      let same = true;
      for (let r = 0; r < rows && same; r++) same = Math.abs(a[r * cols + i]! - a[r * cols + j]!) <= t;
      if (same) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < cols; i++) {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(i);
  }
  return [...groups.values()].filter((g) => g.length > 1).sort((x, y) => x[0]! - y[0]!);
}

/** max |cos| between centred columns of units in different groups (float64), or undefined. */
export function maxAbsCosine(a: ArrayLike<number>, rows: number, cols: number, groups: number[][]): number | undefined {
  const id = Array.from({ length: cols }, (_, i) => i);
  groups.forEach((g, k) => g.forEach((u) => (id[u] = cols + k)));
  const centred: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += a[r * cols + j]!;
    mean /= rows;
    const c = new Float64Array(rows);
    for (let r = 0; r < rows; r++) c[r] = a[r * cols + j]! - mean;
    centred.push(c);
  }
  let best: number | undefined;
  for (let i = 0; i < cols; i++) {
    for (let j = i + 1; j < cols; j++) {
      if (id[i] === id[j]) continue;
      let d = 0;
      let ni = 0;
      let nj = 0;
      for (let r = 0; r < rows; r++) {
        d += centred[i]![r]! * centred[j]![r]!;
        ni += centred[i]![r]! ** 2;
        nj += centred[j]![r]! ** 2;
      }
      if (ni === 0 || nj === 0) continue;
      const c = Math.abs(d) / Math.sqrt(ni * nj);
      if (best === undefined || c > best) best = c;
    }
  }
  return best;
}
