// One optimizer step on a batch already in a workspace, with the guard that keeps a user's
// weights: a non-finite loss or gradient stops before the update, and an update that makes a
// weight non-finite is undone from the backup taken just before it.
import { NonFiniteError } from '../errors.js';
import { allFinite, copy } from '../kernels/elementwise.js';
import type { OptimizerConfig } from './optimizers.js';
import { lossAndGradient } from './loss.js';
import type { Model } from './model.js';
import { OptimizerState } from './optimizer-state.js';
import { backward, forward } from './propagate.js';
import type { LossName } from './losses.js';
import type { Workspace } from './workspace.js';

/** The model's optimizer state for `config`; a different configuration starts a fresh one. */
export function optimizerFor(model: Model, config: OptimizerConfig): OptimizerState {
  if (model.optimizer && model.optimizer.matches(config)) {
    model.optimizer.adopt(config);
    return model.optimizer;
  }
  model.resetOptimizer();
  model.optimizer = new OptimizerState(config, model.params.size);
  return model.optimizer;
}

/**
 * Forward, loss, backward and update on ws (x and y already written). Returns the float32 loss.
 * With `guard`, throws NonFiniteError and leaves the weights as they were before the step.
 */
export function step(
  model: Model,
  ws: Workspace,
  loss: LossName,
  classIds: boolean,
  config: OptimizerConfig,
  guard = true,
): number {
  const p = model.params;
  forward(model.layers, p, ws);
  const value = lossAndGradient(model, ws, loss, classIds, true);
  if (guard && !Number.isFinite(value)) {
    throw new NonFiniteError('loss', `the batch loss is ${value}: the weights were left as they were`);
  }
  backward(model.layers, p, ws);
  if (guard && !allFinite(p.grads, p.size)) {
    throw new NonFiniteError('gradient', 'a gradient is not finite: the weights were left as they were');
  }
  const state = optimizerFor(model, config);
  if (guard) copy(p.values, p.backup, p.size);
  state.apply(p);
  if (guard && !allFinite(p.values, p.size)) {
    copy(p.backup, p.values, p.size);
    // The moments saw the step that overflowed: start the optimizer afresh from the kept weights.
    model.resetOptimizer();
    throw new NonFiniteError(
      'weights',
      `the update made a weight non-finite (learning rate ${config.learningRate} too large?): the weights from before the step were restored`,
    );
  }
  if (model.trainingSteps !== undefined) model.trainingSteps++;
  return value;
}
