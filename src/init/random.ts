// Seeded random streams: the only source of randomness in symbreak (Math.random is never used).
//
// Generator: seedrandom's xor4096, Richard Brent's xorgens 4096 ("Some long-period random number
// generators using shifts and xors", 2010): a 4096-bit xorshift generator combined with a Weyl
// sequence. Why this one of seedrandom's algorithms:
// - quality: passes the BigCrush battery (seedrandom's README; xor128 and xorwow do not);
// - period: 2^4096 - 1 times 2^32, so streams derived from different seeds cannot overlap in
//   practice, however many layers or datasets draw from them;
// - speed: the fastest of seedrandom's generators in Node 20 on this project's machine (3.8 ns per
//   32-bit draw, against 7.5 for alea and 12 for tychei, measured once);
// - state: 128 int32 words (512 bytes) plus two counters, cheap enough to give every layer its own;
// - exactness: seeding and stepping use only 32-bit integer operations (^, <<, >>>, |0) and
//   String.charCodeAt: no rounding anywhere, so every engine produces the same bits.
//
// Seeds: a number is used through its decimal string (String(n), exactly specified by ECMAScript;
// seedrandom's own integer path is not used), so randomStream(1) and randomStream('1') are the
// same stream, 0 is a seed like any other, and a stream's `seed` string alone reproduces it:
// randomStream(s.seed) starts s over.
//
// Normals: the ziggurat (see normal()), with fdlibm ports of exp and log (./float64.ts) and
// exact tables (./ziggurat-tables.ts), so Gaussian bits do not depend on the host's Math either.
import seedrandom from 'seedrandom';
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import { exp, log } from '../util/float64.js';
import { ZIG_F, ZIG_K, ZIG_R, ZIG_X } from './ziggurat-tables.js';

export interface RandomStream {
  /** The string this stream was seeded with: randomStream(seed) restarts it. */
  readonly seed: string;
  /** A uniform integer in [0, 2^32). */
  uint32(): number;
  /** A uniform float64 in [0, 1) with 53 random bits (multiples of 2^-53). */
  uniform(): number;
  /** A standard normal N(0, 1) float64 (the ziggurat method, engine-independent bits). */
  normal(): number;
  /**
   * An independent stream derived from this stream's seed and `label` only (not from how many
   * draws were made), so `net.child('layer0')` is the same stream before and after drawing.
   * Its seed is `${seed}/${label}` for a number label and `${seed}/${JSON.stringify(label)}`
   * for a string label, so child(1) and child('1') differ, and child('a/b') differs from
   * child('a').child('b').
   */
  child(label: string | number): RandomStream;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

// ZIG_W[i] = x_i / 2^31: a signed 32-bit draw times ZIG_W[i] is uniform on (-x_i, x_i). Exact
// (division by a power of two).
const ZIG_W = ZIG_X.map((x) => x / 2147483648);

class Xor4096Stream implements RandomStream {
  readonly seed: string;
  readonly #next: () => number;
  // Layer indices of the ziggurat come 7 bits at a time from a draw of their own (4 per draw).
  #layerBits = 0;
  #layersLeft = 0;

  constructor(seed: string) {
    this.seed = seed;
    this.#next = seedrandom.xor4096(seed).int32;
  }

  uint32(): number {
    return this.#next() >>> 0;
  }

  uniform(): number {
    // 27 + 26 bits, as in the Mersenne Twister's genrand_res53: exact in float64.
    const hi = this.#next() >>> 5;
    const lo = this.#next() >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  normal(): number {
    // The ziggurat (Marsaglia & Tsang 2000) with 128 layers of equal area under exp(-x²/2): a
    // layer i and a signed 32-bit j give x = j·x_i/2^31; when |x| < x_(i-1) (98.8% of draws) x is
    // accepted at once: one draw and a multiplication, no log, no sqrt. Otherwise the base
    // layer samples the tail |x| > r (Marsaglia 1964), and the other layers accept x when a
    // uniform point of the layer's wedge lies under the curve. Following Doornik (2005,
    // "An Improved Ziggurat Method to Generate Normal Random Samples"), the layer index comes
    // from other bits than j, so the value and the layer are independent. The tables are exact
    // constants and exp/log are fdlibm ports: the bits do not depend on the host's Math.
    for (;;) {
      if (this.#layersLeft === 0) {
        this.#layerBits = this.#next();
        this.#layersLeft = 4;
      }
      const i = this.#layerBits & 127;
      this.#layerBits >>>= 8;
      this.#layersLeft--;
      const j = this.#next();
      const x = j * ZIG_W[i]!;
      if ((j < 0 ? -j : j) < ZIG_K[i]!) return x;
      if (i === 0) {
        // The tail beyond r: x = r + e1/r with e1, e2 exponential, accepted when 2 e2 >= (e1/r)².
        // 1 - u is in (0, 1], so log never sees 0.
        let t: number;
        let e: number;
        do {
          t = -log(1 - this.uniform()) / ZIG_R;
          e = -log(1 - this.uniform());
        } while (e + e < t * t);
        return j < 0 ? -(ZIG_R + t) : ZIG_R + t;
      }
      const f0 = ZIG_F[i]!;
      if (f0 + this.uniform() * (ZIG_F[i - 1]! - f0) < exp(-0.5 * x * x)) return x;
    }
  }

  child(label: string | number): RandomStream {
    if (typeof label === 'number') {
      if (!Number.isFinite(label)) {
        throw new ValueError(`child(label): a number label must be finite, got ${label}`);
      }
      return new Xor4096Stream(`${this.seed}/${String(label)}`);
    }
    if (typeof label === 'string') return new Xor4096Stream(`${this.seed}/${JSON.stringify(label)}`);
    throw new ValueError(`child(label): label must be a string or a number, got ${describe(label)}`);
  }
}

/**
 * A seeded random stream (xor4096). `seed` is a finite number (0 included) or a string; a number
 * seeds the same stream as its decimal string.
 */
export function randomStream(seed: number | string): RandomStream {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new ValueError(`seed must be a finite number or a string, got ${seed}`);
    return new Xor4096Stream(String(seed));
  }
  if (typeof seed === 'string') return new Xor4096Stream(seed);
  throw new ValueError(`seed must be a finite number or a string, got ${describe(seed)}`);
}

/** True when `x` has the methods of a RandomStream (for argument checks). */
export function isRandomStream(x: unknown): x is RandomStream {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.uint32 === 'function' && typeof r.uniform === 'function' && typeof r.normal === 'function';
}

/**
 * A uniform integer in [0, n), 1 <= n <= 2^32, without modulo bias: draws in the last partial
 * block of 2^32 are rejected (at most one expected retry).
 */
export function randomIndex(rng: RandomStream, n: number): number {
  const limit = 4294967296 - (4294967296 % n);
  let x = rng.uint32();
  while (x >= limit) x = rng.uint32();
  return x % n;
}
