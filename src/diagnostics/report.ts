// formatReport(report): the report as compact terminal text, a small table per layer and then
// the findings. Plain text by default; `{ color: true }` adds ANSI colors (pass
// `{ color: process.stdout.isTTY }` to color only on a terminal). ASCII only, so any console
// shows it.
import { ValueError } from '../errors.js';
import { describe } from '../util/matrix.js';
import { num } from './text.js';
import { isRectifier } from './saturation.js';
import { booleanOption, parseOptions } from '../util/options.js';
import type { DiagnosticsReport, Finding, LayerReport } from './types.js';

export interface FormatOptions {
  /** ANSI colors (default false). */
  color?: boolean;
}

type Paint = (code: string, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;
}

const SEVERITY_COLOR = { error: '31;1', warning: '33', info: '36' } as const;

function groupsText(r: LayerReport, paint: Paint): string {
  const { groups, locked } = r.symmetry;
  if (groups.length === 0) return 'all distinct';
  const shown = groups.slice(0, 3).map((g, i) => {
    const units = g.length <= 8 ? g.join(',') : `${g.slice(0, 7).join(',')},...,${g[g.length - 1]}`;
    return `{${units}}${locked[i] ? ` ${paint('31;1', 'LOCKED')}` : ''}`;
  });
  if (groups.length > 3) shown.push(`+${groups.length - 3} groups`);
  return shown.join(' ');
}

function layerTable(l: number, r: LayerReport, paint: Paint): string[] {
  const head = paint('1', `layer ${l}  ${r.inputs} -> ${r.units}  ${r.activation.name}`);
  const cos = r.symmetry.maxAbsCosine === undefined ? '-' : num(r.symmetry.maxAbsCosine);
  const rows: [string, string][] = [
    ['symmetry', `${r.symmetry.distinctUnits} distinct of ${r.units}  ${groupsText(r, paint)}  max|cos| ${cos}`],
    ['saturation', `${num(100 * r.saturation.fraction)}%  mean f'(z) ${num(r.saturation.meanDerivative)}`],
    ['dead', isRectifier(r.activation.name) ? `${r.dead.count} of ${r.units}` : '-'],
    ['preact', `mean ${num(r.preactivation.mean)}  std ${num(r.preactivation.std)}`],
    ['activation', `mean ${num(r.activation.mean)}  std ${num(r.activation.std)}`],
  ];
  if (r.gradient) rows.push(['gradient', `|dW| ${num(r.gradient.kernelNorm)}  |db| ${num(r.gradient.biasNorm)}`]);
  rows.push([
    'weights',
    `std ${num(r.weights.std)}  |W|2 ${num(r.weights.spectralNorm)}  cond ${num(r.weights.conditionNumber)}` +
      (r.weights.exact ? '' : ' (estimate)'),
  ]);
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(11)} ${v}`)];
}

/** A finding's fix in words; without one, an info needs none and a warning or error has none known. */
export function fixText(f: Finding): string {
  if (f.fix) return f.fix.text;
  return f.severity === 'info' ? 'none needed' : 'none known that changes the outcome (see the message)';
}

function findingLines(f: Finding, paint: Paint): string[] {
  const tag = paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(7));
  return [`  ${tag} ${f.code} (${f.layer < 0 ? 'network' : `layer ${f.layer}`})`, `          ${f.message}`, `          fix: ${fixText(f)}`];
}

/** The report as text for a terminal: a header, a table per layer, then the findings. */
export function formatReport(report: DiagnosticsReport, options?: FormatOptions): string {
  if (typeof report !== 'object' || report === null || !Array.isArray(report.layers) || !Array.isArray(report.findings)) {
    throw new ValueError(`formatReport: expected a report from sb.diagnose(), got ${describe(report)}`);
  }
  const color = (parseOptions(options, 'formatReport', { color: booleanOption() }).color as boolean | undefined) ?? false;
  const paint = painter(color);
  const lines: string[] = [];
  let head = `symbreak diagnostics: ${report.layers.length} layers, ${report.samples} samples, input std ${num(report.input.std)}`;
  if (report.epoch !== undefined) head += `, after epoch ${report.epoch}`;
  if (report.loss) head += `, ${report.loss.name} ${num(report.loss.value)}`;
  if (report.gradientRatio !== undefined) head += `, |dW| first/last ${num(report.gradientRatio)}`;
  lines.push(paint('1', head), '');
  report.layers.forEach((r, l) => lines.push(...layerTable(l, r, paint), ''));
  const count = (s: string): number => report.findings.filter((f) => f.severity === s).length;
  if (report.findings.length === 0) {
    lines.push(paint('32', 'no findings: nothing stops this network from learning on x'));
  } else {
    const e = count('error');
    const w = count('warning');
    const i = count('info');
    const parts = [`${e} error${e === 1 ? '' : 's'}`, `${w} warning${w === 1 ? '' : 's'}`];
    if (i > 0) parts.push(`${i} info`);
    lines.push(paint('1', `findings: ${parts.join(', ')}`));
    for (const f of report.findings) lines.push(...findingLines(f, paint));
  }
  return lines.join('\n');
}
