// The safetensors format (huggingface/safetensors, `safetensors/src/tensor.rs`), float32 only:
//   8 bytes   N, the header length, a little-endian u64
//   N bytes   UTF-8 JSON: { "__metadata__"?: {str: str},
//                           name: { "dtype": "F32", "shape": [..], "data_offsets": [begin, end] } }
//   the rest  the tensors' bytes, little-endian; offsets count from the end of the header.
// The writer does what the reference `serialize` does for an all-F32 dict: tensors sorted by
// name (byte order), laid out in that order, the header padded with spaces to a multiple of 8.
// The reader is strict: anything but a well-formed float32 file is a FormatError saying what was
// expected and what was found, never another exception, and it allocates at most about the size
// of its input.
import { FormatError, ShapeError, ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import { readF32LE, writeF32LE } from './f32le.js';
import { describeJson, parseStrictJson, quote, type JsonValue } from './strict-json.js';

/** The reference reader refuses headers longer than this (MAX_HEADER_SIZE in tensor.rs). */
export const MAX_HEADER_BYTES = 100_000_000;

/** One named float32 tensor, row-major. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A decoded tensor: a copy the caller owns. */
export interface DecodedTensor {
  shape: number[];
  data: Float32Array;
}

export interface DecodedSafetensors {
  /** In file order (ascending data offsets). */
  tensors: Map<string, DecodedTensor>;
  /** The `__metadata__` map; empty when the file has none. */
  metadata: Record<string, string>;
}

const METADATA_KEY = '__metadata__';
const TENSOR_KEYS = ['dtype', 'shape', 'data_offsets'] as const;

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Serializes float32 tensors as a safetensors file. Tensors are written sorted by name (UTF-8
 * byte order), so the same tensors always give the same bytes whatever their order in the
 * argument; `metadata` keys are sorted the same way and `__metadata__` is written only when
 * `metadata` is given. Throws ValueError for a bad name, shape or metadata entry and
 * ShapeError when a tensor's data length differs from the product of its shape.
 */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata?: Record<string, string>): Uint8Array {
  if (!Array.isArray(tensors)) throw new ValueError(`tensors must be an array, got ${describe(tensors)}`);
  const seen = new Set<string>();
  for (const [i, t] of tensors.entries()) checkTensor(t, i, seen);
  const sorted = [...tensors].sort((a, b) => compareCodePoints(a.name, b.name));

  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"${METADATA_KEY}":${metadataJson(metadata)}`);
  let offset = 0;
  const offsets: number[] = [];
  for (const t of sorted) {
    const end = offset + 4 * t.data.length;
    parts.push(
      `${JSON.stringify(t.name)}:{"dtype":"F32","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`,
    );
    offsets.push(offset);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8; // the reference pads to 8 with spaces
  if (headerLength > MAX_HEADER_BYTES) {
    throw new ValueError(
      `the header would be ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} bytes safetensors readers accept`,
    );
  }
  const start = 8 + headerLength;
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true); // u64 little-endian: low word, then a zero high word
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, start);
  sorted.forEach((t, i) => writeF32LE(out, start + offsets[i]!, t.data));
  return out;
}

function checkTensor(t: NamedTensor, i: number, seen: Set<string>): void {
  if (typeof t !== 'object' || t === null) {
    throw new ValueError(`tensors[${i}] must be an object {name, shape, data}, got ${describe(t)}`);
  }
  const { name, shape, data } = t;
  if (typeof name !== 'string') throw new ValueError(`tensors[${i}].name must be a string, got ${describe(name)}`);
  const label = `tensor ${quote(name)}`;
  if (name === METADATA_KEY) throw new ValueError(`${label}: the name ${METADATA_KEY} is reserved for metadata`);
  checkWellFormed(name, `${label}: the name`);
  if (seen.has(name)) throw new ValueError(`${label}: the name appears twice`);
  seen.add(name);
  if (!Array.isArray(shape)) throw new ValueError(`${label}: shape must be an array, got ${describe(shape)}`);
  let count = 1;
  for (const [k, d] of shape.entries()) {
    if (!Number.isSafeInteger(d) || (d as number) < 0 || Object.is(d, -0)) {
      throw new ValueError(`${label}: shape[${k}] must be a non-negative integer, got ${String(d)}`);
    }
    count *= d;
  }
  if (!(data instanceof Float32Array)) {
    throw new ValueError(`${label}: data must be a Float32Array, got ${describe(data)}`);
  }
  if (data.length !== count) {
    throw new ShapeError(
      `${label}: shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`,
    );
  }
}

