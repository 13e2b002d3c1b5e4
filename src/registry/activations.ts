// The activations: one row each, and every other part of symbreak derives from this table
// (the layer spec parser, the kernels' op codes, calculateGain, the diagnostics' saturation bands,
// dead-unit checks and recommended initializers). Adding an activation is one row here, one case
// in assembly/kernels/activations.ts and one float64 reference in test/reference/activations.ts.
//
// Gains (torch.nn.init.calculate_gain, extended). For a layer y = W x with independent weights of
// variance σ² and inputs x_j = f(z_j), the pre-activation variance is fanIn σ² E[f(z)²] (He et
// al. 2015, eq. 7, exact for any f). It equals the variance of z when σ = gain / sqrt(fanIn) with
//
//     gain = 1 / sqrt(E[f(z)²]),   z ~ N(0, 1).
//
// This gives exactly 1 for linear and sqrt(2) for relu, the values in PyTorch's table. The
// activations PyTorch's table lacks get this formula's value, computed once to 25 digits with
// mpmath (40-digit quadrature over the real line; test/init/gain.test.ts checks each again with
// an independent quadrature):
//   gelu (exact, z·Φ(z)):  E[f²] = 0.4252214825702986749  ->  gain 1.5335304411955352
//   softplus, ln(1+e^z):   E[f²] = 0.9212459088593002787  ->  gain 1.0418668355353017
//   silu, z·σ(z):          E[f²] = 0.3557755198173521562  ->  gain 1.6765324703310912
//   elu(α):                E[f²] = 1/2 + α² C, C = E[(e^z - 1)²; z < 0]
//                                = e² Φ(-2) - 2 e^(1/2) Φ(-1) + 1/2 = 0.1449454174929238631
//                          (from E[e^(tz); z < 0] = e^(t²/2) Φ(-t)), so gain = 1/sqrt(1/2 + α² C).
// PyTorch's tanh 5/3 and selu 3/4 (and sigmoid 1) are conventions, not this formula (which gives
// 1.5925374 for tanh, 1 for selu, built so that E[selu(z)²] = 1, and 1.8462285 for sigmoid); they
// are kept as PyTorch has them so that a recipe written for PyTorch means the same here. softmax
// (a last-layer activation, not elementwise) gets 1, like sigmoid.
import { sqrt } from '../util/float64.js';

/** E[(e^z - 1)² ; z < 0] for z ~ N(0, 1): the negative half of E[elu_α(z)²] is α² times this. */
export const ELU_NEGATIVE_SECOND_MOMENT = 0.14494541749292386;
/** 1/sqrt(E[gelu(z)²]), gelu(z) = z Φ(z). */
export const GELU_GAIN = 1.5335304411955352;
/** 1/sqrt(E[softplus(z)²]). */
export const SOFTPLUS_GAIN = 1.0418668355353017;
/** 1/sqrt(E[silu(z)²]), silu(z) = z σ(z). */
export const SILU_GAIN = 1.6765324703310912;

/** Where the diagnostics look for a flat region: tanh's |a| near 1, sigmoid's a near 0 or 1. */
export type SaturationKind = 'tanh' | 'sigmoid';

/** The initializer that fits an activation, given its parameter, as data and as words. */
export interface Recommendation {
  /** As a layer spec's kernelInit takes it (what `net.toJSON()` writes). */
  init: { name: string; config: Record<string, number> };
  /** Code a user can paste as kernelInit. */
  code: string;
  /** The gain it uses and where it comes from. */
  gainText: string;
}

export interface ActivationInfo {
  /** The name a layer spec uses. */
  readonly name: string;
  /** The op code of assembly/kernels/activations.ts (ACT_*); softmax, a row-wise kernel, has none. */
  readonly op: number | null;
  /** The one parameter, `alpha`, with its default and smallest allowed value. */
  readonly alpha?: { readonly default: number; readonly min?: number };
  /** calculateGain's value for this activation (alpha: the parameter, default filled in). */
  gain(alpha: number): number;
  /** The saturating kind, for the diagnostics' bands. */
  readonly saturation?: SaturationKind;
  /**
   * Rectifier-like: below 0 the unit passes only a small or decaying slope (leakyRelu, elu, gelu,
   * softplus, selu, silu) or none (relu); the diagnostics report units that are negative on every sample.
   */
  readonly rectifier: boolean;
  /**
   * Flat (zero-derivative) below 0: a unit negative on every sample passes no gradient at all and
   * can never recover, which is what "dead" means. Only relu.
   */
  readonly flatNegative: boolean;
  /** Only allowed on the last layer (softmax normalizes a row). */
  readonly lastLayerOnly: boolean;
  /** The initializer the diagnostics suggest for a layer of this activation. */
  recommend(alpha: number, num: (x: number) => string): Recommendation;
}

const glorot = (name: string): Recommendation => ({
  init: { name: 'glorotUniform', config: { gain: 1 } },
  code: 'sb.init.glorotUniform()',
  gainText: `gain 1 = sb.calculateGain('${name}')`,
});

const lecunWithGain = (name: string, gain: number, num: (x: number) => string, call = `sb.calculateGain('${name}')`): Recommendation => ({
  init: { name: 'lecunNormal', config: { gain } },
  code: `sb.init.lecunNormal({ gain: ${num(gain)} })`,
  gainText: `gain ${num(gain)} = ${call}`,
});

