// Option checks shared by the dataset generators: each bad option is a ValueError naming the
// generator, the option and the value given.
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';

/** The options object itself: undefined or a plain object with only the known keys. */
export function checkOptionKeys(what: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${what}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(`${what}: unknown option '${key}' (known options: ${known.join(', ')})`);
    }
  }
  return options as Record<string, unknown>;
}

/** An integer >= min (a safe integer, so the dataset's size is exact). */
export function integerOption(what: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const expected = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new ValueError(`${what}: ${name} must be ${expected}, got ${show(value)}`);
  }
  return value;
}

/** A finite number in [min, max) (max exclusive) or [min, ∞). */
export function numberOption(
  what: string,
  name: string,
  value: unknown,
  min: number,
  max = Infinity,
  minExclusive = false,
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    value < max;
  if (!ok) {
    const lower = minExclusive ? `> ${min}` : `>= ${min}`;
    const range = max === Infinity ? `a finite number ${lower}` : `a number in ${minExclusive ? '(' : '['}${min}, ${max})`;
    throw new ValueError(`${what}: ${name} must be ${range}, got ${show(value)}`);
  }
  return value;
}

/** A seed: a finite number (0 included) or a string, as randomStream accepts. */
export function seedOption(what: string, value: unknown): number | string {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new ValueError(`${what}: seed must be a finite number or a string, got ${show(value)}`);
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : describe(value);
}
