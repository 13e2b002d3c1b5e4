// numpy's legacy generator, `np.random.RandomState`, bit for bit: so a learner can port a
// notebook line by line (`np.random.seed(3); W = np.random.randn(4, 2) * 0.01`) and get the
// notebook's numbers.
//
// What numpy does, and so what this does:
// - MT19937 (Matsumoto & Nishimura 1998). `seed(int)` is init_genrand on the 32-bit seed; an
//   array seed goes through init_by_array (numpy's `_legacy_seeding`). Seeding clears the
//   cached Gaussian.
// - `random_sample`: a 53-bit double from two draws, ((a >> 5)·2^26 + (b >> 6)) / 2^53.
// - `randn`/`normal`: the legacy polar method, which makes two values per accepted pair and
//   caches the second, so an odd count carries one over to the next call (`legacy_gauss`). Its
//   sqrt(-2·log(r2)/r2) uses a correctly rounded log (log.ts): numpy calls the C library's,
//   and glibc's misrounds about 8 in 10,000 arguments, so about 1 Gaussian in 1,250 differs from
//   numpy on Linux by an ulp (test/numpy/random-state.test.ts shows the case and the measurement).
// - `uniform(low, high)`: low + (high - low)·random_sample.
// - `randint` and `shuffle`/`permutation`: masked rejection on 32-bit draws (the mask is the
//   smallest 2^k - 1 covering the range; 64-bit draws for ranges beyond 32 bits), and
//   Fisher-Yates from the end, j = interval(i) for i = n-1 .. 1 (`random_interval`).
// Arrays come back as Float64Array (ints as Int32Array or Float64Array when they exceed int32)
// in numpy's `.ravel()` order (C order: the last dimension fastest).
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import { log } from './log.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** The state as `get_state()` gives it: ('MT19937', keys, pos, has_gauss, cached_gaussian). */
export interface RandomStateState {
  name: 'MT19937';
  keys: Uint32Array;
  pos: number;
  hasGauss: boolean;
  cachedGaussian: number;
}

/** A size: a count, or numpy's shape tuple as an array of dimensions. */
export type Size = number | readonly number[];

function checkSeedWord(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new ValueError(`${where}: seed must be an integer between 0 and 2**32 - 1 (as numpy's), got ${typeof v === 'number' ? v : describe(v)}`);
  }
  return v;
}

/** The number of values and the dims of a size argument (undefined: one value, a scalar). */
function sizeOf(size: Size | undefined, where: string): number | undefined {
  if (size === undefined) return undefined;
  const dims = typeof size === 'number' ? [size] : size;
  if (!Array.isArray(dims) && !(typeof size === 'number')) throw new ValueError(`${where}: size must be a number or an array of dimensions, got ${describe(size)}`);
  let n = 1;
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw new ValueError(`${where}: size must be non-negative integers, got ${JSON.stringify(size)}`);
    n *= d;
  }
  return n;
}

