// A layer's activation: a name, or an object with its parameters ({ name: 'leakyRelu', alpha: 0.2 }).
// Normalized once so the hot loop sees the registry row's op code and one number.
import { ValueError } from '../errors.js';
import { ACTIVATIONS, ACTIVATION_NAMES, activationInfo, infoOf, type ActivationName } from '../registry/activations.js';

export type { ActivationName };

/** What a user writes: a name, or `{ name, alpha? }` for the activations that take a parameter. */
export type ActivationSpec = ActivationName | { name: ActivationName; alpha?: number };

/** The normalized activation. `alpha` is the parameter of leakyRelu (0.01) and elu (1); 0 otherwise. */
export interface Activation {
  readonly name: ActivationName;
  readonly alpha: number;
  /** The kernel's op code; null for softmax (row-wise). */
  readonly op: number | null;
}

function make(name: ActivationName, alpha: number): Activation {
  return { name, alpha, op: ACTIVATIONS[name].op };
}

export function parseActivation(spec: unknown, where: string): Activation {
  if (spec === undefined) return make('linear', 0);
  if (typeof spec === 'string') {
    const info = activationInfo(spec);
    if (info === undefined) {
      throw new ValueError(`${where}: unknown activation '${spec}' (known: ${ACTIVATION_NAMES.join(', ')})`);
    }
    return make(spec as ActivationName, info.alpha?.default ?? 0);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ValueError(`${where}: activation must be a name or { name, alpha }, got ${JSON.stringify(spec)}`);
  }
  const { name, ...params } = spec as { name?: unknown; [k: string]: unknown };
  const base = parseActivation(name, where);
  const range = infoOf(base.name).alpha;
  for (const key of Object.keys(params)) {
    if (key !== 'alpha' || range === undefined) {
      throw new ValueError(
        `${where}: activation '${base.name}' takes ${range ? 'only alpha' : 'no parameters'}, got '${key}'`,
      );
    }
  }
  if (params.alpha === undefined) return base;
  const alpha = params.alpha;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new ValueError(`${where}: ${base.name} alpha must be a finite number, got ${String(alpha)}`);
  }
  if (range?.min !== undefined && alpha < range.min) {
    throw new ValueError(`${where}: ${base.name} alpha must be >= ${range.min}, got ${alpha}`);
  }
  return make(base.name, alpha);
}

/** The activation as it is saved: the name alone when its parameter is the default. */
export function activationToJSON(a: Activation): ActivationSpec {
  const range = infoOf(a.name).alpha;
  if (range !== undefined && a.alpha !== range.default) return { name: a.name, alpha: a.alpha };
  return a.name;
}
