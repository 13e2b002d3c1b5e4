import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, ShapeError, ValueError } from '../../src/errors.js';
import { readF32LE, writeF32LE } from '../../src/io/f32le.js';
import {
  compareCodePoints,
  decodeSafetensors,
  encodeSafetensors,
  type NamedTensor,
} from '../../src/io/safetensors.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A file from raw parts: the u64 length (default: the header's byte length), header, data. */
function file(header: string | Uint8Array, data: ArrayLike<number> = [], declared?: bigint): Uint8Array {
  const h = typeof header === 'string' ? utf8(header) : header;
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(Array.from(data), 8 + h.length);
  return out;
}

/** Bytes of float32 values, little-endian, as a test-side reference encoder. */
function f32Bytes(values: number[]): number[] {
  const dv = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return Array.from(new Uint8Array(dv.buffer));
}

const bitsOf = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

function expectSameFloats(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const a = bitsOf(actual);
  const e = bitsOf(expected);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i]!)) expect(Number.isNaN(actual[i]!), `index ${i} stays NaN`).toBe(true);
    else expect(a[i], `bits at index ${i}`).toBe(e[i]);
  }
}

const t = (name: string, shape: number[], values: number[]): NamedTensor => ({
  name,
  shape,
  data: new Float32Array(values),
});

describe('encode/decode round trip', () => {
  it('keeps every float32 bit pattern: -0, denormals, max float, infinities, NaN', () => {
    const special = [
      0, -0, 1, -1, 2 ** -149, -(2 ** -149), 2 ** -126 - 2 ** -149, 2 ** -126, 3.4028234663852886e38,
      -3.4028234663852886e38, Infinity, -Infinity, NaN, Math.fround(Math.PI), Math.fround(1 / 3), 1e-40,
    ];
    const withPayload = new Float32Array(2);
    new Uint32Array(withPayload.buffer).set([0x7fc01234, 0xffffffff]); // NaNs with payloads
    const tensors = [
      t('w', [4, 4], special),
      t('scalar', [], [7.5]),
      t('empty', [0, 3], []),
      { name: 'nan', shape: [2], data: withPayload },
    ];
    const back = decodeSafetensors(encodeSafetensors(tensors, { format: 'pt', note: 'é ✓ 😀' }));
    expect([...back.tensors.keys()]).toEqual(['empty', 'nan', 'scalar', 'w']);
    for (const x of tensors) {
      const got = back.tensors.get(x.name)!;
      expect(got.shape).toEqual(x.shape);
      expectSameFloats(got.data, x.data);
    }
    expect(back.metadata).toEqual({ format: 'pt', note: 'é ✓ 😀' });
  });

  it('returns copies, not views into the input', () => {
    const bytes = encodeSafetensors([t('a', [3], [1, 2, 3])]);
    const out = decodeSafetensors(bytes);
    const a = out.tensors.get('a')!.data;
    expect(a.buffer).not.toBe(bytes.buffer);
    bytes.fill(0, bytes.length - 12);
    expect(Array.from(a)).toEqual([1, 2, 3]);
  });

  it('gives the same bytes whatever the order of the tensors and metadata keys', () => {
    const x = t('x', [1], [1]);
    const y = t('y', [2], [2, 3]);
    expect(encodeSafetensors([y, x], { b: '2', a: '1' })).toEqual(encodeSafetensors([x, y], { a: '1', b: '2' }));
  });

  it('orders names by code point (UTF-8 byte order, as the Rust reference does)', () => {
    const names = ['b', '\u{1F600}', 'a', '\uE000', 'B', 'ab'];
    const back = decodeSafetensors(encodeSafetensors(names.map((n, i) => t(n, [1], [i]))));
    expect([...back.tensors.keys()]).toEqual(['B', 'a', 'ab', 'b', '\uE000', '\u{1F600}']);
    expect(compareCodePoints('\uE000', '\u{1F600}')).toBeLessThan(0);
    expect('\uE000' < '\u{1F600}').toBe(false); // why the comparator exists
  });

  it('keeps a metadata key named __proto__ as an ordinary entry', () => {
    const meta: Record<string, string> = {};
    Object.defineProperty(meta, '__proto__', { value: 'x', enumerable: true });
    const back = decodeSafetensors(encodeSafetensors([], meta));
    expect(Object.keys(back.metadata)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(back.metadata, '__proto__')!.value).toBe('x');
  });

  it('an empty file is a 16-byte "{}" header and decodes to nothing', () => {
    const bytes = encodeSafetensors([]);
    expect(Array.from(bytes)).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...utf8('{}      ')]);
    const back = decodeSafetensors(bytes);
    expect(back.tensors.size).toBe(0);
    expect(back.metadata).toEqual({});
  });
});

