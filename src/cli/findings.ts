// diagnose()'s findings in the demo's words: one short line per network (codes, severity and
// layers), then what each code means, told once, with the fix diagnose suggests.
import { fixText, type Finding } from '../diagnostics/index.js';
import { fmtRanges } from './format.js';

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** "error SYMMETRIC_UNITS (layer 0); warning SATURATION (layers 0-2)", or "no findings". */
export function findingsLine(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const byCode = new Map<string, Finding[]>();
  for (const f of findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  return [...byCode.entries()]
    .map(([code, list]) => {
      const severity = list.reduce((s, f) => (RANK[f.severity] < RANK[s] ? f.severity : s), list[0]!.severity);
      const layers = list.map((f) => f.layer).filter((l) => l >= 0);
      if (layers.length === 0) return `${severity} ${code} (network)`;
      return `${severity} ${code} (layer${layers.length > 1 ? 's' : ''} ${fmtRanges(layers)})`;
    })
    .join('; ');
}

export interface LabelledFindings {
  readonly label: string;
  readonly findings: readonly Finding[];
}

/**
 * One finding of each code over the networks, with the label of its network: the first of the
 * most severe (a warning says more than an info of the same code), in the order codes appear.
 */
export function firstOfEachCode(runs: readonly LabelledFindings[]): { label: string; finding: Finding }[] {
  const byCode = new Map<string, { label: string; finding: Finding }>();
  for (const run of runs) {
    for (const f of run.findings) {
      const seen = byCode.get(f.code);
      if (!seen || RANK[f.severity] < RANK[seen.finding.severity]) byCode.set(f.code, { label: run.label, finding: f });
    }
  }
  return [...byCode.values()];
}

/** One explanation per code, from the first network (in order) that has it. */
export function explainFindings(runs: readonly LabelledFindings[]): string[] {
  return firstOfEachCode(runs).flatMap(({ label, finding: f }) => [`${f.code} (${label}): ${f.message}`, `  fix: ${fixText(f)}`]);
}
