// One checker for every options object a public function takes, so every mistake reads the same:
//   "<where>: options must be an object, got <what>"
//   "<where>: unknown option '<key>' (known: a, b, c)"
//   "<where>: <key> must be <rule>, got <value>"
// A schema names each allowed key with its rule; `parseOptions` returns the object with the
// checked values (undefined for keys not given: defaults belong to the caller, beside their docs).
import { ValueError } from '../errors.js';
import { describe } from './matrix.js';

/** The rule for one key. */
export interface OptionRule {
  /** The rule in words when value (never undefined here) breaks it ("a finite number > 0"), else undefined. */
  check?(value: unknown): string | undefined;
}

export type Schema = Record<string, OptionRule>;

/** A value as an error message shows it: numbers and strings as written, other things by type. */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'boolean') return String(value);
  return describe(value);
}

/** The failure every rule reports. */
export function optionError(where: string, key: string, rule: string, value: unknown): ValueError {
  return new ValueError(`${where}: ${key} must be ${rule}, got ${show(value)}`);
}

export interface ParseFlags {
  /**
   * A key that the function knows but this call does not take (e.g. alpha on an activation with
   * no parameter): named as "takes no <key> option" rather than unknown.
   */
  noParam?: string;
  /** Prefix of every key in messages, for a nested object ("diagnostics." gives "diagnostics.every"). */
  keyPrefix?: string;
}

/**
 * Checks `options` against `schema`: undefined gives {}; anything but a plain object, a key the
 * schema lacks, or a value its rule rejects throws ValueError. Keys whose value is undefined are
 * treated as absent.
 */
export function parseOptions<S extends Schema>(
  options: unknown,
  where: string,
  schema: S,
  flags: ParseFlags = {},
): { [K in keyof S]?: unknown } {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${where}: options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  const known = Object.keys(schema);
  for (const key of Object.keys(o)) {
    const value = o[key];
    if (value === undefined) continue;
    const rule = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    const name = `${flags.keyPrefix ?? ''}${key}`;
    if (rule === undefined) {
      if (key === flags.noParam) throw new ValueError(`${where}: takes no ${key} option, got ${key} = ${show(value)}`);
      throw new ValueError(
        known.length === 0
          ? `${where}: unknown option '${name}' (it takes no options)`
          : `${where}: unknown option '${name}' (known: ${known.map((k) => `${flags.keyPrefix ?? ''}${k}`).join(', ')})`,
      );
    }
    const broken = rule.check?.(value);
    if (broken !== undefined) throw optionError(where, name, broken, value);
  }
  return o as { [K in keyof S]?: unknown };
}

/** Any value (checked by the caller). */
export function anyOption(): OptionRule {
  return {};
}

export function booleanOption(): OptionRule {
  return {
    check: (value) => (typeof value === 'boolean' ? undefined : 'true or false'),
  };
}

export function functionOption(): OptionRule {
  return {
    check: (value) => (typeof value === 'function' ? undefined : 'a function'),
  };
}

export interface NumberRange {
  /** value >= min */
  min?: number;
  /** value > above */
  above?: number;
  /** value <= max */
  max?: number;
  /** value < below */
  below?: number;
  /** A safe integer. */
  integer?: boolean;
}

function rangeText(r: NumberRange): string {
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(`>= ${r.min}`);
  if (r.above !== undefined) parts.push(`> ${r.above}`);
  if (r.max !== undefined) parts.push(`<= ${r.max}`);
  if (r.below !== undefined) parts.push(`< ${r.below}`);
  return parts.join(' and ');
}

/** True when value is a number within the range (finite, and an integer when asked). */
export function inRange(value: unknown, r: NumberRange): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (r.integer && !Number.isSafeInteger(value)) return false;
  if (r.min !== undefined && !(value >= r.min)) return false;
  if (r.above !== undefined && !(value > r.above)) return false;
  if (r.max !== undefined && !(value <= r.max)) return false;
  if (r.below !== undefined && !(value < r.below)) return false;
  return true;
}

/**
 * The whole rule in words, whatever the value broke: "a finite number >= 0", "a positive
 * integer", "an integer >= 0", "a number in [0, 1)".
 */
export function rangeRule(r: NumberRange): string {
  if (r.integer && r.min === 1 && r.above === undefined && r.max === undefined && r.below === undefined) return 'a positive integer';
  const lo = r.min ?? r.above;
  const hi = r.max ?? r.below;
  if (!r.integer && lo !== undefined && hi !== undefined && Number.isFinite(hi)) {
    return `a number in ${r.min !== undefined ? '[' : '('}${lo}, ${hi}${r.max !== undefined ? ']' : ')'}`;
  }
  const bounds = rangeText(r);
  return `${r.integer ? 'an integer' : 'a finite number'}${bounds ? ` ${bounds}` : ''}`;
}

export function numberOption(r: NumberRange = {}): OptionRule {
  return {
    check: (value) => (inRange(value, r) ? undefined : rangeRule(r)),
  };
}

/** A finite number that stays finite once rounded to float32 (the precision the core computes in). */
export function float32Option(): OptionRule {
  return {
    check(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'a finite number';
      if (!Number.isFinite(Math.fround(value))) return 'a number that fits in float32 (|x| < 3.4028235e38)';
      return undefined;
    },
  };
}

/** One of a few strings. */
export function choiceOption(choices: readonly string[]): OptionRule {
  return {
    check: (value) =>
      typeof value === 'string' && choices.includes(value) ? undefined : `one of ${choices.map((c) => `'${c}'`).join(', ')}`,
  };
}

/** A seed as randomStream takes it: a finite number (0 included) or a string. */
export function seedOption(): OptionRule {
  return {
    check: (value) =>
      typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? undefined : 'a finite number or a string',
  };
}

/** Checks one value against a rule outside an options object (a positional argument or a spec field). */
export function checkValue(value: unknown, where: string, name: string, rule: OptionRule): void {
  const broken = rule.check?.(value);
  if (broken !== undefined) throw optionError(where, name, broken, value);
}
