// fit(..., { diagnostics: { every, x } }): a diagnostics report on the probe data x after every
// `every` epochs (after epochs every-1, 2·every-1, ... counted from 0), so a user can watch units
// merge, die or saturate while the network trains.
import { ValueError } from '../errors.js';
import type { Model } from '../nn/model.js';
import { describe, type Matrix, type MatrixLike } from '../runtime/matrix.js';
import { diagnoseModel, probeData } from './diagnose.js';
import type { DiagnosticsReport } from './types.js';

export interface FitDiagnosticsOptions {
  /** Record a report every this many epochs (integer >= 1). */
  every: number;
  /** The probe data (samples as rows). */
  x: MatrixLike;
}

export interface FitDiagnostics {
  every: number;
  x: Matrix;
}

/** Checks fit's diagnostics option (before training starts); undefined when it is absent. */
export function parseFitDiagnostics(value: unknown, model: Model): FitDiagnostics | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValueError(`fit: diagnostics must be an object { every, x }, got ${describe(value)}`);
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'every' && key !== 'x') throw new ValueError(`fit: unknown diagnostics option '${key}' (known: every, x)`);
  }
  const every = o.every;
  if (typeof every !== 'number' || !Number.isSafeInteger(every) || every < 1) {
    throw new ValueError(`fit: diagnostics.every must be an integer >= 1, got ${JSON.stringify(every)}`);
  }
  if (o.x === undefined) throw new ValueError('fit: diagnostics.x (the probe data) is missing');
  return { every, x: probeData(model, o.x, 'fit', 'diagnostics.x') };
}

/** The report due after `epoch` (0-based), or undefined when none is due. */
export function diagnosticsAfterEpoch(model: Model, d: FitDiagnostics, epoch: number): DiagnosticsReport | undefined {
  if ((epoch + 1) % d.every !== 0) return undefined;
  const report = diagnoseModel(model, d.x, undefined, undefined);
  report.epoch = epoch;
  return report;
}
