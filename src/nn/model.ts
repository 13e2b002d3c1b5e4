// The network's state on the core, behind the public Network facade: architecture, parameter
// block, per-batch-size workspaces and optimizer state. Internal: the facade checks every input
// before calling in here.
import { DisposedError } from '../errors.js';
import { randomStream } from '../init/random.js';
import { f32View, writeF32 } from '../runtime/heap.js';
import type { Matrix } from '../runtime/matrix.js';
import { ParameterBlock } from './params.js';
import { forward } from './propagate.js';
import type { Architecture, LayerArchitecture } from './spec.js';
import { OptimizerState } from './optimizer-state.js';
import { Workspace } from './workspace.js';

/** Workspaces kept at once; training reuses one or two sizes, predict may bring others. */
const MAX_WORKSPACES = 4;

export class Model {
  readonly arch: Architecture;
  readonly params: ParameterBlock;
  optimizer: OptimizerState | null = null;
  /** Counts fit() calls, so each call without a seed shuffles with its own stream. */
  fitCount = 0;
  #workspaces = new Map<number, Workspace>();
  #disposed = false;

  constructor(arch: Architecture) {
    this.arch = arch;
    this.params = new ParameterBlock(arch.layers);
    const p = this.params;
    // Padding between tensors must stay zero; gradients and backup start defined too.
    f32View(p.values, p.size).fill(0);
    f32View(p.grads, p.size).fill(0);
    f32View(p.backup, p.size).fill(0);
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
    const root = randomStream(this.arch.seed);
    this.arch.layers.forEach((layer, l) => {
      const stream = root.child(`layer${l}`);
      const kernel = layer.kernelInit.sample(layer.inputs, layer.units, stream.child('kernel'));
      const bias = layer.biasInit.sampleBias(layer.units, layer.inputs, stream.child('bias'));
      this.writeLayer(l, kernel.data, bias);
    });
    this.resetOptimizer();
  }

  writeLayer(l: number, kernel: Float32Array, bias: Float32Array): void {
    writeF32(this.params.kernel(l), kernel);
    writeF32(this.params.bias(l), bias);
  }

  readLayer(l: number): { kernel: Matrix; bias: Float32Array } {
    const layer = this.arch.layers[l]!;
    const n = layer.units * layer.inputs;
    return {
      kernel: { rows: layer.units, cols: layer.inputs, data: f32View(this.params.kernel(l), n).slice() },
      bias: f32View(this.params.bias(l), layer.units).slice(),
    };
  }

  readGrads(l: number): { kernel: Matrix; bias: Float32Array } {
    const layer = this.arch.layers[l]!;
    const n = layer.units * layer.inputs;
    return {
      kernel: { rows: layer.units, cols: layer.inputs, data: f32View(this.params.kernelGrad(l), n).slice() },
      bias: f32View(this.params.biasGrad(l), layer.units).slice(),
    };
  }

  /** The workspace for a batch size, allocated once and kept (least recently used evicted). */
  workspace(batch: number): Workspace {
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
    writeF32(ws.x, x.data);
    forward(this.arch.layers, this.params, ws);
    return ws;
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
