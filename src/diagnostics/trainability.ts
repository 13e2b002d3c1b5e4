// Trainability at initialization, from mean-field theory (Schoenholz et al. 2017, "Deep
// Information Propagation"; Pennington et al. 2017): how a small perturbation, and so a
// gradient, grows or shrinks from one layer to the next.
//
// Layer l maps a perturbation of its input through J_l = D_l W_l, D_l = diag(f'(z_l)). On the
// probe batch we measure
//
//     χ_l = (1 / (samples · units)) Σ_s Σ_i f'(z_si)² ‖W_i‖²  =  E_s ‖J_l‖_F² / units,
//
// the mean squared singular value of J_l for a square layer and in general the mean-field χ₁ =
// σ_w² E[f'(z)²] (σ_w² = fanIn · Var(W)), whatever the layer's shape. Below 1 the signal and
// the gradients fade with depth, above 1 they explode (the chaotic phase), 1 is the edge of
// chaos; the depth scale ξ = 1 / |ln χ̄| (χ̄ the geometric mean) is how many layers it takes to
// change them by a factor e. The last layer counts with f' = 1 when its loss is computed from
// the logits (sigmoid with binary cross-entropy, softmax with categorical cross-entropy): the
// loss's gradient does not go through its derivative.
//
// The verdict judges the product of χ through the whole network, input layer to logits: a
// perturbation of the input, and the gradient on the way back, is scaled by it. The bounds were
// chosen on bench/trainability.mjs's grid (activations x scales x depths, each trained briefly),
// where this product predicted brief training better than the hidden-to-hidden layers alone:
// the one-hidden-layer nets at 0.01 of the critical scale sit at a saddle that 300 steps do not
// leave, and only the first and last layers' χ show it.

/** The verdict: the signal reaches through the hidden layers, fades, or explodes. */
export type TrainabilityVerdict = 'trainable' | 'vanishing' | 'exploding';

export interface TrainabilityReport {
  /** χ_l per layer (see the header), measured on the probe batch. */
  chi: number[];
  /** Π χ_l over every layer, input layer to logits. */
  product: number;
  /** 1 / |ln χ̄|, χ̄ the geometric mean of the layers' χ: the layers it takes to change the signal by a factor e (Infinity at χ̄ = 1). */
  depthScale: number;
  verdict: TrainabilityVerdict;
}

/** The verdict's bounds on log10 of the product (measured: bench/trainability.mjs). */
export const VANISHING_LOG10 = -4;
export const EXPLODING_LOG10 = 4;

/**
 * χ of one layer: dSquaredColumnMean[i] = mean over samples of f'(z_si)² (all 1 for a layer
 * counted without its derivative), rowNormSquared[i] = ‖W_i‖².
 */
export function chiOf(dSquaredColumnMean: ArrayLike<number>, rowNormSquared: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < rowNormSquared.length; i++) s += dSquaredColumnMean[i]! * rowNormSquared[i]!;
  return s / rowNormSquared.length;
}

/** The network's verdict from each layer's χ. */
export function trainabilityOf(chi: number[]): TrainabilityReport {
  let log = 0;
  for (const c of chi) log += Math.log(c);
  const product = Math.exp(log);
  const mean = chi.length > 0 ? log / chi.length : 0;
  const depthScale = mean === 0 ? Infinity : 1 / Math.abs(mean);
  const l10 = log / Math.LN10;
  let verdict: TrainabilityVerdict = 'trainable';
  // A χ that is not finite comes from a forward pass that overflowed.
  if (chi.some((c) => !Number.isFinite(c))) verdict = 'exploding';
  else if (l10 < VANISHING_LOG10) verdict = 'vanishing';
  else if (l10 > EXPLODING_LOG10) verdict = 'exploding';
  return { chi, product, depthScale, verdict };
}
