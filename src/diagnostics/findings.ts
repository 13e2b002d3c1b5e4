// Findings: what the measurements mean for learning, judged at the phase they are seen, with
// the cause the evidence supports and a fix that changes something (judge.ts, fix.ts). Each
// kind lives with its reasons: units (find-units.ts), signal and gradients (find-signal.ts),
// the training history and the probe (find-training.ts).
//
// When the loss diverged, what the weights show afterwards is the divergence's damage: those
// findings stay, as info, with the learning rate as their cause and no fix of their own.
import type { Fix } from './fix.js';
import { deadFindings, saturationFindings, symmetryFindings } from './find-units.js';
import { gradientFindings, signalFindings } from './find-signal.js';
import { slowLearning, trainingFindings } from './find-training.js';
import type { Judge } from './judge.js';
import type { Finding, Severity } from './types.js';

/**
 * Dead (or negative) units reported as info (a cost of depth, of training, or of a small probe)
 * on many layers become one finding at the first of them, as SATURATION does: one fact, said once.
 */
function merge(out: Finding[], code: 'DEAD_UNITS' | 'NEGATIVE_UNITS', what: string): void {
  const same = out.filter((f) => f.code === code && f.severity === 'info');
  if (same.length < 2) return;
  const first = same[0]!;
  const layers = same.map((f) => `layer ${f.layer} (${f.evidence.dead} of ${f.evidence.units})`);
  first.message = `${same.length} layers have ${what}: ${layers.slice(0, 6).join(', ')}${layers.length > 6 ? ', ...' : ''}. ` + first.message;
  first.evidence = { ...first.evidence, layers: same.length, totalDead: same.reduce((s, f) => s + f.evidence.dead!, 0) };
  for (const f of same.slice(1)) out.splice(out.indexOf(f), 1);
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface FindingsInput {
  judge: Judge;
  gradientRatio?: number;
  /** Every layer's kernel gradient is tiny relative to its weights (for the plateau). */
  tinyGradients: boolean;
  learningRate: { measured?: number; fix: Fix | null };
}

/** Every finding of a report: errors first, then warnings, then infos; by layer within each. */
export function findingsOf(input: FindingsInput): Finding[] {
  const j = input.judge;
  const out: Finding[] = [];
  // Past a layer where nothing flows (all dead), the later layers see a constant input: their
  // dead units follow from it, said once.
  let blocked = false;
  j.layers.forEach((_, l) => {
    const symmetric = symmetryFindings(j, l);
    out.push(...symmetric);
    // A locked layer's units die or live together: the symmetry is the cause, said once.
    if (blocked || symmetric.some((f) => f.severity === 'error')) return;
    const dead = deadFindings(j, l);
    out.push(...dead);
    if (dead.some((f) => f.severity === 'error')) blocked = true;
  });
  out.push(...saturationFindings(j));
  const explainedAt = new Set(out.filter((f) => f.severity === 'error').map((f) => f.layer));
  out.push(...signalFindings(j, explainedAt));
  // A layer that passes nothing already says why no gradient arrives.
  const explained = out.some((f) => f.severity === 'error');
  out.push(...gradientFindings(j, explained, input.gradientRatio));
  // A stuck loss that an error already explains (a locked symmetry, a dead layer) is that error.
  const history = trainingFindings(j, input.tinyGradients, input.learningRate).filter((f) => f.code !== 'PLATEAU' || !explained);
  if (!out.some((f) => f.severity !== 'info') && !history.some((f) => f.severity !== 'info')) history.push(...slowLearning(j));
  if (history.some((f) => f.code === 'DIVERGING_LOSS')) {
    for (const f of out) {
      f.severity = 'info';
      f.cause = 'learningRate';
      f.fix = null;
      f.message = `After the divergence: ${f.message}`;
    }
  }
  out.push(...history);
  merge(out, 'DEAD_UNITS', 'dead relu units');
  merge(out, 'NEGATIVE_UNITS', 'units below 0 on every sample');
  // Array.prototype.sort is stable: same severity and layer keep the order above.
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.layer - b.layer);
}
