// The public network: checks every input, then runs on the model's core buffers. A call that
// fails leaves the network exactly as it was, because every check comes before any write.
import { FormatError, ShapeError, ValueError } from '../errors.js';
import { requireReady } from '../core/load.js';
import { allFinite } from '../kernels/elementwise.js';
import { checkFinite, describe, firstNonFinite, toMatrix, type Matrix } from '../util/matrix.js';
import type { TensorLike } from '../core/tensor.js';
import { anyOption, parseOptions } from '../util/options.js';
import { fitNetwork, type FitExtension, type FitOptions } from './fit.js';
import type { History } from './history.js';
import { inputMatrix, parseBatch, type Batch } from './inputs.js';
import { lossAndGradient } from './loss.js';
import { accuracyOf, type LossName } from './losses.js';
import { Model, type NetworkView } from './model.js';
import { parseOptimizer, type OptimizerSpec } from './optimizers.js';
import { backward } from './propagate.js';
import { decodeNetwork, encodeNetwork } from './serialize.js';
import { architectureToJSON, parseSpec, type NetworkJSON, type NetworkSpec } from './spec.js';
import type { ActivationName } from '../registry/activations.js';
import { step } from './training.js';

// The model behind each network, private to this module: the layers above nn (diagnostics,
// LSUV) reach it only through viewOf, as the narrow NetworkView.
const models = new WeakMap<object, Model>();

/** The view of a network's model for the diagnostics (DisposedError when disposed), or a ValueError. */
export function viewOf(net: unknown, op: string): NetworkView {
  const model = typeof net === 'object' && net !== null ? models.get(net) : undefined;
  if (model === undefined) throw new ValueError(`${op}: net must be an sb.Network, got ${describe(net)}`);
  model.check();
  return model;
}

export type Targets = TensorLike | number[];

export interface LayerWeights {
  /** [units, inputs], as PyTorch's nn.Linear.weight. */
  kernel: Matrix;
  bias: Float32Array;
}

export interface LayerInfo {
  inputs: number;
  units: number;
  activation: ActivationName;
}

const TRAIN_STEP = { loss: anyOption(), optimizer: anyOption() };
const EVALUATE = { loss: anyOption() };

export class Network {
  readonly #model: Model;

