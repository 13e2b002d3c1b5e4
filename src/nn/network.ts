// The public network: checks every input, then runs on the model's core buffers. A call that
// fails leaves the network exactly as it was, because every check comes before any write.
import { FormatError, ShapeError, ValueError } from '../errors.js';
import { parseOptimizer, type OptimizerSpec } from '../kernels/optimizers.js';
import { core } from '../runtime/core.js';
import { f32View } from '../runtime/heap.js';
import { allFinitePtr } from '../kernels/elementwise.js';
import { checkFinite, firstNonFinite, toMatrix, type Matrix, type MatrixLike } from '../runtime/matrix.js';
import { writeF32 } from '../runtime/heap.js';
import { accuracyOf } from './accuracy.js';
import { fitNetwork, type FitOptions, type History } from './fit.js';
import { lossAndGradient } from './loss.js';
import { Model } from './model.js';
import { backward } from './propagate.js';
import { decodeNetwork, encodeNetwork } from './serialize.js';
import { architectureToJSON, parseSpec, type NetworkJSON, type NetworkSpec } from './spec.js';
import { parseLoss, parseTargets, type LossName } from './targets.js';
import { step } from './training.js';

export type Targets = MatrixLike | number[];

export interface LayerWeights {
  /** [units, inputs], as PyTorch's nn.Linear.weight. */
  kernel: Matrix;
  bias: Float32Array;
}

export interface LayerInfo {
  inputs: number;
  units: number;
  activation: string;
}

function checkOptions(opts: unknown, allowed: string[], where: string): Record<string, unknown> {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ValueError(`${where}: options must be an object, got ${JSON.stringify(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      throw new ValueError(`${where}: unknown option '${key}' (expected ${allowed.join(', ')})`);
    }
  }
  return opts as Record<string, unknown>;
}

export class Network {
  readonly #model: Model;

  constructor(spec: NetworkSpec) {
    const arch = parseSpec(spec);
    core(); // NotReadyError before any allocation
    this.#model = new Model(arch);
    try {
      this.#model.initialize();
    } catch (error) {
      this.#model.dispose();
      throw error;
    }
  }

  /** @internal The model behind the facade (diagnostics and LSUV use it). */
  get model(): Model {
    this.#model.check();
    return this.#model;
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
  #input(x: unknown, checkFinite = true): Matrix {
    this.#model.check();
    const m = toMatrix(x, 'x', { checkFinite });
    if (m.cols !== this.inputs) {
      throw new ShapeError(`x has ${m.cols} columns, the network expects ${this.inputs}`);
    }
    return m;
  }

  predict(x: MatrixLike): Matrix {
    const m = this.#input(x);
    const ws = this.#model.forwardOn(m);
    const L = this.#model.layers.length - 1;
    return { rows: m.rows, cols: this.outputs, data: f32View(ws.a[L]!, m.rows * this.outputs).slice() };
  }

  forward(x: MatrixLike): { preactivations: Matrix[]; activations: Matrix[] } {
    const m = this.#input(x);
    const ws = this.#model.forwardOn(m);
    const copy = (ptr: number, units: number): Matrix => ({
      rows: m.rows,
      cols: units,
      data: f32View(ptr, m.rows * units).slice(),
    });
    return {
      preactivations: this.#model.layers.map((l, i) => copy(ws.z[i]!, l.units)),
      activations: this.#model.layers.map((l, i) => copy(ws.a[i]!, l.units)),
    };
  }

  #batch(
    x: unknown,
    y: unknown,
    lossName: unknown,
    checkFinite = true,
  ): { m: Matrix; loss: LossName; classIds: boolean; t: Matrix } {
    const m = this.#input(x, checkFinite);
    const loss = parseLoss(lossName, this.#model.last);
    const targets = parseTargets(y, loss, this.outputs, m.rows);
    return { m, loss, classIds: targets.classIds, t: targets.m };
  }

  /** The mean loss on (x, y), as a float32 value. */
  loss(x: MatrixLike, y: Targets, lossName: LossName): number {
    const b = this.#batch(x, y, lossName);
    const ws = this.#model.forwardOn(b.m);
    writeF32(ws.y, b.t.data);
    return lossAndGradient(this.#model, ws, b.loss, b.classIds, false);
  }

  /** Gradients of the mean loss over the batch, per layer. */
  gradients(x: MatrixLike, y: Targets, lossName: LossName): LayerWeights[] {
    const b = this.#batch(x, y, lossName);
    const model = this.#model;
    const ws = model.forwardOn(b.m);
    writeF32(ws.y, b.t.data);
    lossAndGradient(model, ws, b.loss, b.classIds, true);
    backward(model.layers, model.params, ws);
    return model.layers.map((_, l) => model.readGrads(l));
  }

  /** One optimizer step on one batch; returns the batch loss (float32). */
  trainStep(x: MatrixLike, y: Targets, options: { loss: LossName; optimizer?: OptimizerSpec }): number {
    const o = checkOptions(options, ['loss', 'optimizer'], 'trainStep');
    // x's finiteness is checked on the core after the copy (f32_all_finite), not by a JS scan:
    // this is the hot path of a training loop. Only the workspace is written before the check.
    const b = this.#batch(x, y, o.loss, false);
    const config = parseOptimizer(o.optimizer ?? 'sgd');
    const ws = this.#model.workspace(b.m.rows);
    writeF32(ws.x, b.m.data);
    if (!allFinitePtr(ws.x, b.m.data.length)) checkFinite(b.m, 'x');
    writeF32(ws.y, b.t.data);
    return step(this.#model, ws, b.loss, b.classIds, config);
  }

  fit(x: MatrixLike, y: Targets, options: FitOptions): Promise<History> {
    return fitNetwork(this.#model, x, y, options);
  }

  /** Loss and accuracy (NaN for mean squared error, which has no accuracy). */
  evaluate(x: MatrixLike, y: Targets, options: { loss: LossName }): { loss: number; accuracy: number } {
    const o = checkOptions(options, ['loss'], 'evaluate');
    const b = this.#batch(x, y, o.loss);
    const ws = this.#model.forwardOn(b.m);
    writeF32(ws.y, b.t.data);
    const loss = lossAndGradient(this.#model, ws, b.loss, b.classIds, false);
    const L = this.#model.layers.length - 1;
    const accuracy = accuracyOf(b.loss, f32View(ws.a[L]!, b.m.rows * this.outputs), b.t, this.outputs, b.classIds);
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
  }

  /** The weights in the safetensors format (loadable by Python's safetensors package). */
  save(): Uint8Array {
    this.#model.check();
    return encodeNetwork(this.toJSON(), this.getWeights());
  }

  /** A network from `save()`'s bytes. A file that does not describe a network is a FormatError. */
  static load(bytes: Uint8Array): Network {
    const { json, weights } = decodeNetwork(bytes);
    let net: Network;
    try {
      net = Network.fromJSON(json);
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
  static fromJSON(json: NetworkJSON): Network {
    return new Network(json as unknown as NetworkSpec);
  }

  /** Frees the network's core memory; later use throws DisposedError. Twice is harmless. */
  dispose(): void {
    this.#model.dispose();
  }
}
