// The network's state on the core, behind the public Network facade: architecture, parameter
// block, per-batch-size workspaces and optimizer state. Internal: the facade checks every input
// before calling in here. `NetworkView` is the narrow part of it that the diagnostics and LSUV
// may use (they sit above nn and reach a network's model only through nn/network.ts's viewOf).
import { DisposedError, SymbreakError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import { scale } from '../kernels/elementwise.js';
import { randomStream } from '../init/random.js';
import { RandomStateImpl } from '../numpy/random-state.js';
import { numpyBias, numpyKernel } from './numpy-init.js';
import type { Matrix } from '../util/matrix.js';
import { lossAndGradient } from './loss.js';
import type { LossName } from './losses.js';
import { ParameterBlock, type LayerBuffers } from './params.js';
import { backward, forward, forwardLayer } from './propagate.js';
import type { Architecture, LayerArchitecture } from './spec.js';
import { OptimizerState } from './optimizer-state.js';
import { Workspace } from './workspace.js';

/** Workspaces kept at once; training reuses one or two sizes, predict may bring others. */
const MAX_WORKSPACES = 4;

/** A forward pass's buffers: valid until the next call on the network. */
export interface ForwardBuffers {
  readonly batch: number;
  readonly x: F32Buffer;
  readonly z: readonly F32Buffer[];
  readonly a: readonly F32Buffer[];
}

/** What the diagnostics and LSUV may do with a network. */
export interface NetworkView {
  readonly arch: Architecture;
  readonly layers: readonly LayerArchitecture[];
  readonly last: LayerArchitecture;
  /** Throws DisposedError for a disposed network. */
  check(): void;
  /** Runs x through the network (x already checked). */
  forwardOn(x: Matrix): ForwardBuffers;
  /** Recomputes layer l (z and a) from layer l-1's activations on the buffers of the last forwardOn. */
  forwardLayer(ws: ForwardBuffers, l: number): void;
  /**
   * On the buffers of the last forwardOn: the loss against `targets` and every layer's gradient
   * (see `gradients`). The weights and the optimizer state are not touched.
   */
  lossAndGradients(ws: ForwardBuffers, targets: Float32Array, loss: LossName, classIds: boolean): number;
  /** Layer l's kernel and bias on the core. */
  parameters(l: number): LayerBuffers;
  /** Layer l's gradients from the last lossAndGradients. */
  gradients(l: number): LayerBuffers;
  readLayer(l: number): { kernel: Matrix; bias: Float32Array };
  writeLayer(l: number, kernel: Float32Array, bias: Float32Array): void;
  /** kernel_l *= s (the bias is unchanged). */
  rescaleKernel(l: number, s: number): void;
  /** Starts a fresh optimizer (after the weights were changed behind its back). */
  resetOptimizer(): void;
  /**
   * Optimizer steps taken since the weights were initialized; undefined once they were set from
   * outside (setWeights, load), whose history is not known.
   */
  readonly trainingSteps: number | undefined;
}

export class Model implements NetworkView {
  readonly arch: Architecture;
  readonly params: ParameterBlock;
  optimizer: OptimizerState | null = null;
  /** Counts fit() calls, so each call without a seed shuffles with its own stream. */
  fitCount = 0;
  /** See NetworkView.trainingSteps. */
  trainingSteps: number | undefined = 0;
  #workspaces = new Map<number, Workspace>();
  #disposed = false;

  constructor(arch: Architecture) {
    this.arch = arch;
    this.params = new ParameterBlock(arch.layers);
  }

  get layers(): readonly LayerArchitecture[] {
    return this.arch.layers;
  }

  get last(): LayerArchitecture {
    return this.arch.layers[this.arch.layers.length - 1]!;
  }

  check(): void {
    if (this.#disposed) throw new DisposedError('this network was disposed');
  }

  /** Draws every layer's weights from its own stream, derived from the network seed. */
  initialize(): void {
    if (this.arch.rng === 'numpy') {
      const rs = new RandomStateImpl(this.arch.seed as number);
      this.arch.layers.forEach((layer, l) => {
        const kernel = numpyKernel(layer.kernelInit, layer.inputs, layer.units, rs);
        this.writeLayer(l, kernel, numpyBias(layer.biasInit, layer.units, layer.inputs, rs));
      });
      this.resetOptimizer();
      return;
    }
    const root = randomStream(this.arch.seed);
    this.arch.layers.forEach((layer, l) => {
      const stream = root.child(`layer${l}`);
      const kernel = layer.kernelInit.sample(layer.inputs, layer.units, stream.child('kernel'));
      const bias = layer.biasInit.sampleBias(layer.units, layer.inputs, stream.child('bias'));
      this.writeLayer(l, kernel.data, bias);
    });
    this.resetOptimizer();
  }

  parameters(l: number): LayerBuffers {
    return this.params.layers[l]!;
  }

  gradients(l: number): LayerBuffers {
    return this.params.gradients[l]!;
  }

  writeLayer(l: number, kernel: Float32Array, bias: Float32Array): void {
    const p = this.params.layers[l]!;
    p.kernel.write(kernel);
    p.bias.write(bias);
  }

  readLayer(l: number): { kernel: Matrix; bias: Float32Array } {
    return this.#read(this.params.layers[l]!, l);
  }

  readGrads(l: number): { kernel: Matrix; bias: Float32Array } {
    return this.#read(this.params.gradients[l]!, l);
  }

  #read(b: LayerBuffers, l: number): { kernel: Matrix; bias: Float32Array } {
    const layer = this.arch.layers[l]!;
    return { kernel: { rows: layer.units, cols: layer.inputs, data: b.kernel.read() }, bias: b.bias.read() };
  }

  rescaleKernel(l: number, s: number): void {
    const k = this.params.layers[l]!.kernel;
    scale(k, s, k, k.length);
  }

  /** The workspace for a batch size, allocated once and kept (least recently used evicted). */
  workspace(batch: number): Workspace {
    this.check();
    let ws = this.#workspaces.get(batch);
    if (ws) {
      // Map iteration order is insertion order: re-inserting marks it most recently used.
      this.#workspaces.delete(batch);
      this.#workspaces.set(batch, ws);
      return ws;
    }
    if (this.#workspaces.size >= MAX_WORKSPACES) {
      const [oldest, victim] = this.#workspaces.entries().next().value as [number, Workspace];
      victim.free();
      this.#workspaces.delete(oldest);
    }
    ws = new Workspace(batch, this.arch.inputs, this.arch.layers, this.last.units);
    this.#workspaces.set(batch, ws);
    return ws;
  }

  /** Copies x into a workspace of its batch size and runs the forward pass. */
  forwardOn(x: Matrix): Workspace {
    const ws = this.workspace(x.rows);
    ws.x.write(x.data);
    forward(this.arch.layers, this.params, ws);
    return ws;
  }

  forwardLayer(view: ForwardBuffers, l: number): void {
    forwardLayer(this.arch.layers, this.params, this.#own(view), l);
  }

  lossAndGradients(view: ForwardBuffers, targets: Float32Array, loss: LossName, classIds: boolean): number {
    const ws = this.#own(view);
    ws.y.write(targets);
    const value = lossAndGradient(this, ws, loss, classIds, true);
    backward(this.arch.layers, this.params, ws);
    return value;
  }

  /** The workspace behind buffers this model's forwardOn returned. */
  #own(view: ForwardBuffers): Workspace {
    if (!(view instanceof Workspace) || this.#workspaces.get(view.batch) !== view) {
      throw new SymbreakError('internal: these forward buffers are not this network\'s current ones');
    }
    return view;
  }

  resetOptimizer(): void {
    this.optimizer?.free();
    this.optimizer = null;
  }

  dispose(): void {
    if (this.#disposed) return;
    for (const ws of this.#workspaces.values()) ws.free();
    this.#workspaces.clear();
    this.resetOptimizer();
    this.params.free();
    this.#disposed = true;
  }
}
