// Little-endian float32 <-> bytes at any byte offset. Files store float32 little-endian; a
// typed-array view would need 4-byte alignment and the host's byte order. On a little-endian host
// (every current browser and Node platform) a byte copy is exact (NaN payloads included) and
// alignment-free; on a big-endian host DataView swaps each value.

/** True when the host stores numbers little-endian. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * `count` float32 values read from `bytes` at `byteOffset` (little-endian), as a new array that
 * shares no memory with `bytes`. The caller checks that the range lies inside `bytes`.
 */
export function readF32LE(
  bytes: Uint8Array,
  byteOffset: number,
  count: number,
  hostLittleEndian = HOST_LITTLE_ENDIAN,
): Float32Array {
  const out = new Float32Array(count);
  if (hostLittleEndian) {
    new Uint8Array(out.buffer).set(bytes.subarray(byteOffset, byteOffset + 4 * count));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, 4 * count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Writes `values` into `target` at `byteOffset`, little-endian. */
export function writeF32LE(
  target: Uint8Array,
  byteOffset: number,
  values: Float32Array,
  hostLittleEndian = HOST_LITTLE_ENDIAN,
): void {
  if (hostLittleEndian) {
    target.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), byteOffset);
    return;
  }
  const view = new DataView(target.buffer, target.byteOffset + byteOffset, values.byteLength);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
}
