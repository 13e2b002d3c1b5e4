// A small square heat map as an inline SVG string (values in [0, 1]), each cell labelled with
// its value, rows and columns labelled.
import { heatColor } from './color.js';
import { esc, px } from './escape.js';

export interface HeatmapOptions {
  title: string;
  subtitle?: string;
  /** Square matrix, values in [0, 1]. */
  values: readonly (readonly number[])[];
  labels: readonly string[];
  cell?: number;
}

const FONT = 'font-family="system-ui, sans-serif"';

export function heatmap(o: HeatmapOptions): string {
  const n = o.values.length;
  const cell = o.cell ?? 30;
  const left = 30;
  const top = o.subtitle ? 50 : 36;
  const width = Math.max(left + n * cell + 8, 12 + o.title.length * 7);
  const height = top + n * cell + 8;
  const parts: string[] = [`<text x="4" y="16" font-size="13" font-weight="600" ${FONT}>${esc(o.title)}</text>`];
  if (o.subtitle) parts.push(`<text x="4" y="31" font-size="11" fill="#555" ${FONT}>${esc(o.subtitle)}</text>`);
  for (let i = 0; i < n; i++) {
    const label = esc(o.labels[i] ?? String(i));
    parts.push(
      `<text x="${left - 4}" y="${px(top + (i + 0.5) * cell)}" dy="3.5" text-anchor="end" font-size="10" fill="#444" ${FONT}>${label}</text>`,
      `<text x="${px(left + (i + 0.5) * cell)}" y="${top - 4}" text-anchor="middle" font-size="10" fill="#444" ${FONT}>${label}</text>`,
    );
    for (let j = 0; j < n; j++) {
      const v = o.values[i]![j]!;
      const x = left + j * cell;
      const y = top + i * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${heatColor(v)}" stroke="#fff"/>`,
        `<text x="${px(x + cell / 2)}" y="${px(y + cell / 2)}" dy="3.5" text-anchor="middle" font-size="${cell >= 26 ? 9.5 : 8}" fill="${v > 0.55 ? '#fff' : '#222'}" ${FONT}>${esc(Number.isFinite(v) ? v.toFixed(2) : '-')}</text>`,
      );
    }
  }
  return `<svg class="heatmap" viewBox="0 0 ${px(width)} ${height}" width="${px(width)}" height="${height}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}
