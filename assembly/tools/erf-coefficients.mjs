#!/usr/bin/env node
// The constants of erf and erfc in assembly/kernels/math.ts: where they come from, re-derived
// where they can be, and checked against the bit patterns committed there.
//
//   node assembly/tools/erf-coefficients.mjs     (prints them and checks math.ts)
//
// 1. erfSeries64, erf(x)/x for |x| <= 1/2: the Maclaurin series (Abramowitz & Stegun 7.1.5)
//    erf(x)/x = 2/√π · Σ_n (-1)^n x^{2n}/(n!(2n+1)), n = 0..10. Each coefficient is re-derived
//    here in BigInt fixed point (π by Machin's formula) and rounded to the nearest float64: they
//    must equal the committed ones bit for bit.
// 2. erfcTail64's argument map s = (t - t_mid)/t_half, t = 1/(1 + |x|/2) over |x| in [1/2, 11],
//    t in [2/13, 4/5]: t_mid = (t_lo + t_hi)/2 and 1/t_half = 1/((t_hi - t_lo)/2), evaluated in
//    float64 from t_lo = 1/(1 + 11/2), t_hi = 1/(1 + 1/4): the committed bits are exactly this
//    chain's (evidently how they were made). t_mid is 31/65 rounded to nearest; 1/t_half is one
//    ulp below 65/21 rounded to nearest, harmless since G's fit is checked with this same map.
// 3. erfcTail64's G(s) ≈ e^{x²}·erfc(x), degree 11: a FIT made for this library (math.ts:
//    "weighted least squares with Lawson iterations against mpmath on [1/2, 11]; relative error
//    7e-11"). The fitting script is not in the repository and a Lawson iteration does not
//    reproduce its last bits from a description, so these are not re-derived: they are
//    recorded here as committed (bit patterns), and the fit's claim is checked instead, by
//    evaluating G in float64 exactly as the kernel does against e^{x²}·erfc(x) computed in
//    BigInt fixed point, on a dense grid of [1/2, 11].
//    They are not fdlibm's s_erf.c constants: fdlibm uses rational approximations on four
//    intervals (pp/qq on [0, 0.84375), pa/qa on [0.84375, 1.25), ra/sa and rb/sb beyond), not
//    one polynomial in t = 1/(1 + x/2).

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixedPoint } from './fixed-point.mjs';

const hex64 = (d) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, d);
  return `0x${b.getBigUint64(0).toString(16).toUpperCase().padStart(16, '0')}`;
};
const fromHex64 = (h) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setBigUint64(0, BigInt(h));
  return b.getFloat64(0);
};

/** G's coefficients as committed, s^11 first (the fit; see 3 above). */
/** The erfc tail's relative error as assembly/kernels/math.ts states it. */
export const ERFC_TAIL_STATED_ERROR = 7e-11;

export const ERFC_TAIL_G_BITS = [
  '0x3E90EDFC0A647D88', '0x3E2922558B21B987', '0xBECE0B8F8D925932', '0x3ECF4D6E3627AAB3',
  '0x3F077AC2A4534045', '0xBF1627D06AA84228', '0xBF48CCDCB9D80DB6', '0x3F4E5F806C01C574',
  '0x3F95964938F93612', '0x3FB8AA957EE33A88', '0x3FD0C39C72C0030A', '0x3FCE3B5B6AB38768',
];

/** erfSeries64's coefficients, x^20 first: 2/√π·(-1)^n/(n!(2n+1)) for n = 10 .. 0, nearest float64. */
export function erfSeriesCoefficients() {
  const { ONE, sqrt, div, PI, toNumber } = fixedPoint(256);
  const twoOverSqrtPi = div(2n * ONE, sqrt(PI));
  const out = [];
  let fact = 1n;
  for (let n = 0n; n <= 10n; n++) {
    if (n > 0n) fact *= n;
    const c = twoOverSqrtPi / (fact * (2n * n + 1n));
    out.push(toNumber(n % 2n === 0n ? c : -c));
  }
  return Float64Array.from(out.reverse());
}

/** erfcTail64's map constants, by the float64 chain of 2 above (IEEE operations: exact in JS). */
export function erfcTailMap() {
  const tLo = 1 / (1 + 11 * 0.5);
  const tHi = 1 / (1 + 0.5 * 0.5);
  return { tMid: (tLo + tHi) / 2, tInvHalf: 1 / ((tHi - tLo) / 2) };
}

/** G's coefficients as float64, s^11 first. */
export function erfcTailCoefficients() {
  return Float64Array.from(ERFC_TAIL_G_BITS, fromHex64);
}

/** G(x) as erfcTail64 evaluates it before the e^{-x²} factor, in float64. */
function gKernel(x, g, map) {
  const t = 1.0 / (1.0 + x * 0.5);
  const s = (t - map.tMid) * map.tInvHalf;
  let p = g[0];
  for (let i = 1; i < g.length; i++) p = p * s + g[i];
  return p;
}