  constructor(spec: NetworkSpec) {
    const arch = parseSpec(spec);
    requireReady(); // NotReadyError before any allocation
    this.#model = new Model(arch);
    try {
      this.#model.initialize();
    } catch (error) {
      this.#model.dispose();
      throw error;
    }
    models.set(this, this.#model);
  }

  get inputs(): number {
    return this.#model.arch.inputs;
  }

  get outputs(): number {
    return this.#model.last.units;
  }

  get layers(): LayerInfo[] {
    return this.#model.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation.name }));
  }

  /** Checks x against the network's inputs. */
  #input(x: unknown): Matrix {
    this.#model.check();
    return inputMatrix(this.#model.arch, x, '');
  }

  predict(x: TensorLike): Matrix {
    const m = this.#input(x);
    const ws = this.#model.forwardOn(m);
    const L = this.#model.layers.length - 1;
    return { rows: m.rows, cols: this.outputs, data: ws.a[L]!.read() };
  }

  forward(x: TensorLike): { preactivations: Matrix[]; activations: Matrix[] } {
    const m = this.#input(x);
    const ws = this.#model.forwardOn(m);
    const copy = (b: { read(): Float32Array }, units: number): Matrix => ({ rows: m.rows, cols: units, data: b.read() });
    return {
      preactivations: this.#model.layers.map((l, i) => copy(ws.z[i]!, l.units)),
      activations: this.#model.layers.map((l, i) => copy(ws.a[i]!, l.units)),
    };
  }

  #batch(x: unknown, y: unknown, lossName: unknown, checkFinite = true): Batch {
    this.#model.check();
    return parseBatch(this.#model.arch, x, y, lossName, '', 'x', checkFinite);
  }

  /** The mean loss on (x, y), as a float32 value. */
  loss(x: TensorLike, y: Targets, lossName: LossName): number {
    const b = this.#batch(x, y, lossName);
    const ws = this.#model.forwardOn(b.x);
    ws.y.write(b.targets.m.data);
    return lossAndGradient(this.#model, ws, b.loss, b.targets.classIds, false);
  }

  /** Gradients of the mean loss over the batch, per layer. */
  gradients(x: TensorLike, y: Targets, lossName: LossName): LayerWeights[] {
    const b = this.#batch(x, y, lossName);
    const model = this.#model;
    const ws = model.forwardOn(b.x);
    ws.y.write(b.targets.m.data);
    lossAndGradient(model, ws, b.loss, b.targets.classIds, true);
    backward(model.layers, model.params, ws);
    return model.layers.map((_, l) => model.readGrads(l));
  }

  /** One optimizer step on one batch; returns the batch loss (float32). */
  trainStep(x: TensorLike, y: Targets, options: { loss: LossName; optimizer?: OptimizerSpec }): number {
    const o = parseOptions(options, 'trainStep', TRAIN_STEP);
    // x's finiteness is checked on the core after the copy (f32_all_finite), not by a JS scan:
    // this is the hot path of a training loop. Only the workspace is written before the check.
    const b = this.#batch(x, y, o.loss, false);
    const config = parseOptimizer(o.optimizer ?? 'sgd');
    const ws = this.#model.workspace(b.x.rows);
    ws.x.write(b.x.data);
    if (!allFinite(ws.x, b.x.data.length)) checkFinite(b.x, 'x');
    ws.y.write(b.targets.m.data);
    return step(this.#model, ws, b.loss, b.targets.classIds, config);
  }

  async fit(x: TensorLike, y: Targets, options: FitOptions): Promise<History<unknown>> {
    // async: every failure, a disposed network's included, is a rejected promise.
    return fitNetwork(this.#model, x, y, options, this.fitExtension());
  }

  /** @internal The extra fit option a subclass provides (the facade's diagnostics). */
  protected fitExtension(): FitExtension<unknown> | undefined {
    return undefined;
  }

  /** Loss and accuracy (NaN for mean squared error, which has no accuracy). */
  evaluate(x: TensorLike, y: Targets, options: { loss: LossName }): { loss: number; accuracy: number } {
    const o = parseOptions(options, 'evaluate', EVALUATE);
    const b = this.#batch(x, y, o.loss);
    const ws = this.#model.forwardOn(b.x);
    ws.y.write(b.targets.m.data);
    const loss = lossAndGradient(this.#model, ws, b.loss, b.targets.classIds, false);
    const L = this.#model.layers.length - 1;
    const accuracy = accuracyOf(b.loss, ws.a[L]!.read(), b.targets.m, this.outputs, b.targets.classIds);
    return { loss, accuracy };
  }

  getWeights(): LayerWeights[] {
    this.#model.check();
    return this.#model.layers.map((_, l) => this.#model.readLayer(l));
  }

  /** Replaces every layer's weights (copies; shapes checked) and starts a fresh optimizer. */
  setWeights(weights: LayerWeights[]): void {
    this.#model.check();
    const layers = this.#model.layers;
    if (!Array.isArray(weights) || weights.length !== layers.length) {
      throw new ShapeError(
        `setWeights needs ${layers.length} layers, got ${Array.isArray(weights) ? weights.length : typeof weights}`,
      );
    }
    // Check everything before writing anything.
    const checked = weights.map((w, l) => {
      const layer = layers[l]!;
      if (typeof w !== 'object' || w === null) throw new ValueError(`weights[${l}] must be { kernel, bias }`);
      const kernel = toMatrix(w.kernel, `weights[${l}].kernel`);
      if (kernel.rows !== layer.units || kernel.cols !== layer.inputs) {
        throw new ShapeError(
          `weights[${l}].kernel is ${kernel.rows}x${kernel.cols}, layer ${l} needs ${layer.units}x${layer.inputs} ([units, inputs])`,
        );
      }
      const bias = w.bias;
      if (!(bias instanceof Float32Array) && !Array.isArray(bias)) {
        throw new ValueError(`weights[${l}].bias must be a Float32Array or number[]`);
      }
      if (bias.length !== layer.units) {
        throw new ShapeError(`weights[${l}].bias has ${bias.length} values, layer ${l} has ${layer.units} units`);
      }
      const b = Float32Array.from(bias as ArrayLike<number>);
      const bad = firstNonFinite(b);
      if (bad >= 0 || (Array.isArray(bias) && bias.some((v) => typeof v !== 'number'))) {
        throw new ValueError(`weights[${l}].bias must be finite numbers, got ${bias[bad >= 0 ? bad : 0]} at ${Math.max(bad, 0)}`);
      }
      return { kernel: kernel.data, bias: b };
    });
    checked.forEach((w, l) => this.#model.writeLayer(l, w.kernel, w.bias));
    this.#model.resetOptimizer();
    this.#model.trainingSteps = undefined;
  }

  /** The weights in the safetensors format (loadable by Python's safetensors package). */
  save(): Uint8Array {
    this.#model.check();
    return encodeNetwork(this.toJSON(), this.getWeights());
  }

  /** A network from `save()`'s bytes. A file that does not describe a network is a FormatError. */
  static load<N extends Network>(this: new (spec: NetworkSpec) => N, bytes: Uint8Array): N {
    const { json, weights } = decodeNetwork(bytes);
    let net: N;
    try {
      net = new this(json as unknown as NetworkSpec);
    } catch (error) {
      if (error instanceof ValueError || error instanceof ShapeError) {
        throw new FormatError(`the file's architecture is not valid: ${error.message}`);
      }
      throw error;
    }
    try {
      net.setWeights(weights);
    } catch (error) {
      net.dispose();
      if (error instanceof ValueError || error instanceof ShapeError) {
        throw new FormatError(`the file's weights are not valid: ${error.message}`);
      }
      throw error;
    }
    return net;
  }

  toJSON(): NetworkJSON {
    this.#model.check();
    return architectureToJSON(this.#model.arch);
  }

  /** A new network of the same architecture, initialized from the recorded seed. */
  static fromJSON<N extends Network>(this: new (spec: NetworkSpec) => N, json: NetworkJSON): N {
    return new this(json as unknown as NetworkSpec);
  }

  /** Frees the network's core memory; later use throws DisposedError. Twice is harmless. */
  dispose(): void {
    this.#model.dispose();
  }
}
