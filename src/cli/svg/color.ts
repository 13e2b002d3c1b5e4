// Colours: one per initialization (the same in every chart; matplotlib's tab10), and the colour
// ramps of the heat maps and decision boundaries.

const BY_INIT: Record<string, string> = {
  zeros: '#7f7f7f',
  constant: '#bcbd22',
  'randn*0.01': '#1f77b4',
  'randn*1': '#17becf',
  'randn*10': '#ff7f0e',
  'randn*100': '#d62728',
  xavier: '#9467bd',
  he: '#2ca02c',
  orthogonal: '#8c564b',
  lsuv: '#e377c2',
};

const SPARE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

export function initColor(name: string, index = 0): string {
  return BY_INIT[name] ?? SPARE[index % SPARE.length]!;
}

/** Colours of units in the weight charts. */
export const UNIT_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

type Rgb = [number, number, number];

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Class colours of the points (0: red, 1: blue, as the course's plots). */
export const CLASS_COLORS = ['#c0392b', '#1f5fa8'] as const;

const LOW: Rgb = [240, 150, 140];
const MID: Rgb = [247, 247, 247];
const HIGH: Rgb = [140, 180, 235];

/**
 * Probability of class 1 -> background colour (red, white at 0.5, blue), in `levels` steps (odd,
 * so that 0.5, a network that has learned nothing, falls in the white middle step).
 */
export function probabilityColor(p: number, levels = 11): string {
  const q = Math.min(levels - 1, Math.max(0, Math.floor((Number.isFinite(p) ? p : 0.5) * levels)));
  const t = (q + 0.5) / levels;
  return hex(t < 0.5 ? mix(LOW, MID, t / 0.5) : mix(MID, HIGH, (t - 0.5) / 0.5));
}

/** 0 -> white, 1 -> deep purple. */
export function heatColor(v: number): string {
  const t = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  return hex(mix([250, 250, 252], [63, 0, 125], t));
}
