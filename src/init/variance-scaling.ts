// Variance scaling (Keras's VarianceScaling) and its presets: Glorot/Xavier (Glorot & Bengio
// 2010), He/Kaiming (He et al. 2015), LeCun (LeCun et al. 1998, "Efficient BackProp").
// Fans of a kernel [units, inputs]: fanIn = inputs, fanOut = units. For a bias (a 1-D shape) the
// fans are fanIn = fanOut = units, as Keras's _compute_fans does for 1-D shapes (PyTorch refuses
// 1-D tensors here; its nn.Linear bias is what torchLinear does).
//
// Every *Normal here draws from an untruncated normal with exactly the formula's variance, as
// torch.nn.init.xavier_normal_ / kaiming_normal_ do. (tfjs's VarianceScaling with
// distribution 'normal' truncates at 2 sigma without widening, so its glorotNormal and heNormal
// come out at 0.77x the intended variance: tfjs#8594.) For Keras's truncated form use
// varianceScaling({ distribution: 'truncatedNormal' }), which widens by 1/0.87962566103423978.
import { sqrt, truncatedNormalStd } from '../util/float64.js';
import { choiceOption, makeInitializer, numberOption, readOptions, type Initializer, type Law } from './initializer.js';
import type { RandomStream } from './random.js';
import { fillNormal, fillSymmetricUniform, fillTruncatedNormal } from './sampling.js';

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type ScalingDistribution = 'truncatedNormal' | 'normal' | 'uniform';

const FAN_MODES: readonly FanMode[] = ['fanIn', 'fanOut', 'fanAvg'];
const DISTRIBUTIONS: readonly ScalingDistribution[] = ['truncatedNormal', 'normal', 'uniform'];

/**
 * An initializer whose distribution parameter depends on the fans: `param(fanIn, fanOut)` is the
 * std for 'normal', the samples' std for 'truncatedNormal' (cut at 2 of the underlying sigma), and
 * the bound for 'uniform'.
 */
function scaled(
  name: string,
  config: Record<string, unknown>,
  distribution: ScalingDistribution,
  param: (fanIn: number, fanOut: number) => number,
): Initializer {
  const fill = (out: Float32Array, rng: RandomStream, p: number): Float32Array => {
    if (distribution === 'uniform') return fillSymmetricUniform(out, rng, p);
    if (distribution === 'normal') return fillNormal(out, rng, 0, p);
    return fillTruncatedNormal(out, rng, 0, p / truncatedNormalStd(2), 2);
  };
  const law = (p: number): Law => (distribution === 'uniform' ? { kind: 'uniform', low: -p, high: p } : { kind: 'normal', mean: 0, std: p });
  return makeInitializer(
    name,
    config,
    (fanIn, fanOut, rng) => fill(new Float32Array(fanIn * fanOut), rng, param(fanIn, fanOut)),
    (units, _fanIn, rng) => fill(new Float32Array(units), rng, param(units, units)),
    // A truncated normal is not one numpy draws directly.
    distribution === 'truncatedNormal' ? undefined : { kernel: (fi, fo) => law(param(fi, fo)), bias: (units) => law(param(units, units)) },
  );
}

function fan(mode: FanMode, fanIn: number, fanOut: number): number {
  return mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
}

export interface VarianceScalingOptions {
  /** >= 0; default 1. */
  scale?: number;
  /** Default 'fanIn'. */
  mode?: FanMode;
  /** Default 'truncatedNormal' (Keras's default). */
  distribution?: ScalingDistribution;
}

/**
 * Keras's VarianceScaling: n = fanIn, fanOut or (fanIn + fanOut)/2 by `mode`; then
 * 'normal': N(0, scale/n); 'truncatedNormal': samples with variance scale/n, the underlying normal
 * widened by 1/0.87962566103423978 and cut at 2 of its sigma; 'uniform': U(±sqrt(3·scale/n)).
 */
