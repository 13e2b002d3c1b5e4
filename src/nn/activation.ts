// A layer's activation: a name, or an object with its parameters ({ name: 'leakyRelu', alpha: 0.2 }).
// Normalized once so the hot loop sees a name and one number.
import { ValueError } from '../errors.js';

export const ACTIVATIONS = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'gelu',
  'softplus',
  'softmax',
] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];

/** What a user writes: a name, or `{ name, alpha? }` for the activations that take a parameter. */
export type ActivationSpec = ActivationName | { name: ActivationName; alpha?: number };

/** The normalized activation. `alpha` is the parameter of leakyRelu (0.01) and elu (1); 0 otherwise. */
export interface Activation {
  readonly name: ActivationName;
  readonly alpha: number;
}

const DEFAULT_ALPHA: Partial<Record<ActivationName, number>> = { leakyRelu: 0.01, elu: 1 };

export function parseActivation(spec: unknown, where: string): Activation {
  if (spec === undefined) return { name: 'linear', alpha: 0 };
  if (typeof spec === 'string') {
    if (!(ACTIVATIONS as readonly string[]).includes(spec)) {
      throw new ValueError(`${where}: unknown activation '${spec}' (known: ${ACTIVATIONS.join(', ')})`);
    }
    const name = spec as ActivationName;
    return { name, alpha: DEFAULT_ALPHA[name] ?? 0 };
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ValueError(`${where}: activation must be a name or { name, alpha }, got ${JSON.stringify(spec)}`);
  }
  const { name, ...params } = spec as { name?: unknown; [k: string]: unknown };
  const base = parseActivation(name, where);
  const allowed = base.name in DEFAULT_ALPHA ? ['alpha'] : [];
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      throw new ValueError(
        `${where}: activation '${base.name}' takes ${allowed.length ? 'only alpha' : 'no parameters'}, got '${key}'`,
      );
    }
  }
  if (params.alpha === undefined) return base;
  const alpha = params.alpha;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new ValueError(`${where}: ${base.name} alpha must be a finite number, got ${String(alpha)}`);
  }
  if (base.name === 'elu' && alpha < 0) {
    throw new ValueError(`${where}: elu alpha must be >= 0, got ${alpha}`);
  }
  return { name: base.name, alpha };
}

/** The activation as it is saved: the name alone when its parameter is the default. */
export function activationToJSON(a: Activation): ActivationSpec {
  if (a.name in DEFAULT_ALPHA && a.alpha !== DEFAULT_ALPHA[a.name]) return { name: a.name, alpha: a.alpha };
  return a.name;
}
