// Scales and ticks for the charts: linear and base-10 logarithmic maps from data to pixels, and
// round tick values (1, 2 or 5 times a power of ten; whole decades on a log axis).

export type Scale = (v: number) => number;

export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** A log10 scale; the domain must be positive. */
export function logScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const inner = linearScale([Math.log10(d0), Math.log10(d1)], [r0, r1]);
  return (v) => inner(Math.log10(v));
}

/** About `count` round ticks covering [min, max] (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/** A domain [min, max] widened to round ticks (and to ±1 around a single value). */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!(max > min)) return min === 0 || !Number.isFinite(min) ? [-1, 1] : [min - Math.abs(min), max + Math.abs(max)];
  const ticks = niceTicks(min, max, count);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : max - min;
  return [Math.min(ticks[0]!, Math.floor(min / step) * step), Math.max(ticks[ticks.length - 1]!, Math.ceil(max / step) * step)];
}

/** Whole decades from the decade at or below min to the one at or above max. */
export function logDomain(min: number, max: number): [number, number] {
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max));
  return hi > lo ? [lo, hi] : [lo, lo * 10];
}

/** Decade ticks in [lo, hi], thinned to at most `maxTicks`. */
export function logTicks(lo: number, hi: number, maxTicks = 7): number[] {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  const stride = Math.max(1, Math.ceil((b - a + 1) / maxTicks));
  const out: number[] = [];
  for (let e = b; e >= a; e -= stride) out.unshift(Number(`1e${e}`));
  return out;
}

/** A tick label: "0", "0.5", "2k", "10k", "1e-6". */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000 && a < 1e6 && v % 1000 === 0) return `${v / 1000}k`;
  if (a >= 1e6 || a < 1e-3) {
    const e = Math.round(Math.log10(a));
    if (Math.abs(a / 10 ** e - 1) < 1e-9) return `${v < 0 ? '-' : ''}1e${e}`;
    return v.toExponential(1);
  }
  return String(Number(v.toPrecision(6)));
}
