// Constant initializers. zeros for a kernel is the lesson's cautionary tale: every unit of a
// layer computes the same function and receives the same gradient, so they never become
// different (symmetry is never broken). For biases zeros is the usual choice.
import { makeInitializer, numberOption, readOptions, type Initializer } from './initializer.js';

function filled(name: string, config: Record<string, unknown>, value: number): Initializer {
  return makeInitializer(
    name,
    config,
    (fanIn, fanOut) => new Float32Array(fanIn * fanOut).fill(value),
    (units) => new Float32Array(units).fill(value),
    { kernel: () => ({ kind: 'constant', value }), bias: () => ({ kind: 'constant', value }) },
  );
}

/** W = 0 (torch.nn.init.zeros_, keras Zeros). Breaks learning for a kernel; fine for a bias. */
export function zeros(options?: Record<string, never>): Initializer {
  readOptions('zeros', options, []);
  return filled('zeros', {}, 0);
}

/** W = 1 (torch.nn.init.ones_, keras Ones). */
export function ones(options?: Record<string, never>): Initializer {
  readOptions('ones', options, []);
  return filled('ones', {}, 1);
}

export interface ConstantOptions {
  /** The value of every element; default 0. */
  value?: number;
}

/** W = value (torch.nn.init.constant_, keras Constant). */
export function constant(options?: ConstantOptions): Initializer {
  const o = readOptions('constant', options, ['value']);
  const value = numberOption('constant', o, 'value', 0);
  return filled('constant', { value }, value);
}
