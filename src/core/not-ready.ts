// Before `ready()` the core's exports are this stand-in: any use throws NotReadyError, so no
// wrapper needs its own check and the bound exports cost nothing extra afterwards.
import { NotReadyError } from '../errors.js';

export function notReady<T extends object>(): T {
  return new Proxy({} as T, {
    get(): never {
      throw new NotReadyError('the WebAssembly core is not loaded: call `await sb.ready()` first');
    },
  });
}
