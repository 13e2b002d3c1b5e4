// Loads the WebAssembly core once, the same way in Node and in browsers: the module's bytes
// are embedded in JS (wasm.generated.ts), so there is no URL to resolve and no bundler plugin
// to configure. The instance's exports are bound to the typed ABI (abi.generated.ts).
import { coreWasmBase64 } from './wasm.generated.js';
import { bindExports, type RawExports } from './abi.generated.js';
import { NotReadyError, SymbreakError } from '../errors.js';

let loaded = false;
let loading: Promise<void> | null = null;

// The smallest module that uses a SIMD instruction (i8x16.splat, i8x16.popcnt): the same
// probe wasm-feature-detect uses. If it does not validate, the engine has no WASM SIMD.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253,
  98, 11,
]);

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // atob exists in browsers and in Node >= 16, and is exact for base64.
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function load(): Promise<void> {
  if (typeof WebAssembly === 'undefined') {
    throw new SymbreakError('symbreak needs WebAssembly, and this engine has none');
  }
  if (!WebAssembly.validate(SIMD_PROBE)) {
    throw new SymbreakError(
      'symbreak needs WebAssembly SIMD (128-bit), and this engine does not support it ' +
        '(Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4 do)',
    );
  }
  const bytes = decodeBase64(coreWasmBase64);
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        // Only reachable when the heap cannot grow (out of memory).
        throw new SymbreakError(`the WebAssembly core aborted (line ${line}, column ${column}): out of memory?`);
      },
    },
  };
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, imports);
  bindExports(instance.exports as unknown as RawExports);
  loaded = true;
}

/**
 * Compiles and instantiates the WebAssembly core. Idempotent: later calls resolve at once.
 * Every numeric call before it throws `NotReadyError`.
 */
export function ready(): Promise<void> {
  if (loaded) return Promise.resolve();
  if (!loading) {
    loading = load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/** True once `ready()` has resolved. */
export function isReady(): boolean {
  return loaded;
}

/** Throws NotReadyError before `ready()` (for entry points that check before allocating). */
export function requireReady(): void {
  if (!loaded) throw new NotReadyError('the WebAssembly core is not loaded: call `await sb.ready()` first');
}