describe('byte layout', () => {
  it('writes a hand-checked file byte for byte: header JSON, space padding, offsets, data', () => {
    const bytes = encodeSafetensors([t('b', [2], [1, 2]), t('a', [1, 1], [-0])], { format: 'pt' });
    const json =
      '{"__metadata__":{"format":"pt"},' +
      '"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},' +
      '"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
    expect(json.length).toBe(141);
    const header = json + ' '.repeat(3); // padded to 144, a multiple of 8
    const expected = [
      144, 0, 0, 0, 0, 0, 0, 0,
      ...utf8(header),
      0x00, 0x00, 0x00, 0x80, // -0
      0x00, 0x00, 0x80, 0x3f, // 1
      0x00, 0x00, 0x00, 0x40, // 2
    ];
    expect(Array.from(bytes)).toEqual(expected);
  });

  // What `safetensors.torch.save_file({"weight": w, "bias": b}, path, metadata={"format": "pt"})`
  // writes, built by hand from the reference serializer (safetensors/src/tensor.rs `prepare`):
  // tensors sorted by dtype then name, serde_json compact output with __metadata__ first and
  // dtype/shape/data_offsets in that order, spaces to a multiple of 8, then the raw data.
  const weight = [0.5, -1.5, 3, 0.25, -0.125, 1024]; // 2x3
  const bias = [-2, 0.75];
  const pythonJson =
    '{"__metadata__":{"format":"pt"},' +
    '"bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
    '"weight":{"dtype":"F32","shape":[2,3],"data_offsets":[8,32]}}';
  const pythonFile = [
    ...[152, 0, 0, 0, 0, 0, 0, 0],
    ...utf8(pythonJson + '   '), // 149 bytes of JSON padded to 152
    ...[0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x40, 0x3f], // bias: -2, 0.75
    ...[0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xc0, 0xbf, 0x00, 0x00, 0x40, 0x40], // 0.5, -1.5, 3
    ...[0x00, 0x00, 0x80, 0x3e, 0x00, 0x00, 0x00, 0xbe, 0x00, 0x00, 0x80, 0x44], // 0.25, -0.125, 1024
  ];

  it('decodes a file as the Python safetensors package writes it', () => {
    expect(pythonJson.length).toBe(149);
    const out = decodeSafetensors(new Uint8Array(pythonFile));
    expect(out.metadata).toEqual({ format: 'pt' });
    expect([...out.tensors.keys()]).toEqual(['bias', 'weight']);
    expect(out.tensors.get('weight')).toEqual({ shape: [2, 3], data: new Float32Array(weight) });
    expect(out.tensors.get('bias')).toEqual({ shape: [2], data: new Float32Array(bias) });
  });

  it('writes exactly the bytes the Python package writes for the same tensors', () => {
    const ours = encodeSafetensors([t('weight', [2, 3], weight), t('bias', [2], bias)], { format: 'pt' });
    expect(Array.from(ours)).toEqual(pythonFile);
  });

  it('reads unpadded headers (odd data offsets) and inputs that are views at odd offsets', () => {
    // Older writers did not pad; the data then starts at an unaligned position.
    const json = '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}';
    expect((8 + json.length) % 4).not.toBe(0);
    const bytes = file(json, f32Bytes([1.5, -2.25, 1e-45]));
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    for (const input of [bytes, big.subarray(3)]) {
      const out = decodeSafetensors(input);
      expect(Array.from(out.tensors.get('a')!.data)).toEqual([1.5, -2.25, Math.fround(1e-45)]);
    }
  });

  it('accepts tensors listed in any order in the JSON and zero-sized tensors', () => {
    const json =
      '{"z":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},' +
      '"e":{"shape":[0],"data_offsets":[4,4],"dtype":"F32"},' +
      '"y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const out = decodeSafetensors(file(json, f32Bytes([1, 2])));
    expect([...out.tensors.keys()]).toEqual(['y', 'e', 'z']); // file order
    expect(Array.from(out.tensors.get('z')!.data)).toEqual([2]);
    expect(out.tensors.get('e')!.data.length).toBe(0);
  });

  it('reads escaped names and tab/newline whitespace the JSON grammar allows', () => {
    const json = '{ "a\\u00e9\\u00C9\\ud83d\\ude00\\n\\"\\/" :\t{"dtype":"F32","shape":[ 1 ],"data_offsets":[0,4]}\n}';
    const out = decodeSafetensors(file(json, f32Bytes([3])));
    expect([...out.tensors.keys()]).toEqual(['aéÉ😀\n"/']);
  });

  it('the big-endian (DataView) path gives the same values and bytes as the byte-copy path', () => {
    const values = new Float32Array([0, -0, 1.5, -3.25e-40, 3.4028234663852886e38, -Infinity, 2 ** -149]);
    const le = new Uint8Array(5 + 4 * values.length);
    const be = new Uint8Array(5 + 4 * values.length);
    writeF32LE(le, 5, values, true);
    writeF32LE(be, 5, values, false);
    expect(Array.from(be)).toEqual(Array.from(le));
    expect(Array.from(le.subarray(5, 9 + 4))).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(bitsOf(readF32LE(le, 5, values.length, false))).toEqual(bitsOf(values));
    expect(bitsOf(readF32LE(le, 5, values.length, true))).toEqual(bitsOf(values));
  });
});