function metadataJson(metadata: Record<string, string>): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new ValueError(`metadata must be an object of strings, got ${describe(metadata)}`);
  }
  const keys = Object.keys(metadata).sort(compareCodePoints);
  const entries = keys.map((k) => {
    const v: unknown = metadata[k];
    if (typeof v !== 'string') throw new ValueError(`metadata[${quote(k)}] must be a string, got ${describe(v)}`);
    checkWellFormed(k, `metadata key ${quote(k)}`);
    checkWellFormed(v, `metadata[${quote(k)}]`);
    return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
  });
  return `{${entries.join(',')}}`;
}

/** A lone surrogate cannot be written as UTF-8, so Python could not read the name back. */
function checkWellFormed(s: string, what: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    throw new ValueError(`${what} has a lone UTF-16 surrogate at index ${i}: not valid Unicode text`);
  }
}

/**
 * Orders strings by code point, which is the UTF-8 byte order the Rust reference sorts by
 * (JavaScript's default sort compares UTF-16 code units, which puts U+E000..U+FFFF after
 * astral characters).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  // Surrogates (astral code points) move above U+E000..U+FFFF; order within each group is kept.
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Entry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parses a safetensors file holding float32 tensors. Every problem (truncation, a header length
 * out of range, invalid UTF-8 or JSON, duplicate keys, a dtype other than F32, a shape that does
 * not match its byte range, overlapping tensors, gaps or unused bytes, non-string metadata) is a
 * FormatError. The returned arrays are copies that share no memory with `bytes`.
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (!(bytes instanceof Uint8Array)) {
    throw new FormatError(`safetensors: expected the file as a Uint8Array, got ${describe(bytes)}`);
  }
  const size = bytes.length;
  if (size < 8) {
    throw new FormatError(
      `safetensors: a file starts with an 8-byte header length, but the file has only ${size} byte${size === 1 ? '' : 's'}`,
    );
  }
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    throw new FormatError(
      `safetensors: the header length is ${declared} bytes, more than the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  const n = Number(declared);
  if (8 + n > size) {
    throw new FormatError(
      `safetensors: the header length is ${n} bytes, but only ${size - 8} bytes follow the 8-byte length`,
    );
  }

  let header: string;
  try {
    header = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new FormatError(`safetensors: the ${n}-byte header is not valid UTF-8`);
  }
  if (header[0] !== '{') {
    const found = header.length === 0 ? 'an empty header' : JSON.stringify(header.slice(0, 12));
    throw new FormatError(`safetensors: the header must be a JSON object starting with '{', found ${found}`);
  }
  const root = parseStrictJson(header, 'safetensors header JSON');
  if (root.kind !== 'object') {
    // Unreachable after the '{' check; kept so the schema code below can rely on it.
    throw new FormatError(`safetensors: the header must be a JSON object, found ${describeJson(root)}`);
  }

  const dataLength = size - 8 - n;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of root.entries) {
    if (name === METADATA_KEY) readMetadata(value, metadata);
    else entries.push(readEntry(name, value, dataLength));
  }

  // Sorted by (begin, end), the tensors must tile [0, dataLength) exactly, as the reference's
  // Metadata::validate requires: each begins where the previous one ended.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: Entry | undefined;
  for (const e of entries) {
    if (e.begin < cursor) {
      throw new FormatError(
        `safetensors: tensor ${quote(e.name)} (bytes ${e.begin}..${e.end}) overlaps tensor ${quote(previous!.name)} (bytes ${previous!.begin}..${previous!.end})`,
      );
    }
    if (e.begin > cursor) {
      throw new FormatError(
        `safetensors: bytes ${cursor}..${e.begin} of the data belong to no tensor (a gap before tensor ${quote(e.name)})`,
      );
    }
    cursor = e.end;
    previous = e;
  }
  if (cursor !== dataLength) {
    throw new FormatError(
      `safetensors: the tensors cover ${cursor} bytes of data, but ${dataLength} bytes follow the header (${dataLength - cursor} unused bytes at the end)`,
    );
  }

  const tensors = new Map<string, DecodedTensor>();
  const start = 8 + n;
  for (const e of entries) {
    tensors.set(e.name, { shape: e.shape, data: readF32LE(bytes, start + e.begin, (e.end - e.begin) / 4) });
  }
  return { tensors, metadata };
}

function readMetadata(value: JsonValue, into: Record<string, string>): void {
  if (value.kind !== 'object') {
    throw new FormatError(`safetensors: ${METADATA_KEY} must be an object of strings, found ${describeJson(value)}`);
  }
  for (const [k, v] of value.entries) {
    if (v.kind !== 'string') {
      throw new FormatError(`safetensors: ${METADATA_KEY}[${quote(k)}] must be a string, found ${describeJson(v)}`);
    }
    // defineProperty, not assignment: a key named "__proto__" must become an ordinary entry.
    Object.defineProperty(into, k, { value: v.value, enumerable: true, writable: true, configurable: true });
  }
}

function readEntry(name: string, value: JsonValue, dataLength: number): Entry {
  const label = `safetensors: tensor ${quote(name)}`;
  if (value.kind !== 'object') {
    throw new FormatError(`${label} must be an object {dtype, shape, data_offsets}, found ${describeJson(value)}`);
  }
  for (const key of value.entries.keys()) {
    if (!(TENSOR_KEYS as readonly string[]).includes(key)) {
      throw new FormatError(`${label} has an unexpected key ${quote(key)} (expected only dtype, shape, data_offsets)`);
    }
  }
  for (const key of TENSOR_KEYS) {
    if (!value.entries.has(key)) throw new FormatError(`${label} is missing the key "${key}"`);
  }
  const dtype = value.entries.get('dtype')!;
  if (dtype.kind !== 'string' || dtype.value !== 'F32') {
    throw new FormatError(`${label}: dtype must be "F32" (the only type symbreak reads), found ${describeJson(dtype)}`);
  }
  const shape = readIntegers(value.entries.get('shape')!, `${label}: shape`);
  const offsets = readIntegers(value.entries.get('data_offsets')!, `${label}: data_offsets`);
  if (offsets.length !== 2) {
    throw new FormatError(`${label}: data_offsets must be [begin, end], found an array of length ${offsets.length}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw new FormatError(`${label}: data_offsets [${begin}, ${end}] must have begin <= end`);
  if (end > dataLength) {
    throw new FormatError(
      `${label}: data_offsets [${begin}, ${end}] reach past the end of the data (${dataLength} bytes follow the header)`,
    );
  }
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count > Number.MAX_SAFE_INTEGER) {
      throw new FormatError(`${label}: shape [${shape.join(', ')}] has too many elements to address`);
    }
  }
  if (end - begin !== 4 * count) {
    throw new FormatError(
      `${label}: shape [${shape.join(', ')}] needs ${4 * count} bytes of F32, but data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, shape, begin, end };
}

/** An array of non-negative integers written as plain integer literals, each a safe integer. */
function readIntegers(value: JsonValue, what: string): number[] {
  if (value.kind !== 'array') throw new FormatError(`${what} must be an array of integers, found ${describeJson(value)}`);
  return value.items.map((item, i) => {
    if (item.kind !== 'number' || !/^(0|[1-9][0-9]*)$/.test(item.text) || !Number.isSafeInteger(item.value)) {
      throw new FormatError(`${what}[${i}] must be a non-negative integer below 2^53, found ${describeJson(item)}`);
    }
    return item.value;
  });
}
