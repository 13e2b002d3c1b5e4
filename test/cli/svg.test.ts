// The SVG helpers of the HTML report: escaping, scales and ticks, and that each chart is
// well-formed, escapes its text and draws what it is given.
import { describe, expect, it } from 'vitest';
import { boundaryChart } from '../../src/cli/svg/boundary.js';
import { heatColor, initColor, probabilityColor } from '../../src/cli/svg/color.js';
import { esc, px } from '../../src/cli/svg/escape.js';
import { heatmap } from '../../src/cli/svg/heatmap.js';
import { lineChart } from '../../src/cli/svg/line-chart.js';
import { linearScale, logDomain, logScale, logTicks, niceDomain, niceTicks, tickLabel } from '../../src/cli/svg/scale.js';
import { checkMarkup } from './markup.js';

describe('escaping', () => {
  it('turns every markup character into an entity', () => {
    expect(esc(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;');
    expect(esc(12.5)).toBe('12.5');
    expect(esc('&amp;')).toBe('&amp;amp;');
  });
  it('px rounds to one decimal and never writes -0', () => {
    expect(px(12.345)).toBe('12.3');
    expect(px(-0.04)).toBe('0');
    expect(px(3)).toBe('3');
  });
});

describe('scales and ticks', () => {
  it('linear and log scales map the domain ends to the range ends', () => {
    const s = linearScale([0, 10], [100, 300]);
    expect([s(0), s(5), s(10)]).toEqual([100, 200, 300]);
    const l = logScale([1e-3, 1e1], [200, 0]);
    expect(l(1e-3)).toBeCloseTo(200, 12);
    expect(l(1e-1)).toBeCloseTo(100, 12);
    expect(l(1e1)).toBeCloseTo(0, 12);
    expect(linearScale([2, 2], [0, 50])(2)).toBe(0);
  });
  it('nice ticks are 1, 2 or 5 times a power of ten and cover the domain', () => {
    expect(niceTicks(0, 10000, 5)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(niceTicks(-0.3, 0.7, 5)).toEqual([-0.2, 0, 0.2, 0.4, 0.6]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceDomain(0.13, 4.7)).toEqual([0, 5]);
    expect(niceDomain(0, 0)).toEqual([-1, 1]);
  });
  it('log domains are whole decades; ticks thin out over many decades', () => {
    expect(logDomain(0.06, 1.5)).toEqual([0.01, 10]);
    expect(logTicks(0.01, 10)).toEqual([0.01, 0.1, 1, 10]);
    const many = logTicks(1e-40, 1);
    expect(many.length).toBeLessThanOrEqual(7);
    expect(many[many.length - 1]).toBe(1);
  });
  it('tick labels are short', () => {
    expect([0, 0.5, 2000, 15000, 1e-6, 1e-12, 2.5e-5, 100].map(tickLabel)).toEqual([
      '0',
      '0.5',
      '2k',
      '15k',
      '1e-6',
      '1e-12',
      '2.5e-5',
      '100',
    ]);
  });
});

describe('colours', () => {
  it('gives each initialization its colour and a white middle to the probability ramp', () => {
    expect(initColor('zeros')).toBe('#7f7f7f');
    expect(initColor('randn*0.01')).not.toBe(initColor('randn*100'));
    expect(probabilityColor(0.5)).toBe('#f7f7f7');
    expect(probabilityColor(0)).not.toBe(probabilityColor(1));
    expect(probabilityColor(NaN)).toBe('#f7f7f7');
    expect(heatColor(0)).toBe('#fafafc');
    expect(heatColor(1)).toBe('#3f007d');
  });
});

describe('lineChart', () => {
  const base = {
    title: 'Loss <per> "iteration" & more',
    xLabel: 'iteration',
    yLabel: 'loss',
    series: [
      { name: 'zeros', color: '#777', points: [[0, 0.69], [100, 0.69]] as [number, number][] },
      { name: 'a<b', color: '#00f', points: [[0, 1], [50, 0.1], [100, 0.01]] as [number, number][], dash: '4 3' },
    ],
  };
  it('is well-formed, escapes its text and draws one path per series', () => {
    const svg = lineChart(base);
    expect(checkMarkup(svg).problems).toEqual([]);
    expect(svg).toContain('Loss &lt;per&gt; &quot;iteration&quot; &amp; more');
    expect(svg).toContain('a&lt;b');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).not.toContain('NaN');
  });
  it('on a log axis draws zeros and values under the floor on the bottom edge, and skips non-finite points', () => {
    const svg = lineChart({
      ...base,
      yLog: true,
      yFloor: 1e-12,
      legend: false,
      series: [{ name: 's', color: '#000', points: [[0, 1], [1, 1e-20], [2, 0], [3, NaN], [4, 1]] }],
    });
    expect(svg).not.toContain('NaN');
    const d = svg.match(/<path d="([^"]+)"/)![1]!;
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(4); // the NaN point breaks the line
    expect(ys[1]).toBe(ys[2]); // 1e-20 and 0 both on the bottom edge
    expect(ys[1]).toBeGreaterThan(ys[0]!);
    expect((d.match(/M/g) ?? []).length).toBe(2);
    expect(svg).toContain('>1e-12<');
  });
  it('copes with a flat or empty chart', () => {
    expect(checkMarkup(lineChart({ ...base, series: [{ name: 'z', color: '#000', points: [[0, 0], [10, 0]] }] })).ok).toBe(true);
    const empty = lineChart({ ...base, series: [] });
    expect(checkMarkup(empty).ok).toBe(true);
    expect(empty).not.toContain('NaN');
  });
});

describe('heatmap', () => {
  it('draws n*n cells with their values, escaped labels', () => {
    const svg = heatmap({ title: 'x & y', values: [[1, 0.25], [0.25, 1]], labels: ['<a>', 'b'] });
    expect(checkMarkup(svg).problems).toEqual([]);
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('>0.25<');
    expect(svg).toContain('>1.00<');
    expect(svg).toContain('&lt;a&gt;');
    expect(svg).toContain('x &amp; y');
  });
});

describe('boundaryChart', () => {
  const grid = { xMin: 0, xMax: 4, yMin: 0, yMax: 2, rows: 2, cols: 4 };
  const points = { x: [1, 3, 2], y: [1.5, 0.5, 1], label: [0, 1, 1] };
  it('merges runs of equal colour in a row into one rect covering the row', () => {
    const svg = boundaryChart({ title: 't', grid, probabilities: [0, 0, 0, 0, 0, 0, 1, 1], points, size: 80 });
    expect(checkMarkup(svg).problems).toEqual([]);
    // Row 0: one run; row 1: two runs; plus the frame.
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)];
    expect(rects).toHaveLength(4);
    expect(rects[0]![3]).toBe('80.5'); // 4 cells of 20 px (+0.5 overlap)
    expect(rects[1]![3]).toBe('40.5');
    expect(rects[2]![1]).toBe('44'); // 4 + 2 * 20
  });
  it('draws each point once per class path, at its place', () => {
    const svg = boundaryChart({ title: 't', grid, probabilities: new Array(8).fill(0.5), points, size: 80 });
    const paths = [...svg.matchAll(/<path d="([^"]+)"[^>]*stroke="([^"]+)"/g)];
    expect(paths).toHaveLength(4); // halo + colour, per class
    expect(paths[1]![1]).toBe('M24 34h0'); // (1, 1.5): x 4 + 20, y 24 + (2 - 1.5) * 20
    expect(paths[3]![1]!.match(/h0/g)).toHaveLength(2);
  });
});