describe('encode rejects bad input', () => {
  it('with typed errors naming the tensor and the problem', () => {
    const ok = t('a', [2], [1, 2]);
    expect(() => encodeSafetensors([ok, t('a', [1], [1])])).toThrow(ValueError);
    expect(() => encodeSafetensors([ok, t('a', [1], [1])])).toThrow(/"a": the name appears twice/);
    expect(() => encodeSafetensors([t('__metadata__', [1], [1])])).toThrow(/reserved/);
    expect(() => encodeSafetensors([t('a', [2, 2], [1, 2, 3])])).toThrow(ShapeError);
    expect(() => encodeSafetensors([t('a', [2, 2], [1, 2, 3])])).toThrow(/shape \[2, 2\] holds 4 values, data has 3/);
    expect(() => encodeSafetensors([t('a', [-1], [])])).toThrow(/shape\[0\] must be a non-negative integer, got -1/);
    expect(() => encodeSafetensors([t('a', [1.5], [1])])).toThrow(ValueError);
    expect(() => encodeSafetensors([t('a\uD800', [1], [1])])).toThrow(/lone UTF-16 surrogate/);
    expect(() => encodeSafetensors([{ name: 'a', shape: [2], data: [1, 2] as unknown as Float32Array }])).toThrow(
      /data must be a Float32Array, got an array/,
    );
    expect(() => encodeSafetensors([ok], { a: 3 as unknown as string })).toThrow(/metadata\["a"\] must be a string/);
    expect(() => encodeSafetensors('x' as unknown as NamedTensor[])).toThrow(ValueError);
  });
});