/**
 * The largest |G_kernel(x) / (e^{x²}·erfc(x)) - 1| over `points` + 1 equally spaced x in
 * [1/2, 11], the reference from the series of erf in BigInt fixed point at 640 bits (at x = 11
 * the terms reach 2^175 and erfc is 2^-180, so that keeps well over 200 bits).
 */
export function erfcTailMaxRelError(points = 2100) {
  const { ONE, mul, div, sqrt, exp, PI, fromNumber, toNumber } = fixedPoint(640);
  const twoOverSqrtPi = div(2n * ONE, sqrt(PI));
  const g = erfcTailCoefficients();
  const map = erfcTailMap();
  let worst = 0;
  let at = 0;
  for (let i = 0; i <= points; i++) {
    const x = 0.5 + (10.5 * i) / points;
    const X = fromNumber(x);
    const x2 = mul(X, X);
    let term = X; // x^{2n+1}/n! with its sign
    let sum = 0n;
    for (let n = 0n; term !== 0n; n++) {
      sum += term / (2n * n + 1n);
      term = -mul(term, x2) / (n + 1n);
    }
    const erfc = ONE - mul(twoOverSqrtPi, sum);
    const ref = toNumber(mul(exp(x2), erfc));
    const err = Math.abs(gKernel(x, g, map) / ref - 1);
    if (err > worst) {
      worst = err;
      at = x;
    }
  }
  return { maxRelError: worst, at };
}

/** The committed constants, parsed from the text of assembly/kernels/math.ts. */
export function committedErfConstants(mathTs) {
  const body = (name) => {
    const start = mathTs.indexOf(`function ${name}(`);
    if (start < 0) throw new Error(`${name} not found`);
    return mathTs.slice(start, mathTs.indexOf('\n}\n', start));
  };
  const splats = (text) => Array.from(text.matchAll(/f64x2\.splat\(reinterpret<f64>\((0x[0-9A-Fa-f]{16})\)\)/g), (m) => fromHex64(m[1]));
  const constant = (name) => {
    const m = mathTs.match(new RegExp(`const ${name}: f64 = reinterpret<f64>\\((0x[0-9A-Fa-f]{16})\\)`));
    if (!m) throw new Error(`${name} not found`);
    return fromHex64(m[1]);
  };
  return {
    erfSeries: Float64Array.from(splats(body('erfSeries64'))),
    erfcTailG: Float64Array.from(splats(body('erfcTail64'))),
    tMid: constant('ERFC_T_MID'),
    tInvHalf: constant('ERFC_T_INV_HALF'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mathTs = fs.readFileSync(new URL('../kernels/math.ts', import.meta.url), 'utf8');
  const c = committedErfConstants(mathTs);
  const same = (a, b) => Object.is(a, b);
  let ok = true;
  const line = (label, derived, committed) => {
    const good = committed === undefined ? '' : same(derived, committed) ? '  ok' : `  DIFFERS: committed ${hex64(committed)}`;
    if (good.includes('DIFFERS')) ok = false;
    console.log(`${label.padEnd(14)} ${hex64(derived)}  ${String(derived).padEnd(24)}${good}`);
  };
  console.log('erfSeries64: 2/√π·(-1)^n/(n!(2n+1)), x^20 first (re-derived)');
  erfSeriesCoefficients().forEach((d, i) => line(`  x^${20 - 2 * i}`, d, c.erfSeries[i]));
  if (c.erfSeries.length !== 11) { ok = false; console.log(`  committed has ${c.erfSeries.length} coefficients`); }
  console.log('erfcTail64 map (re-derived)');
  const map = erfcTailMap();
  line('  t_mid', map.tMid, c.tMid);
  line('  1/t_half', map.tInvHalf, c.tInvHalf);
  console.log(`  (31/65 rounded: ${hex64(31 / 65)}; 65/21 rounded: ${hex64(65 / 21)})`);
  console.log('erfcTail64 G, s^11 first (a fit: recorded, not re-derived)');
  erfcTailCoefficients().forEach((d, i) => line(`  s^${11 - i}`, d, c.erfcTailG[i]));
  if (c.erfcTailG.length !== 12) { ok = false; console.log(`  committed has ${c.erfcTailG.length} coefficients`); }
  const { maxRelError, at } = erfcTailMaxRelError();
  console.log(`G against e^{x²}·erfc(x) on [1/2, 11]: max relative error ${maxRelError.toExponential(3)} at x = ${at} (math.ts states 7e-11)`);
  if (!(maxRelError < ERFC_TAIL_STATED_ERROR)) ok = false;
  process.exitCode = ok ? 0 : 1;
}