export function varianceScaling(options?: VarianceScalingOptions): Initializer {
  const name = 'varianceScaling';
  const o = readOptions(name, options, ['scale', 'mode', 'distribution']);
  const scale = numberOption(name, o, 'scale', 1, { min: 0 });
  const mode = choiceOption(name, o, 'mode', 'fanIn', FAN_MODES);
  const distribution = choiceOption(name, o, 'distribution', 'truncatedNormal', DISTRIBUTIONS);
  return scaled(name, { scale, mode, distribution }, distribution, (fi, fo) =>
    distribution === 'uniform' ? sqrt((3 * scale) / fan(mode, fi, fo)) : sqrt(scale / fan(mode, fi, fo)),
  );
}

export interface GainOptions {
  /** Multiplies the standard deviation (and the bound); >= 0, default 1. */
  gain?: number;
}

function gainOf(name: string, options: unknown): number {
  return numberOption(name, readOptions(name, options, ['gain']), 'gain', 1, { min: 0 });
}

/** U(±gain·sqrt(6/(fanIn + fanOut))) (torch.nn.init.xavier_uniform_). For tanh/sigmoid nets. */
export function glorotUniform(options?: GainOptions): Initializer {
  const gain = gainOf('glorotUniform', options);
  return scaled('glorotUniform', { gain }, 'uniform', (fi, fo) => gain * sqrt(6 / (fi + fo)));
}

/** N(0, gain²·2/(fanIn + fanOut)) (torch.nn.init.xavier_normal_), untruncated. */
export function glorotNormal(options?: GainOptions): Initializer {
  const gain = gainOf('glorotNormal', options);
  return scaled('glorotNormal', { gain }, 'normal', (fi, fo) => gain * sqrt(2 / (fi + fo)));
}

export interface HeOptions {
  /** Overrides the gain sqrt(2/(1 + negativeSlope²)); an explicit gain wins over negativeSlope. */
  gain?: number;
  /** 'fanIn' (default: preserves the forward signal) or 'fanOut' (the backward one). */
  mode?: 'fanIn' | 'fanOut';
  /** The negative slope of the leaky ReLU that follows; default 0 (ReLU). */
  negativeSlope?: number;
}

function heParams(name: string, options: unknown): { config: Record<string, unknown>; gain: number; mode: 'fanIn' | 'fanOut' } {
  const o = readOptions(name, options, ['gain', 'mode', 'negativeSlope']);
  const mode = choiceOption(name, o, 'mode', 'fanIn', ['fanIn', 'fanOut'] as const);
  const negativeSlope = numberOption(name, o, 'negativeSlope', 0);
  const config: Record<string, unknown> = { mode, negativeSlope };
  let gain: number;
  if (o.gain !== undefined) {
    gain = numberOption(name, o, 'gain', undefined, { min: 0 });
    config.gain = gain;
  } else {
    gain = sqrt(2 / (1 + negativeSlope * negativeSlope)); // torch calculate_gain('leaky_relu', a)
  }
  return { config, gain, mode };
}

/**
 * U(±gain·sqrt(3/fan)), gain = sqrt(2/(1 + negativeSlope²)) unless given, fan = fanIn or fanOut
 * (torch.nn.init.kaiming_uniform_). For ReLU-family nets.
 */
export function heUniform(options?: HeOptions): Initializer {
  const { config, gain, mode } = heParams('heUniform', options);
  return scaled('heUniform', config, 'uniform', (fi, fo) => gain * sqrt(3 / (mode === 'fanIn' ? fi : fo)));
}

/** N(0, gain²/fan), gain as heUniform (torch.nn.init.kaiming_normal_), untruncated. */
export function heNormal(options?: HeOptions): Initializer {
  const { config, gain, mode } = heParams('heNormal', options);
  return scaled('heNormal', config, 'normal', (fi, fo) => gain * sqrt(1 / (mode === 'fanIn' ? fi : fo)));
}

/** U(±gain·sqrt(3/fanIn)) (keras lecun_uniform, with a gain). For selu nets. */
export function lecunUniform(options?: GainOptions): Initializer {
  const gain = gainOf('lecunUniform', options);
  return scaled('lecunUniform', { gain }, 'uniform', (fi) => gain * sqrt(3 / fi));
}

/** N(0, gain²/fanIn), untruncated (keras lecun_normal truncates; use varianceScaling for that). */
export function lecunNormal(options?: GainOptions): Initializer {
  const gain = gainOf('lecunNormal', options);
  return scaled('lecunNormal', { gain }, 'normal', (fi) => gain * sqrt(1 / fi));
}
