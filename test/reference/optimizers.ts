// Float64 references of the optimizer updates (tests only): the same rules as
// assembly/kernels/optimizers.ts, written plainly, every value a float64.
// Sources: torch.optim.SGD (dampening 0, no weight decay) and torch.optim.Adam, as docs/API.md states.

/**
 * One SGD step, in place. momentum == 0: w <- w - lr*g (v unused). Otherwise
 * v <- mu*v + g; w <- w - lr*v, or with Nesterov w <- w - lr*(g + mu*v).
 */
export function sgdStepReference(
  w: Float64Array,
  g: ArrayLike<number>,
  v: Float64Array | null,
  lr: number,
  momentum: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    if (momentum === 0 || v === null) {
      w[i] = w[i]! - lr * gi;
      continue;
    }
    const vi = momentum * v[i]! + gi;
    v[i] = vi;
    w[i] = w[i]! - lr * (nesterov ? gi + momentum * vi : vi);
  }
}

/**
 * One Adam step (step t >= 1), in place: m <- b1*m + (1-b1)*g; v <- b2*v + (1-b2)*g^2;
 * w <- w - lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 */
export function adamStepReference(
  w: Float64Array,
  g: ArrayLike<number>,
  m: Float64Array,
  v: Float64Array,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  step: number,
): void {
  const bc1 = 1 - beta1 ** step;
  const bc2 = 1 - beta2 ** step;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * gi;
    const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i]! - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
  }
}
