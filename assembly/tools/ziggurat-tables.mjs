#!/usr/bin/env node
// Recomputes the tables of the 128-layer ziggurat for the standard normal in
// src/init/ziggurat-tables.ts (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random
// Variables", J. Stat. Software 5(8)), f(x) = exp(-x²/2), and prints that file's text.
//
//   node assembly/tools/ziggurat-tables.mjs > src/init/ziggurat-tables.ts
//
// No dependencies and no Math.exp/Math.log (not exactly specified in JavaScript): everything is
// BigInt fixed point with PREC fraction bits, far beyond float64, and each value is rounded to the
// nearest float64 once at the end (JavaScript then prints the shortest decimal that reads back
// to the same bits). The tables were first generated with mpmath at 60 digits; this script gives
// the same bits (test/tools/generated-tables.test.ts checks it).
//
// The construction: every layer has the same area v. With x_127 = r,
//   v = r·f(r) + ∫_r^∞ f           (the base layer: a rectangle plus the tail)
//   f(x_{i-1}) = f(x_i) + v/x_i     (layer i, i = 127 .. 2: x_i·(f(x_{i-1}) - f(x_i)) = v)
// and r is solved so that the top layer closes: x_1·(1 - f(x_1)) = v.
// Then ZIG_X[0] = v/f(r), ZIG_F[i] = f(x_i) (ZIG_F[0] = 1) and ZIG_K[i] = floor(2^31·x_{i-1}/x_i),
// ZIG_K[0] = floor(2^31·r/ZIG_X[0]), ZIG_K[1] = 0, computed from the exact values.

import { fileURLToPath } from 'node:url';
import { fixedPoint } from './fixed-point.mjs';

const LAYERS = 128;
const { PREC, ONE, mul, div, sqrt, exp, log, PI, fromNumber, toNumber } = fixedPoint(320);

/** f(x) = e^{-x²/2}. */
const f = (x) => exp(-(mul(x, x) >> 1n));

/** ∫_r^∞ e^{-t²/2} dt = √(π/2) - Σ_n (-1)^n r^{2n+1}/(2^n n! (2n+1)). */
function tail(r) {
  const r2 = mul(r, r) >> 1n;
  let term = r; // r^{2n+1} / (2^n n!) with its sign
  let sum = 0n;
  for (let n = 0n; term !== 0n; n++) {
    sum += term / (2n * n + 1n);
    term = -mul(term, r2) / (n + 1n);
  }
  return sqrt(PI >> 1n) - sum;
}

/** The layers for a given r: x[1..127], v, and how far the top misses: v/x_1 + f(x_1) - 1. */
function ladder(r) {
  const v = mul(r, f(r)) + tail(r);
  const x = new Array(LAYERS);
  x[LAYERS - 1] = r;
  let fx = f(r);
  for (let i = LAYERS - 1; i >= 2; i--) {
    const y = fx + div(v, x[i]);
    if (y >= ONE) return { x, v, miss: ONE }; // r too small: the ladder overshoots the top
    x[i - 1] = sqrt(-2n * log(y));
    fx = y;
  }
  return { x, v, miss: div(v, x[1]) + fx - ONE };
}

/**
 * Solves miss(r) = 0 by the Illinois variant of regula falsi, from a bracket, until |miss| <
 * 2^-280: r to about 280 bits, far past float64 and above the noise of PREC-bit arithmetic.
 */
const TOL = ONE >> 280n;
function solve() {
  let a = fromNumber(3.0), b = fromNumber(4.0);
  let fa = ladder(a).miss, fb = ladder(b).miss;
  if (fa === 0n || fb === 0n || (fa > 0n) === (fb > 0n)) throw new Error('no bracket');
  let side = 0;
  for (let it = 0; it < 400; it++) {
    const c = b - (fb * (b - a)) / (fb - fa);
    const fc = ladder(c).miss;
    if ((fc < 0n ? -fc : fc) < TOL) return c;
    if ((fc > 0n) === (fb > 0n)) {
      b = c; fb = fc;
      if (side === -1) fa /= 2n;
      side = -1;
    } else {
      a = c; fa = fc;
      if (side === 1) fb /= 2n;
      side = 1;
    }
  }
  throw new Error('no convergence');
}

/** The tables as numbers, plus r and v. */
export function zigguratTables() {
  const r = solve();
  const { x, v } = ladder(r);
  const fr = f(r);
  x[0] = div(v, fr);
  const fv = new Array(LAYERS);
  fv[0] = ONE;
  for (let i = 1; i < LAYERS; i++) fv[i] = f(x[i]);
  const two31 = 1n << 31n;
  const k = new Array(LAYERS);
  k[0] = (two31 * r) / x[0];
  k[1] = 0n;
  for (let i = 2; i < LAYERS; i++) k[i] = (two31 * x[i - 1]) / x[i];
  return {
    r: toNumber(r),
    v: toNumber(v),
    x: Float64Array.from(x, toNumber),
    f: Float64Array.from(fv, toNumber),
    k: Int32Array.from(k, Number),
  };
}

function decimal(d) {
  const s = String(d);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
function rows(values, perLine, fmt) {
  const out = [];
  for (let i = 0; i < values.length; i += perLine) {
    out.push(`  ${Array.from(values.slice(i, i + perLine), fmt).join(', ')},`);
  }
  return out.join('\n');
}

/** The text of src/init/ziggurat-tables.ts for the given tables. */
export function zigguratTablesSource(t = zigguratTables()) {
  return `// Tables of the 128-layer ziggurat for the standard normal (Marsaglia & Tsang 2000, "The Ziggurat
// Method for Generating Random Variables", J. Stat. Software 5(8)), for f(x) = exp(-x²/2).
// GENERATED once with mpmath at 60 digits (r solved so that the 128 layers of equal area
// v close exactly at the top), then rounded to the nearest float64 and written as the shortest
// decimal that reads back to the same bits: exact constants, not computed at run time (Math.exp
// and Math.log are not exactly specified in JavaScript). test/init/ziggurat.test.ts recomputes them.
//   r = ${t.r}  (right edge of the base layer; the tail starts here)
//   v = ${t.v}  (area of every layer, tail included)

/** Right edge of the base layer: |z| beyond it comes from the tail algorithm. */
export const ZIG_R = ${t.r};

/**
 * ZIG_X[i] = x_i, the right edge of layer i (x_1 < x_2 < ... < x_127 = r); ZIG_X[0] = v / f(r),
 * the width of the base rectangle that carries the tail's area.
 */
export const ZIG_X = new Float64Array([
${rows(t.x, 4, decimal)}
]);

/** ZIG_F[i] = f(x_i) = exp(-x_i²/2); ZIG_F[0] = 1 (f at the top). */
export const ZIG_F = new Float64Array([
${rows(t.f, 4, decimal)}
]);

/**
 * ZIG_K[i] = floor(2^31 · x_(i-1) / x_i): a signed 31-bit draw j with |j| < ZIG_K[i] lands inside
 * layer i's rectangle under the curve (accept at once); ZIG_K[0] = floor(2^31 · r / ZIG_X[0]);
 * ZIG_K[1] = 0 (the top layer has no such part).
 */
export const ZIG_K = new Int32Array([
${rows(t.k, 6, String)}
]);
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(zigguratTablesSource());
}
