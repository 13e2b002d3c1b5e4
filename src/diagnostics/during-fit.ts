// fit(..., { diagnostics: { every, x } }): a diagnostics report on the probe data x after every
// `every` epochs (after epochs every-1, 2·every-1, ... counted from 0), so a user can watch units
// merge, die or saturate while the network trains. nn's fit knows nothing of diagnostics: this
// is the extension the public Network (src/network.ts) hands it.
import { ValueError } from '../errors.js';
import type { FitExtension } from '../nn/fit.js';
import type { NetworkView } from '../nn/model.js';
import { inputMatrix } from '../nn/inputs.js';
import type { TensorLike } from '../core/tensor.js';
import { numberOption, parseOptions, anyOption } from '../util/options.js';
import { diagnoseView } from './diagnose.js';
import type { DiagnosticsReport } from './types.js';

export interface FitDiagnosticsOptions {
  /** Record a report every this many epochs (integer >= 1). */
  every: number;
  /** The probe data (samples as rows). */
  x: TensorLike;
}

const SCHEMA = { every: numberOption({ integer: true, min: 1 }), x: anyOption() };

/** fit's `diagnostics` option for the network behind `view`. */
export function fitDiagnostics(view: NetworkView): FitExtension<DiagnosticsReport> {
  return {
    key: 'diagnostics',
    parse(value) {
      if (value === undefined) return undefined;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ValueError(`fit: diagnostics must be an object { every, x }, got ${JSON.stringify(value)}`);
      }
      const o = parseOptions(value, 'fit', SCHEMA, { keyPrefix: 'diagnostics.' });
      if (o.every === undefined) throw new ValueError('fit: diagnostics.every (report every this many epochs) is missing');
      if (o.x === undefined) throw new ValueError('fit: diagnostics.x (the probe data) is missing');
      const every = o.every as number;
      const x = inputMatrix(view.arch, o.x, 'fit', 'diagnostics.x');
      return (epoch, history) => {
        if ((epoch + 1) % every !== 0) return undefined;
        // The history so far tells diagnose the phase and the trend of the loss.
        const report = diagnoseView(view, x, undefined, { history });
        report.epoch = epoch;
        return report;
      };
    },
  };
}