describe('decode rejects malformed files with FormatError', () => {
  const entry = (shape = '[2]', offsets = '[0,8]', dtype = '"F32"') =>
    `{"dtype":${dtype},"shape":${shape},"data_offsets":${offsets}}`;
  const one = (e: string, data = f32Bytes([1, 2])) => file(`{"a":${e}}`, data);
  const two = (a: string, b: string, n: number) => file(`{"a":${a},"b":${b}}`, new Array<number>(n).fill(0));
  const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

  const corpus: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /only 0 bytes/],
    ['7 bytes', new Uint8Array(7), /only 7 bytes/],
    ['truncated header', file('{"a":1}').subarray(0, 12), /header length is 7 bytes, but only 4 bytes follow/],
    ['header length 2^60', file('{}', [], 2n ** 60n), /header length is 1152921504606846976 bytes, more than/],
    ['header length 2^64 - 1', file('{}', [], 2n ** 64n - 1n), /more than the 100000000-byte limit/],
    ['header length just over the limit', file('{}', [], 100_000_001n), /100000001 bytes, more than/],
    ['header longer than the file', file('{}', [], 1000n), /1000 bytes, but only 2 bytes follow/],
    ['zero-length header', file(''), /found an empty header/],
    ['not JSON', file('hello'), /must be a JSON object starting with '\{', found "hello"/],
    ['broken JSON', file('{"a":}'), /invalid safetensors header JSON at character 5: expected a JSON value/],
    ['unterminated JSON', file('{"a":{"dtype":"F32"'), /expected ',' or '\}', found the end/],
    ['JSON array', file('[]'), /starting with '\{', found "\[\]"/],
    ['JSON string', file('"x"'), /starting with '\{'/],
    ['leading whitespace', file(' {}'), /starting with '\{', found " \{\}"/],
    ['byte-order mark', file('\uFEFF{}'), /starting with '\{'/],
    ['garbage after the object', file('{}x'), /expected the end of the JSON text, found "x"/],
    ['NUL padding', file('{}\0\0\0\0\0\0'), /expected the end of the JSON text/],
    ['invalid UTF-8', file(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), /not valid UTF-8/],
    ['overlong UTF-8', file(new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])), /not valid UTF-8/],
    ['raw control character in a string', file('{"a\u0001":1}'), /raw control character/],
    ['lone surrogate escape', file('{"\\ud800":1}'), /low surrogate/],
    ['bad escape', file('{"\\x41":1}'), /valid escape/],
    ['nesting 100,000 deep', file(deep), /nested deeper than 64 levels/],
    ['tensor is not an object', file('{"a":1}'), /tensor "a" must be an object \{dtype, shape, data_offsets\}, found the number 1/],
    ['missing key', file('{"a":{"dtype":"F32","shape":[0]}}'), /tensor "a" is missing the key "data_offsets"/],
    ['extra key', one(entry().replace('}', ',"x":1}')), /unexpected key "x"/],
    ['dtype F16', one(entry('[4]', '[0,8]', '"F16"')), /dtype must be "F32".*found the string "F16"/],
    ['dtype F64', one(entry('[1]', '[0,8]', '"F64"')), /found the string "F64"/],
    ['dtype BF16', one(entry('[4]', '[0,8]', '"BF16"')), /found the string "BF16"/],
    ['dtype I32', one(entry('[2]', '[0,8]', '"I32"')), /found the string "I32"/],
    ['dtype not a string', one(entry('[2]', '[0,8]', '32')), /found the number 32/],
    ['lowercase dtype', one(entry('[2]', '[0,8]', '"f32"')), /found the string "f32"/],
    ['shape/bytes mismatch', one(entry('[3]')), /shape \[3\] needs 12 bytes of F32, but data_offsets \[0, 8\] span 8/],
    ['negative shape', one(entry('[-2]')), /shape\[0\] must be a non-negative integer below 2\^53, found the number -2/],
    ['fractional shape', one(entry('[1.5]')), /found the number 1.5/],
    ['integer-valued float shape', one(entry('[2.0]')), /found the number 2.0/],
    ['exponent shape', one(entry('[2e0]')), /found the number 2e0/],
    ['minus zero shape', one(entry('[-0,2]')), /found the number -0/],
    ['string shape entry', one(entry('["2"]')), /found the string "2"/],
    ['shape not an array', one(entry('2')), /shape must be an array of integers, found the number 2/],
    ['shape overflow', one(entry('[4503599627370496,4503599627370496]')), /too many elements/],
    ['huge offsets', one(entry('[2]', '[9007199254740992,9007199254740998]')), /below 2\^53/],
    ['three offsets', one(entry('[2]', '[0,8,8]')), /must be \[begin, end\], found an array of length 3/],
    ['begin > end', one(entry('[0]', '[8,0]')), /data_offsets \[8, 0\] must have begin <= end/],
    ['fractional offset', one(entry('[2]', '[0,8.5]')), /data_offsets\[1\] must be a non-negative integer/],
    ['offsets past the end', one(entry('[4]', '[0,16]')), /\[0, 16\] reach past the end of the data \(8 bytes follow/],
    [
      'overlapping tensors',
      two(entry('[2]', '[0,8]'), entry('[2]', '[4,12]'), 12),
      /tensor "b" \(bytes 4..12\) overlaps tensor "a" \(bytes 0..8\)/,
    ],
    [
      'identical ranges',
      two(entry('[2]', '[0,8]'), entry('[2]', '[0,8]'), 8),
      /overlaps/,
    ],
    [
      'zero-sized tensor inside another',
      two(entry('[2]', '[0,8]'), entry('[0]', '[4,4]'), 8),
      /tensor "b" \(bytes 4..4\) overlaps tensor "a"/,
    ],
    ['a gap', two(entry('[1]', '[0,4]'), entry('[1]', '[8,12]'), 12), /bytes 4..8 of the data belong to no tensor/],
    ['a gap at the start', one(entry('[1]', '[4,8]')), /bytes 0..4 of the data belong to no tensor/],
    ['trailing bytes', one(entry(), [...f32Bytes([1, 2]), 0]), /cover 8 bytes of data, but 9 bytes follow.*1 unused/],
    ['data with no tensors', file('{}', [0, 0, 0, 0]), /cover 0 bytes of data, but 4 bytes follow/],
    ['duplicate tensor names', file(`{"a":${entry()},"a":${entry()}}`, f32Bytes([1, 2])), /duplicate key "a"/],
    ['duplicate metadata', file('{"__metadata__":{},"__metadata__":{}}'), /duplicate key "__metadata__"/],
    ['duplicate metadata keys', file('{"__metadata__":{"k":"1","k":"2"}}'), /duplicate key "k"/],
    ['metadata not an object', file('{"__metadata__":"pt"}'), /__metadata__ must be an object of strings, found the string "pt"/],
    ['metadata value a number', file('{"__metadata__":{"epoch":3}}'), /__metadata__\["epoch"\] must be a string, found the number 3/],
    ['metadata value null', file('{"__metadata__":{"x":null}}'), /found null/],
  ];

  it.each(corpus)('%s', (_label, bytes, message) => {
    expect(() => decodeSafetensors(bytes)).toThrow(FormatError);
    expect(() => decodeSafetensors(bytes)).toThrow(message);
  });

  it('rejects input that is not a Uint8Array', () => {
    for (const x of [null, undefined, 'abc', [1, 2, 3], new ArrayBuffer(16), new Float32Array(4)]) {
      expect(() => decodeSafetensors(x as unknown as Uint8Array)).toThrow(FormatError);
    }
  });

  it('rejects every proper prefix of a valid file', () => {
    const bytes = encodeSafetensors([t('a', [2, 2], [1, 2, 3, 4]), t('b', [1], [5])], { k: 'v' });
    for (let len = 0; len < bytes.length; len++) {
      expect(() => decodeSafetensors(bytes.subarray(0, len))).toThrow(FormatError);
    }
  });
});

