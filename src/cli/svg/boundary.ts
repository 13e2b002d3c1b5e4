// A decision boundary as an inline SVG string: the network's probability of class 1 on a grid,
// drawn as coloured cells (runs of equal colour in a row merged into one rect, which keeps the
// file small), and the data points on top, coloured by class.
import type { Grid, Points } from '../report.js';
import { CLASS_COLORS, probabilityColor } from './color.js';
import { esc, px } from './escape.js';

export interface BoundaryOptions {
  title: string;
  subtitle?: string;
  grid: Grid;
  /** p[row * cols + col], row 0 at the top. */
  probabilities: readonly number[];
  points: Points;
  /** Width of the plot in pixels (the height follows the grid's aspect). */
  size?: number;
}

const FONT = 'font-family="system-ui, sans-serif"';

export function boundaryChart(o: BoundaryOptions): string {
  const { grid: g } = o;
  const size = o.size ?? 220;
  const cw = size / g.cols;
  const ch = cw; // square cells (gridOver makes rows follow the data's aspect)
  const top = o.subtitle ? 38 : 24;
  const left = 4;
  const height = top + g.rows * ch + 4;
  const parts: string[] = [`<text x="4" y="16" font-size="13" font-weight="600" ${FONT}>${esc(o.title)}</text>`];
  if (o.subtitle) parts.push(`<text x="4" y="30" font-size="11" fill="#555" ${FONT}>${esc(o.subtitle)}</text>`);
  for (let r = 0; r < g.rows; r++) {
    let c = 0;
    while (c < g.cols) {
      const color = probabilityColor(o.probabilities[r * g.cols + c]!);
      let end = c + 1;
      while (end < g.cols && probabilityColor(o.probabilities[r * g.cols + end]!) === color) end++;
      // Slight overlap (+0.5) hides hairline seams between rects in some renderers.
      parts.push(
        `<rect x="${px(left + c * cw)}" y="${px(top + r * ch)}" width="${px((end - c) * cw + 0.5)}" height="${px(ch + 0.5)}" fill="${color}"/>`,
      );
      c = end;
    }
  }
  const sx = (v: number): number => left + ((v - g.xMin) / (g.xMax - g.xMin)) * g.cols * cw;
  const sy = (v: number): number => top + ((g.yMax - v) / (g.yMax - g.yMin)) * g.rows * ch;
  // The points as one path per class of zero-length segments with round caps (a dot each, about
  // 14 bytes a point instead of a <circle> element), a white halo under each class.
  for (const cls of [0, 1]) {
    let d = '';
    for (let i = 0; i < o.points.x.length; i++) {
      if ((o.points.label[i]! > 0.5 ? 1 : 0) === cls) d += `M${px(sx(o.points.x[i]!))} ${px(sy(o.points.y[i]!))}h0`;
    }
    if (d === '') continue;
    parts.push(
      `<path d="${d}" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round"/>`,
      `<path d="${d}" fill="none" stroke="${CLASS_COLORS[cls]}" stroke-width="3.6" stroke-linecap="round"/>`,
    );
  }
  parts.push(`<rect x="${left}" y="${top}" width="${px(g.cols * cw)}" height="${px(g.rows * ch)}" fill="none" stroke="#999"/>`);
  const width = left + size + 4;
  return `<svg class="boundary" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}
