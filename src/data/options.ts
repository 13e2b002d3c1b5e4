// The options of the dataset generators, on the one options checker (src/util/options.ts): each
// generator lists its fields with their rule and default, and gets them back checked and filled
// in. A bad option is a ValueError naming the generator, the option and the value given.
import { choiceOption, numberOption, parseOptions, seedOption, type NumberRange, type OptionRule } from '../util/options.js';

export interface Field<T> {
  readonly rule: OptionRule;
  readonly fallback: T;
}

/** A count: an integer >= min (a safe integer, so the dataset's size is exact). */
export const count = (fallback: number, min = 1): Field<number> => ({ rule: numberOption({ integer: true, min }), fallback });

/** A finite number in a range. */
export const real = (fallback: number, range: NumberRange): Field<number> => ({ rule: numberOption(range), fallback });

/** A seed as randomStream takes it. */
export const seed = (fallback: number | string = 0): Field<number | string> => ({ rule: seedOption(), fallback });

/** The options checked against the fields, with every absent one at its default. */
export function readOptions<S extends Record<string, Field<unknown>>>(what: string, options: unknown, fields: S): { [K in keyof S]: S[K]['fallback'] } {
  const rules = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.rule]));
  const given = parseOptions(options, what, rules) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, given[k] ?? f.fallback])) as { [K in keyof S]: S[K]['fallback'] };
}

/** Where the randomness comes from: 'numpy' for numpy's RandomState(seed); absent for symbreak's stream. */
export const rngField = (): Field<'numpy' | undefined> => ({ rule: choiceOption(['numpy']), fallback: undefined });
