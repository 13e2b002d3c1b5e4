// A small strict JSON parser (RFC 8259) for safetensors headers. JSON.parse is not enough for a
// strict loader: it keeps the last of duplicate keys silently, turns 4.0 and 4e0 into the integer
// 4, rounds integers past 2^53, and accepts lone UTF-16 surrogates in \u escapes. This parser
// keeps each number's source text, rejects duplicate keys and lone surrogates, and bounds the
// nesting depth so a hostile header cannot exhaust the stack. Every failure is a FormatError
// naming the position (in characters from the start of the header) and what was found.
import { FormatError } from '../errors.js';

export type JsonValue =
  | { kind: 'object'; entries: Map<string, JsonValue>; at: number }
  | { kind: 'array'; items: JsonValue[]; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'null'; at: number };

/** The safetensors schema needs depth 3; anything much deeper is hostile or a different file. */
export const MAX_JSON_DEPTH = 64;

/** Parses `text` as one JSON value; only JSON whitespace may follow it. */
export function parseStrictJson(text: string, what = 'JSON'): JsonValue {
  const parser = new Parser(text, what);
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail('the end of the JSON text');
  return value;
}

/** "a string \"F16\"", "the number 4.5", "an object", ... for error messages. */
export function describeJson(v: JsonValue): string {
  switch (v.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return `an array of length ${v.items.length}`;
    case 'string':
      return `the string ${quote(v.value)}`;
    case 'number':
      return `the number ${shorten(v.text)}`;
    case 'boolean':
      return String(v.value);
    case 'null':
      return 'null';
  }
}

/** A JSON-quoted string, cut short if long, for messages. */
export function quote(s: string): string {
  return JSON.stringify(shorten(s));
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The characters after a backslash that stand alone: " \\ / b f n r t. */
const SIMPLE_ESCAPES = [0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74];

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

class Parser {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  fail(expected: string, at = this.pos): never {
    const found = at < this.text.length ? JSON.stringify(this.text.slice(at, at + 12)) : 'the end of the text';
    throw new FormatError(`invalid ${this.what} at character ${at}: expected ${expected}, found ${found}`);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length && isWhitespace(t.charCodeAt(this.pos))) this.pos++;
  }

  value(depth: number): JsonValue {
    const t = this.text;
    const at = this.pos;
    const c = t.charCodeAt(at);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= MAX_JSON_DEPTH) {
        throw new FormatError(
          `invalid ${this.what} at character ${at}: nested deeper than ${MAX_JSON_DEPTH} levels`,
        );
      }
      return c === 0x7b ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === 0x22 /* " */) return { kind: 'string', value: this.string(), at };
    if (c === 0x2d /* - */ || isDigit(c)) return this.number();
    if (t.startsWith('true', at)) {
      this.pos += 4;
      return { kind: 'boolean', value: true, at };
    }
    if (t.startsWith('false', at)) {
      this.pos += 5;
      return { kind: 'boolean', value: false, at };
    }
    if (t.startsWith('null', at)) {
      this.pos += 4;
      return { kind: 'null', at };
    }
    return this.fail('a JSON value');
  }

  object(depth: number): JsonValue {
    const at = this.pos;
    const entries = new Map<string, JsonValue>();
    this.pos++; // {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      return { kind: 'object', entries, at };
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('a string key');
      const keyAt = this.pos;
      const key = this.string();
      if (entries.has(key)) {
        throw new FormatError(`invalid ${this.what} at character ${keyAt}: duplicate key ${quote(key)}`);
      }
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a /* : */) this.fail("':'");
      this.pos++;
      this.skipWhitespace();
      entries.set(key, this.value(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c /* , */) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return { kind: 'object', entries, at };
      }
      this.fail("',' or '}'");
    }
  }

  array(depth: number): JsonValue {
    const at = this.pos;
    const items: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      return { kind: 'array', items, at };
    }
    for (;;) {
      items.push(this.value(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return { kind: 'array', items, at };
      }
      this.fail("',' or ']'");
    }
  }

  /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  number(): JsonValue {
    const t = this.text;
    const at = this.pos;
    let p = at;
    if (t.charCodeAt(p) === 0x2d) p++;
    if (t.charCodeAt(p) === 0x30) {
      p++;
    } else if (isDigit(t.charCodeAt(p))) {
      while (isDigit(t.charCodeAt(p))) p++;
    } else {
      this.fail('a digit', p);
    }
    if (t.charCodeAt(p) === 0x2e /* . */) {
      p++;
      if (!isDigit(t.charCodeAt(p))) this.fail('a digit after the decimal point', p);
      while (isDigit(t.charCodeAt(p))) p++;
    }
    const e = t.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const s = t.charCodeAt(p);
      if (s === 0x2b || s === 0x2d) p++;
      if (!isDigit(t.charCodeAt(p))) this.fail('a digit in the exponent', p);
      while (isDigit(t.charCodeAt(p))) p++;
    }
    this.pos = p;
    const text = t.slice(at, p);
    return { kind: 'number', value: Number(text), text, at };
  }

  /**
   * A string token starting at the opening quote; returns its value. One validating pass finds
   * the closing quote; a token with escapes is then decoded by JSON.parse, which is exactly
   * specified and linear (building the value a character at a time is quadratic-ish in V8 for
   * a hostile header of millions of escapes).
   */
  string(): string {
    const t = this.text;
    const begin = this.pos;
    let p = begin + 1;
    let escaped = false;
    for (;;) {
      if (p >= t.length) this.fail('a closing \'"\'', p);
      const c = t.charCodeAt(p);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('no raw control character in a string (escape it)', p);
      if (c !== 0x5c /* \ */) {
        p++;
        continue;
      }
      escaped = true;
      const esc = t.charCodeAt(p + 1);
      if (esc !== 0x75 /* u */) {
        if (!SIMPLE_ESCAPES.includes(esc)) {
          this.fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', p);
        }
        p += 2;
        continue;
      }
      const unit = this.hex4(p + 2);
      if (unit >= 0xdc00 && unit <= 0xdfff) this.fail('no lone low surrogate', p);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        // A high surrogate must be followed by an escaped low surrogate: together they are one
        // code point; alone they are not Unicode text (serde_json rejects them too).
        if (t.charCodeAt(p + 6) !== 0x5c || t.charCodeAt(p + 7) !== 0x75) {
          this.fail('a \\u escape of a low surrogate after a high surrogate', p + 6);
        }
        const low = this.hex4(p + 8);
        if (low < 0xdc00 || low > 0xdfff) this.fail('a low surrogate (\\udc00-\\udfff)', p + 6);
        p += 6;
      }
      p += 6;
    }
    this.pos = p + 1;
    const token = t.slice(begin, p + 1);
    if (!escaped) return token.slice(1, -1);
    try {
      return JSON.parse(token) as string;
    } catch {
      return this.fail('a valid JSON string', begin); // unreachable: the token was validated above
    }
  }

  hex4(p: number): number {
    let v = 0;
    for (let i = p; i < p + 4; i++) {
      const c = this.text.charCodeAt(i);
      const d = isDigit(c) ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (d < 0) this.fail('four hex digits', p);
      v = v * 16 + d;
    }
    return v;
  }
}
