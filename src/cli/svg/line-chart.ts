// A line chart as an inline SVG string: axes with round ticks, light grid lines, one path per
// series, an optional legend on the right. The y axis may be log10; values that a log axis
// cannot show (0, or below `yFloor`) are drawn on the bottom edge, non-finite ones break the line.
import { esc, px } from './escape.js';
import { linearScale, logDomain, logScale, logTicks, niceDomain, niceTicks, tickLabel } from './scale.js';

export interface Series {
  name: string;
  color: string;
  /** [x, y] pairs, in x order. */
  points: ReadonlyArray<readonly [number, number]>;
  /** SVG stroke-dasharray, e.g. "4 3". */
  dash?: string;
  /** Stroke width (default 1.8). */
  width?: number;
}

export interface LineChartOptions {
  title: string;
  /** A second, smaller line under the title. */
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  width?: number;
  height?: number;
  yLog?: boolean;
  /** Log axis only: the lowest value shown (default: the smallest positive value). */
  yFloor?: number;
  /** Show the legend (default true). */
  legend?: boolean;
}

const FONT = 'font-family="system-ui, sans-serif"';

export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 420;
  const height = o.height ?? 260;
  const legend = (o.legend ?? true) && o.series.length > 0;
  const legendWidth = legend ? 12 + Math.max(...o.series.map((s) => s.name.length)) * 6.6 + 24 : 0;
  const top = o.subtitle ? 42 : 28;
  const m = { left: 58, right: 14 + legendWidth, top, bottom: 40 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;

  const xs = o.series.flatMap((s) => s.points.map((p) => p[0])).filter(Number.isFinite);
  const ysAll = o.series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const xDomain: [number, number] = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  if (xDomain[1] === xDomain[0]) xDomain[1] = xDomain[0] + 1;
  let yDomain: [number, number];
  let yTicks: number[];
  const floor = o.yFloor ?? Math.min(...ysAll.filter((v) => v > 0), Infinity);
  if (o.yLog) {
    const shown = ysAll.filter((v) => v > 0).map((v) => Math.max(v, floor));
    const lo = Number.isFinite(floor) ? floor : 1e-3;
    yDomain = logDomain(Math.min(lo, ...shown), Math.max(lo * 10, ...shown));
    yTicks = logTicks(yDomain[0], yDomain[1]);
  } else {
    yDomain = ysAll.length > 0 ? niceDomain(Math.min(...ysAll), Math.max(...ysAll)) : [0, 1];
    yTicks = niceTicks(yDomain[0], yDomain[1]);
  }
  const sx = linearScale(xDomain, [m.left, m.left + plotW]);
  const syRaw = o.yLog ? logScale(yDomain, [m.top + plotH, m.top]) : linearScale(yDomain, [m.top + plotH, m.top]);
  const sy = (v: number): number => (o.yLog ? syRaw(Math.max(v, yDomain[0])) : syRaw(v));

  const parts: string[] = [];
  parts.push(`<text x="8" y="18" font-size="13" font-weight="600" ${FONT}>${esc(o.title)}</text>`);
  if (o.subtitle) parts.push(`<text x="8" y="33" font-size="11" fill="#555" ${FONT}>${esc(o.subtitle)}</text>`);
  // Grid and ticks.
  for (const t of yTicks) {
    const y = px(sy(t));
    parts.push(`<line x1="${m.left}" x2="${px(m.left + plotW)}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.left - 5}" y="${y}" dy="3.5" text-anchor="end" font-size="10" fill="#444" ${FONT}>${esc(tickLabel(t))}</text>`);
  }
  for (const t of niceTicks(xDomain[0], xDomain[1], 5)) {
    const x = px(sx(t));
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.top}" y2="${px(m.top + plotH)}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x}" y="${px(m.top + plotH + 14)}" text-anchor="middle" font-size="10" fill="#444" ${FONT}>${esc(tickLabel(t))}</text>`);
  }
  parts.push(
    `<rect x="${m.left}" y="${m.top}" width="${px(plotW)}" height="${px(plotH)}" fill="none" stroke="#999"/>`,
    `<text x="${px(m.left + plotW / 2)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#333" ${FONT}>${esc(o.xLabel)}</text>`,
    `<text transform="translate(13 ${px(m.top + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="11" fill="#333" ${FONT}>${esc(o.yLabel)}</text>`,
  );
  // Lines.
  for (const s of o.series) {
    const d = pathOf(s.points, sx, sy);
    if (d === '') continue;
    const dash = s.dash ? ` stroke-dasharray="${esc(s.dash)}"` : '';
    parts.push(
      `<path d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="${s.width ?? 1.8}"${dash} stroke-linejoin="round"><title>${esc(s.name)}</title></path>`,
    );
  }
  // Legend.
  if (legend) {
    const lx = m.left + plotW + 14;
    o.series.forEach((s, i) => {
      const ly = m.top + 8 + i * 16;
      const dash = s.dash ? ` stroke-dasharray="${esc(s.dash)}"` : '';
      parts.push(
        `<line x1="${px(lx)}" x2="${px(lx + 18)}" y1="${ly}" y2="${ly}" stroke="${esc(s.color)}" stroke-width="2.5"${dash}/>`,
        `<text x="${px(lx + 24)}" y="${ly}" dy="3.5" font-size="11" fill="#222" ${FONT}>${esc(s.name)}</text>`,
      );
    });
  }
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}

/** "M x y L x y ..." with a new "M" after each non-finite point (a gap in the line). */
function pathOf(points: Series['points'], sx: (v: number) => number, sy: (v: number) => number): string {
  const out: string[] = [];
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    out.push(`${pen ? 'L' : 'M'}${px(sx(x))} ${px(sy(y))}`);
    pen = true;
  }
  return out.join('');
}
