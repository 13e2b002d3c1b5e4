// Float64 references of the loss kernels (tests only): the same definitions as
// assembly/kernels/losses.ts, written plainly with Math in float64. Each returns the loss SUM
// and the gradient of the MEAN loss (over all elements for binary cross-entropy and squared
// error, over the rows for categorical cross-entropy).

export interface LossReference {
  sum: number;
  grad: Float64Array;
}

/**
 * Keras's clip of probabilities (keras.backend.epsilon() = 1e-7), at the float32 values the
 * core uses: [1e-7, 1 - 1e-7] rounded to float32.
 */
export const PROB_CLIP_LO = Math.fround(1e-7);
export const PROB_CLIP_HI = Math.fround(1 - 1e-7);

/** The logistic function, without overflow for any z. */
export function sigmoid64(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * sum of max(z,0) - z*y + log1p(exp(-|z|)); gradient (sigmoid(z) - y)/n, evaluated as
 * ((1 - y) - sigmoid(-z)) for z >= 0 so that float64 keeps its relative accuracy when
 * sigmoid(z) is within 2^-53 of 1 (y = 1, z = 89: -e^-89, not 0).
 */
export function bceLogitsReference(z: ArrayLike<number>, y: ArrayLike<number>): LossReference {
  const n = z.length;
  const grad = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i]!;
    const yi = y[i]!;
    sum += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
    grad[i] = (zi >= 0 ? 1 - yi - sigmoid64(-zi) : sigmoid64(zi) - yi) / n;
  }
  return { sum, grad };
}

/**
 * sum of -[y*log(q) + (1-y)*log(1-q)] with q = clip(p); gradient of the mean with respect to
 * p: (p - y)/(p(1-p))/n inside the clip range (bounds included), 0 outside.
 */
export function bceProbsReference(p: ArrayLike<number>, y: ArrayLike<number>): LossReference {
  const n = p.length;
  const grad = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const yi = y[i]!;
    const q = Math.min(Math.max(pi, PROB_CLIP_LO), PROB_CLIP_HI);
    sum += -(yi * Math.log(q) + (1 - yi) * Math.log(1 - q));
    grad[i] = pi >= PROB_CLIP_LO && pi <= PROB_CLIP_HI ? (pi - yi) / (pi * (1 - pi)) / n : 0;
  }
  return { sum, grad };
}

/** sum of (a - t)^2; gradient 2(a - t)/n. */
export function mseReference(a: ArrayLike<number>, t: ArrayLike<number>): LossReference {
  const n = a.length;
  const grad = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - t[i]!;
    sum += d * d;
    grad[i] = (2 * d) / n;
  }
  return { sum, grad };
}

/**
 * Softmax cross-entropy from logits z (rows x classes, row-major) with label rows y (one-hot
 * or probabilities): sum over rows of -sum_j y_j log softmax(z)_j, computed as
 * y_j * (log s - (z_j - max)) with s = sum_j exp(z_j - max); gradient (softmax(z) - y)/rows,
 * evaluated as (exp(z_j - max) - y_j s)/(s rows).
 */
export function cceReference(z: ArrayLike<number>, y: ArrayLike<number>, rows: number, classes: number): LossReference {
  const grad = new Float64Array(rows * classes);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let mx = -Infinity;
    for (let j = 0; j < classes; j++) mx = Math.max(mx, z[base + j]!);
    let s = 0;
    for (let j = 0; j < classes; j++) s += Math.exp(z[base + j]! - mx);
    const ls = Math.log(s);
    for (let j = 0; j < classes; j++) {
      const d = z[base + j]! - mx;
      const yj = y[base + j]!;
      sum += yj * (ls - d);
      // (e_j - y_j s)/s rather than e_j/s - y_j: no cancellation when softmax_j is near 1.
      grad[base + j] = (Math.exp(d) - yj * s) / (s * rows);
    }
  }
  return { sum, grad };
}

/** One-hot rows (rows x classes) from class ids. */
export function oneHot(ids: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(ids.length * classes);
  for (let r = 0; r < ids.length; r++) out[r * classes + ids[r]!] = 1;
  return out;
}
