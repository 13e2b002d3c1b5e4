// The public Network: nn's network with the diagnostics composed in (nn sits below the
// diagnostics and knows nothing of them). Its fit takes the `diagnostics` option and returns a
// History whose reports are typed.
import { Network as BaseNetwork, viewOf, type Targets } from './nn/network.js';
import type { FitExtension, FitOptions as BaseFitOptions } from './nn/fit.js';
import type { History as BaseHistory } from './nn/history.js';
import type { TensorLike } from './core/tensor.js';
import { fitDiagnostics, type FitDiagnosticsOptions } from './diagnostics/during-fit.js';
import type { DiagnosticsReport } from './diagnostics/types.js';

export interface FitOptions extends BaseFitOptions {
  /**
   * Record `diagnose(net, x)` on the probe data x after every `every` epochs (after the epochs
   * numbered every-1, 2·every-1, ... from 0) into `history.diagnostics`.
   */
  diagnostics?: FitDiagnosticsOptions;
}

export type History = BaseHistory<DiagnosticsReport>;

export class Network extends BaseNetwork {
  override fit(x: TensorLike, y: Targets, options: FitOptions): Promise<History> {
    return super.fit(x, y, options) as Promise<History>;
  }

  protected override fitExtension(): FitExtension<unknown> {
    return fitDiagnostics(viewOf(this, 'fit'));
  }
}
