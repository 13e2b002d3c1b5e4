// The optimizer's state (velocity, or Adam's moments and step count) lives on the network
// between steps, in the core's memory, laid out like the parameter block.
import type { F32Buffer } from '../core/buffer.js';
import { allocF32, freeAll } from '../core/heap.js';
import { scale } from '../kernels/elementwise.js';
import { adamStep, sgdStep } from '../kernels/optimizers.js';
import { adamBiasCorrections, optimizerStateBuffers, type OptimizerConfig } from './optimizers.js';
import type { ParameterBlock } from './params.js';

export class OptimizerState {
  #config: OptimizerConfig;
  readonly #buffers: F32Buffer[] = [];
  #step = 0;

  constructor(config: OptimizerConfig, size: number) {
    this.#config = config;
    for (let i = 0; i < optimizerStateBuffers(config); i++) {
      const b = allocF32(size);
      b.fill(0); // velocity and moments start at zero
      this.#buffers.push(b);
    }
  }

  get step(): number {
    return this.#step;
  }

  get config(): OptimizerConfig {
    return this.#config;
  }

  /**
   * Whether this state can carry on under `config`: the same optimizer with the same settings,
   * the learning rate aside. A new rate keeps the velocity, the moments and the step count, as
   * changing `param_groups[0]['lr']` does in PyTorch (torch.optim.SGD, torch.optim.Adam, and the
   * schedulers that set it).
   */
  matches(config: OptimizerConfig): boolean {
    const a = this.#config as unknown as Record<string, unknown>;
    const b = config as unknown as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (k !== 'learningRate' && !Object.is(a[k], b[k])) return false;
    return true;
  }

  /** Carries on under `config` (matches(config) holds): only the learning rate may differ. */
  adopt(config: OptimizerConfig): void {
    this.#config = config;
  }

  /** One update of every parameter from p.grads. */
  apply(p: ParameterBlock): void {
    const c = this.#config;
    this.#step++;
    if (c.type === 'momentum') {
      // v <- beta·v + ((1 - beta)·g) is SGD's v <- mu·v + g' on g' = (1 - beta)·g, each product
      // rounded to float32 before the sum, as the course's float32 arithmetic would. The
      // gradient buffer is the step's scratch: every step recomputes it before use.
      scale(p.grads, Math.fround(1 - c.beta), p.grads, p.size);
      sgdStep(p.values, p.grads, this.#buffers[0]!, p.size, c.learningRate, c.beta, false);
    } else if (c.type === 'sgd') {
      sgdStep(p.values, p.grads, this.#buffers[0] ?? null, p.size, c.learningRate, c.momentum, c.nesterov);
    } else {
      const [bc1, bc2] = adamBiasCorrections(c.beta1, c.beta2, this.#step);
      adamStep(p.values, p.grads, this.#buffers[0]!, this.#buffers[1]!, p.size, c.learningRate, c.beta1, c.beta2, c.epsilon, bc1, bc2);
    }
  }

  free(): void {
    freeAll(this.#buffers);
    this.#buffers.length = 0;
  }
}
