// The registry: every initializer by name, so a layer spec can say 'glorotUniform' and a saved
// network can record `{ name, config }` and rebuild exactly the same initializer.
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import { constant, ones, zeros } from './constant.js';
import { randomNormal, randomUniform, scaledNormal, truncatedNormal } from './distributions.js';
import { identity } from './identity.js';
import type { Initializer, InitializerConfig, InitializerSpec } from './initializer.js';
import { orthogonal } from './orthogonal.js';
import { sparse } from './sparse.js';
import { torchLinear } from './torch-linear.js';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
} from './variance-scaling.js';

const factories = {
  zeros,
  ones,
  constant,
  randomNormal,
  randomUniform,
  truncatedNormal,
  scaledNormal,
  varianceScaling,
  glorotUniform,
  glorotNormal,
  heUniform,
  heNormal,
  lecunUniform,
  lecunNormal,
  orthogonal,
  identity,
  sparse,
  torchLinear,
} as const;

export type InitializerName = keyof typeof factories;

/** Every registered initializer name. */
export const initializerNames = Object.freeze(Object.keys(factories)) as readonly InitializerName[];

function factory(name: unknown): (options?: never) => Initializer {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(factories, name)) {
    throw new ValueError(
      `unknown initializer ${typeof name === 'string' ? JSON.stringify(name) : describe(name)}` +
        ` (known: ${initializerNames.join(', ')})`,
    );
  }
  return factories[name as InitializerName] as (options?: never) => Initializer;
}

/**
 * Rebuilds an initializer from its `{ name, config }` (as `JSON.stringify(initializer)` writes
 * it): the result has the same name and config and draws the same values from the same stream.
 */
export function fromConfig(spec: InitializerConfig): Initializer {
  if (typeof spec !== 'object' || spec === null) {
    throw new ValueError(`fromConfig: expected { name, config }, got ${describe(spec)}`);
  }
  const make = factory(spec.name);
  return make((spec.config ?? {}) as never);
}

function isInitializer(x: object): x is Initializer {
  const o = x as Record<string, unknown>;
  return typeof o.sample === 'function';
}

/**
 * An Initializer from a spec: a registered name (default options), an Initializer (returned as
 * is), or a serialized `{ name, config }`. Unknown names throw ValueError listing the known ones.
 */
export function resolveInitializer(spec: InitializerSpec | InitializerConfig): Initializer {
  if (typeof spec === 'string') return factory(spec)();
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    if (isInitializer(spec)) {
      if (typeof spec.name !== 'string' || typeof spec.sampleBias !== 'function') {
        throw new ValueError('an initializer object needs a string name, sample() and sampleBias()');
      }
      return spec;
    }
    return fromConfig(spec as InitializerConfig);
  }
  throw new ValueError(
    `an initializer must be a name (${initializerNames.join(', ')}), an Initializer or { name, config }, got ${describe(spec)}`,
  );
}

/** `sb.init`: every initializer factory by name, and fromConfig. */
export const init = Object.freeze({ ...factories, fromConfig });
