// Option checks shared by the dataset generators, on the one options checker
// (src/util/options.ts): each bad option is a ValueError naming the generator, the option and
// the value given.
import { anyOption, checkValue, numberOption as rangeOption, parseOptions, seedOption as seedRule } from '../util/options.js';

/** The options object itself: undefined or a plain object with only the known keys. */
export function checkOptionKeys(what: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  return parseOptions(options, what, Object.fromEntries(known.map((k) => [k, anyOption()]))) as Record<string, unknown>;
}

/** An integer >= min (a safe integer, so the dataset's size is exact). */
export function integerOption(what: string, name: string, value: unknown, min: number): number {
  checkValue(value, what, name, rangeOption({ integer: true, min }));
  return value as number;
}

/** A finite number in [min, max) (max exclusive) or [min, ∞); (min, ...) when minExclusive. */
export function numberOption(what: string, name: string, value: unknown, min: number, max = Infinity, minExclusive = false): number {
  const lower = minExclusive ? { above: min } : { min };
  checkValue(value, what, name, rangeOption(max === Infinity ? lower : { ...lower, below: max }));
  return value as number;
}

/** A seed: a finite number (0 included) or a string, as randomStream accepts. */
export function seedOption(what: string, value: unknown): number | string {
  checkValue(value, what, 'seed', seedRule());
  return value as number | string;
}
