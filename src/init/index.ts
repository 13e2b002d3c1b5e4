// Initializers, gains and seeded random streams (`sb.init`, `sb.calculateGain`, `sb.randomStream`).
export { init, resolveInitializer, fromConfig, initializerNames, type InitializerName } from './registry.js';
export type { Initializer, InitializerSpec, InitializerConfig } from './initializer.js';
export { calculateGain, type ActivationLike } from './gain.js';
export { randomStream, type RandomStream } from './random.js';
export type { ConstantOptions } from './constant.js';
export type { RandomNormalOptions, RandomUniformOptions, TruncatedNormalOptions, ScaledNormalOptions } from './distributions.js';
export type { VarianceScalingOptions, GainOptions, HeOptions, FanMode, ScalingDistribution } from './variance-scaling.js';
export type { OrthogonalOptions } from './orthogonal.js';
export type { IdentityOptions } from './identity.js';
export type { SparseOptions } from './sparse.js';