function finite(v: unknown, name: string, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${where}: ${name} must be a finite number, got ${typeof v === 'number' ? v : describe(v)}`);
  return v;
}

export class RandomStateImpl {
  #mt = new Uint32Array(N);
  #pos = N;
  #hasGauss = false;
  #gauss = 0;

  constructor(seed?: number | readonly number[]) {
    this.seed(seed);
  }

  /** Reseeds as `np.random.seed(seed)`: an integer in [0, 2**32 - 1], or a non-empty array of them; none: from the platform's entropy. */
  seed(seed?: number | readonly number[]): void {
    if (seed === undefined) {
      const words = new Uint32Array(N);
      globalThis.crypto.getRandomValues(words);
      this.#initByArray(words);
    } else if (typeof seed === 'number') {
      this.#initGenrand(checkSeedWord(seed, 'RandomState'));
    } else if (Array.isArray(seed) || ArrayBuffer.isView(seed)) {
      const a = seed as ArrayLike<unknown>;
      if (a.length === 0) throw new ValueError('RandomState: seed must be non-empty');
      const words = new Uint32Array(a.length);
      for (let i = 0; i < a.length; i++) words[i] = checkSeedWord(a[i], 'RandomState');
      this.#initByArray(words);
    } else {
      throw new ValueError(`RandomState: seed must be an integer between 0 and 2**32 - 1 or an array of them, got ${describe(seed)}`);
    }
    this.#hasGauss = false;
    this.#gauss = 0;
  }

  #initGenrand(s: number): void {
    const mt = this.#mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32, with the product split to stay exact.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.#pos = N;
  }

  #initByArray(key: Uint32Array): void {
    this.#initGenrand(19650218);
    const mt = this.#mt;
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.#pos = N;
  }

  #twist(): void {
    const mt = this.#mt;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
      mt[k] = mt[k + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; k < N - 1; k++) {
      const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER);
      mt[k] = mt[k + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#pos = 0;
  }

  /** The next 32-bit output (genrand_int32), as a non-negative number. */
  nextUint32(): number {
    if (this.#pos >= N) this.#twist();
    let y = this.#mt[this.#pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One double in [0, 1) from two draws (numpy's random_sample). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One standard normal value by the legacy polar method, with its cached second value. */
  nextGauss(): number {
    if (this.#hasGauss) {
      this.#hasGauss = false;
      const g = this.#gauss;
      this.#gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    // numpy's C log, rounded as glibc rounds it (Math.log is off by an ulp now and then).
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /** An integer in [0, max] by masked rejection (numpy's random_interval). */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      mask >>>= 0;
      let v: number;
      do v = (this.nextUint32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    // Ranges beyond 32 bits: 64-bit draws (high word first), masked, up to 2^53.
    const mask = 2 ** Math.ceil(Math.log2(max + 1)) - 1;
    const hiMask = Math.floor(mask / 4294967296);
    let v: number;
    do {
      const hi = this.nextUint32() & hiMask;
      const lo = this.nextUint32();
      v = (hi >>> 0) * 4294967296 + lo;
    } while (v > max);
    return v;
  }

  /** `rand(d0, d1, ...)`: uniform [0, 1) values of that shape (raveled); no dims: one number. */
  rand(...dims: number[]): number | Float64Array {
    if (dims.length === 0) return this.nextDouble();
    return this.#fill(sizeOf(dims, 'rand')!, () => this.nextDouble());
  }

  /** `random_sample(size)`. */
  randomSample(size?: Size): number | Float64Array {
    const n = sizeOf(size, 'randomSample');
    return n === undefined ? this.nextDouble() : this.#fill(n, () => this.nextDouble());
  }

  /** `randn(d0, d1, ...)`: standard normal values of that shape (raveled); no dims: one number. */
  randn(...dims: number[]): number | Float64Array {
    if (dims.length === 0) return this.nextGauss();
    return this.#fill(sizeOf(dims, 'randn')!, () => this.nextGauss());
  }

  /** `normal(loc, scale, size)`: loc + scale·gauss. */
  normal(loc = 0, scale = 1, size?: Size): number | Float64Array {
    finite(loc, 'loc', 'normal');
    if (finite(scale, 'scale', 'normal') < 0) throw new ValueError(`normal: scale must be >= 0, got ${scale}`);
    const n = sizeOf(size, 'normal');
    const one = (): number => loc + scale * this.nextGauss();
    return n === undefined ? one() : this.#fill(n, one);
  }

  /** `uniform(low, high, size)`: low + (high - low)·random_sample. */
  uniform(low = 0, high = 1, size?: Size): number | Float64Array {
    finite(low, 'low', 'uniform');
    finite(high, 'high', 'uniform');
    const range = high - low;
    if (!Number.isFinite(range)) throw new ValueError(`uniform: high - low must be finite, got ${high} - ${low}`);
    const n = sizeOf(size, 'uniform');
    const one = (): number => low + range * this.nextDouble();
    return n === undefined ? one() : this.#fill(n, one);
  }

  /** `randint(low, high, size)`: integers in [low, high); `randint(high)` is [0, high). */
  randint(low: number, high?: number, size?: Size): number | Float64Array {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    for (const [name, v] of [
      ['low', low],
      ['high', high],
    ] as const) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ValueError(`randint: ${name} must be an integer, got ${typeof v === 'number' ? v : describe(v)}`);
    }
    if (!(low < high)) throw new ValueError(`randint: low >= high (${low} >= ${high})`);
    const max = high - 1 - low;
    const n = sizeOf(size, 'randint');
    const one = (): number => low + this.interval(max);
    return n === undefined ? one() : this.#fill(n, one);
  }

  /** `permutation(n)`: a shuffled arange(n). */
  permutation(n: number): Float64Array {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ValueError(`permutation: n must be an integer >= 0, got ${typeof n === 'number' ? n : describe(n)}`);
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    this.shuffle(a);
    return a;
  }

  /** `shuffle(x)`: shuffles an array (or typed array) in place along its first index. */
  shuffle<T extends { length: number; [i: number]: unknown }>(x: T): T {
    if (typeof x !== 'object' || x === null || typeof x.length !== 'number') throw new ValueError(`shuffle: x must be an array, got ${describe(x)}`);
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j]!;
      x[j] = t;
    }
    return x;
  }

  /** `get_state()`, as an object (the keys copied). */
  getState(): RandomStateState {
    return { name: 'MT19937', keys: this.#mt.slice(), pos: this.#pos, hasGauss: this.#hasGauss, cachedGaussian: this.#gauss };
  }

  /** `set_state(state)`: a state from getState (or numpy's, with its fields named as here). */
  setState(state: RandomStateState): void {
    if (typeof state !== 'object' || state === null || state.name !== 'MT19937') {
      throw new ValueError(`setState: state must be { name: 'MT19937', keys, pos, hasGauss, cachedGaussian }, got ${describe(state)}`);
    }
    const keys = state.keys as ArrayLike<number>;
    if (!keys || keys.length !== N) throw new ValueError(`setState: keys must hold ${N} 32-bit words, got ${keys ? keys.length : describe(keys)}`);
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > N) throw new ValueError(`setState: pos must be an integer in [0, ${N}], got ${state.pos}`);
    for (let i = 0; i < N; i++) this.#mt[i] = checkSeedWord(keys[i], 'setState');
    this.#pos = state.pos;
    this.#hasGauss = Boolean(state.hasGauss);
    this.#gauss = state.hasGauss ? finite(state.cachedGaussian, 'cachedGaussian', 'setState') : 0;
  }

  #fill(n: number, draw: () => number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = draw();
    return out;
  }
}

/** `sb.numpy.RandomState(seed)`, with or without `new`. */
export interface RandomStateConstructor {
  new (seed?: number | readonly number[]): RandomStateImpl;
  (seed?: number | readonly number[]): RandomStateImpl;
  readonly prototype: RandomStateImpl;
}

export type RandomState = RandomStateImpl;

export const RandomState = function RandomState(seed?: number | readonly number[]): RandomStateImpl {
  return new RandomStateImpl(seed);
} as unknown as RandomStateConstructor;
(RandomState as unknown as { prototype: unknown }).prototype = RandomStateImpl.prototype;