const one = (): number => 1;

/** leakyRelu's gain: sqrt(2 / (1 + slope²)) (PyTorch's table). */
const leakyGain = (slope: number): number => sqrt(2 / (1 + slope * slope));

/** elu(α)'s gain: 1/sqrt(1/2 + α² C) (see the header). */
const eluGain = (alpha: number): number => 1 / sqrt(0.5 + alpha * alpha * ELU_NEGATIVE_SECOND_MOMENT);

/** A row with the common defaults: not a rectifier, allowed on any layer. */
function row<const R extends Omit<ActivationInfo, 'rectifier' | 'flatNegative' | 'lastLayerOnly'> & Partial<ActivationInfo>>(
  r: R,
): Omit<{ rectifier: false; flatNegative: false; lastLayerOnly: false }, keyof R> & R {
  return { rectifier: false, flatNegative: false, lastLayerOnly: false, ...r };
}

export const ACTIVATIONS = {
  linear: row({ name: 'linear', op: 0, gain: one, recommend: () => glorot('linear') }),
  sigmoid: row({ name: 'sigmoid', op: 1, gain: one, saturation: 'sigmoid', recommend: () => glorot('sigmoid') }),
  tanh: row({
    name: 'tanh',
    op: 2,
    gain: () => 5 / 3,
    saturation: 'tanh',
    recommend: () => ({
      init: { name: 'glorotUniform', config: { gain: 5 / 3 } },
      code: 'sb.init.glorotUniform({ gain: 5 / 3 })',
      gainText: "gain 5/3 = sb.calculateGain('tanh')" }),
  }),
  relu: row({
    name: 'relu',
    op: 3,
    gain: () => sqrt(2),
    rectifier: true,
    flatNegative: true,
    recommend: () => ({
      init: { name: 'heNormal', config: { negativeSlope: 0 } },
      code: 'sb.init.heNormal()', gainText: "gain sqrt(2) = sb.calculateGain('relu')" }),
  }),
  leakyRelu: row({
    name: 'leakyRelu',
    op: 4,
    alpha: { default: 0.01 },
    gain: leakyGain,
    rectifier: true,
    recommend: (alpha: number, num: (x: number) => string) => ({
      init: { name: 'heNormal', config: { negativeSlope: alpha } },
      code: `sb.init.heNormal({ negativeSlope: ${alpha} })`,
      gainText: `gain ${num(leakyGain(alpha))} = sb.calculateGain('leakyRelu', ${alpha})`,
    }),
  }),
  elu: row({
    name: 'elu',
    op: 5,
    alpha: { default: 1, min: 0 },
    gain: eluGain,
    rectifier: true,
    recommend: (alpha: number, num: (x: number) => string) =>
      lecunWithGain('elu', eluGain(alpha), num, alpha !== 1 ? `sb.calculateGain('elu', ${alpha})` : "sb.calculateGain('elu')"),
  }),
  gelu: row({ name: 'gelu', op: 6, gain: () => GELU_GAIN, rectifier: true, recommend: (_a: number, num: (x: number) => string) => lecunWithGain('gelu', GELU_GAIN, num) }),
  softplus: row({
    name: 'softplus',
    op: 7,
    gain: () => SOFTPLUS_GAIN,
    rectifier: true,
    recommend: (_a: number, num: (x: number) => string) => lecunWithGain('softplus', SOFTPLUS_GAIN, num),
  }),
  // PyTorch's 3/4 for calculateGain; the SELU paper (Klambauer et al. 2017) initializes with
  // LeCun normal, gain 1, which is what the diagnostics recommend.
  selu: row({
    name: 'selu',
    op: 8,
    gain: () => 3 / 4,
    rectifier: true,
    recommend: () => ({
      init: { name: 'lecunNormal', config: { gain: 1 } },
      code: 'sb.init.lecunNormal()',
      gainText: 'gain 1 (self-normalizing: Klambauer et al. 2017)' }),
  }),
  silu: row({ name: 'silu', op: 9, gain: () => SILU_GAIN, rectifier: true, recommend: (_a: number, num: (x: number) => string) => lecunWithGain('silu', SILU_GAIN, num) }),
  softmax: row({ name: 'softmax', op: null, gain: one, lastLayerOnly: true, recommend: () => glorot('softmax') }),
} as const satisfies Record<string, ActivationInfo>;

/** Every activation a layer may use. */
export type ActivationName = keyof typeof ACTIVATIONS;

/** The activations computed elementwise (all but softmax). */
export type ElementwiseActivation = { [K in ActivationName]: (typeof ACTIVATIONS)[K]['op'] extends number ? K : never }[ActivationName];

export const ACTIVATION_NAMES: readonly ActivationName[] = Object.freeze(Object.keys(ACTIVATIONS) as ActivationName[]);

export const ELEMENTWISE_ACTIVATIONS = ACTIVATION_NAMES.filter((n) => ACTIVATIONS[n].op !== null) as ElementwiseActivation[];

/** The row of a known name, or undefined (no prototype keys). */
export function activationInfo(name: unknown): ActivationInfo | undefined {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ACTIVATIONS, name)
    ? (ACTIVATIONS as Record<string, ActivationInfo>)[name]
    : undefined;
}

/** The row of a name known to be valid, typed as the common row shape. */
export function infoOf(name: ActivationName): ActivationInfo {
  return ACTIVATIONS[name];
}