describe('property tests (fast-check)', () => {
  const nameArb = fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => s !== '__metadata__');
  const tensorArb = fc
    .tuple(nameArb, fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }))
    .chain(([name, shape]) => {
      const count = shape.reduce((a, b) => a * b, 1);
      return fc
        .float32Array({ minLength: count, maxLength: count })
        .map((data): NamedTensor => ({ name, shape, data }));
    });
  const filesArb = fc.uniqueArray(tensorArb, { maxLength: 4, selector: (x) => x.name });
  const metaArb = fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }), {
    nil: undefined,
  });

  /** decode either succeeds with a consistent result or throws FormatError: nothing else. */
  function decodeOrFormatError(bytes: Uint8Array): void {
    let out;
    try {
      out = decodeSafetensors(bytes);
    } catch (e) {
      if (e instanceof FormatError) return;
      throw e;
    }
    let total = 0;
    for (const { shape, data } of out.tensors.values()) {
      expect(data.length).toBe(shape.reduce((a, b) => a * b, 1));
      total += 4 * data.length;
    }
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(8 + n + total).toBe(bytes.length);
  }

  it('round trips any tensors bit for bit (NaN stays NaN)', () => {
    fc.assert(
      fc.property(filesArb, metaArb, (tensors, meta) => {
        const back = decodeSafetensors(encodeSafetensors(tensors, meta));
        expect(back.tensors.size).toBe(tensors.length);
        for (const x of tensors) {
          const got = back.tensors.get(x.name)!;
          expect(got.shape).toEqual(x.shape);
          expectSameFloats(got.data, x.data);
        }
        expect(back.metadata).toEqual(meta ?? {});
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('random bytes: only FormatError or a valid result', () => {
    const prefixed = fc
      .tuple(fc.integer({ min: 0, max: 80 }), fc.uint8Array({ maxLength: 80 }))
      .map(([n, rest]) => file(rest, [], BigInt(n)));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), prefixed), decodeOrFormatError), {
      numRuns: 2000,
      seed: 2,
    });
  });

  it('mutated valid files (flip, insert, delete, truncate, change header length): only FormatError or a valid result', () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('length' as const), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
      fc.record({ op: fc.constant('nudge' as const), delta: fc.integer({ min: -9, max: 9 }) }),
    );
    fc.assert(
      fc.property(filesArb, metaArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), (tensors, meta, muts) => {
        let b = Array.from(encodeSafetensors(tensors, meta));
        for (const m of muts) {
          const at = 'at' in m ? m.at % (b.length + 1) : 0;
          if (m.op === 'flip' && at < b.length) b[at]! ^= 1 << m.bit;
          else if (m.op === 'set' && at < b.length) b[at] = m.byte;
          else if (m.op === 'insert') b.splice(at, 0, m.byte);
          else if (m.op === 'delete') b.splice(at, 1);
          else if (m.op === 'truncate') b = b.slice(0, at);
          else if (b.length >= 8 && (m.op === 'length' || m.op === 'nudge')) {
            const dv = new DataView(new Uint8Array(b.slice(0, 8)).buffer);
            const old = dv.getBigUint64(0, true);
            const next = m.op === 'length' ? m.value : old + BigInt(m.delta);
            dv.setBigUint64(0, BigInt.asUintN(64, next), true);
            b.splice(0, 8, ...new Uint8Array(dv.buffer));
          }
        }
        decodeOrFormatError(new Uint8Array(b));
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});
