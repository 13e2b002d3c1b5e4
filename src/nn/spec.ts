// A network's architecture: what the user writes (NetworkSpec) and the checked, normalized form
// the network runs on (Architecture). Every mistake is reported before any memory is touched.
import { ValueError } from '../errors.js';
import { anyOption, checkValue, numberOption, parseOptions, seedOption } from '../util/options.js';
import { infoOf } from '../registry/activations.js';
import { resolveInitializer, type Initializer, type InitializerSpec } from '../init/index.js';
import { activationToJSON, parseActivation, type Activation, type ActivationSpec } from './activation.js';

export interface LayerSpec {
  units: number;
  /** Default 'linear'. */
  activation?: ActivationSpec;
  /** Default 'glorotUniform'. */
  kernelInit?: InitializerSpec;
  /** Default 'zeros'. */
  biasInit?: InitializerSpec;
}

export interface NetworkSpec {
  inputs: number;
  layers: LayerSpec[];
  /** Default 0. A number (0 is a valid seed) or a string; with rng 'numpy', an integer in [0, 2**32 - 1]. */
  seed?: number | string;
  /**
   * 'numpy': the kernels and biases are drawn, layer by layer, from one numpy
   * RandomState(seed) as the course's notebooks draw them (nn/numpy-init.ts). Default:
   * symbreak's own seeded streams.
   */
  rng?: 'numpy';
}

export interface LayerArchitecture {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  readonly kernelInit: Initializer;
  readonly biasInit: Initializer;
}

export interface Architecture {
  readonly inputs: number;
  readonly layers: readonly LayerArchitecture[];
  readonly seed: number | string;
  readonly rng?: 'numpy';
}

/** The JSON form of an architecture (`net.toJSON()`), with initializers as `{ name, config }`. */
export interface NetworkJSON {
  inputs: number;
  layers: { units: number; activation: ActivationSpec; kernelInit: InitializerJSON; biasInit: InitializerJSON }[];
  seed: number | string;
  rng?: 'numpy';
}

export interface InitializerJSON {
  name: string;
  config: Record<string, unknown>;
}

const LAYER_KEYS = ['units', 'activation', 'kernelInit', 'biasInit'];
const NETWORK_KEYS = ['inputs', 'layers', 'seed', 'rng'];

function positiveInt(value: unknown, where: string, what: string): number {
  checkValue(value, where, what, numberOption({ integer: true, min: 1 }));
  return value as number;
}

function checkKeys(obj: object, allowed: string[], where: string): void {
  parseOptions(obj, where, Object.fromEntries(allowed.map((k) => [k, anyOption()])));
}

export function checkSeed(seed: unknown, where: string): number | string {
  if (seed === undefined) return 0;
  checkValue(seed, where, 'seed', seedOption());
  return seed as number | string;
}

export function parseSpec(spec: unknown): Architecture {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ValueError(`a network spec must be an object { inputs, layers, seed? }, got ${JSON.stringify(spec)}`);
  }
  checkKeys(spec, NETWORK_KEYS, 'network spec');
  const s = spec as Record<string, unknown>;
  const inputs = positiveInt(s.inputs, 'network spec', 'inputs');
  if (!Array.isArray(s.layers) || s.layers.length === 0) {
    throw new ValueError(`layers must be a non-empty array, got ${JSON.stringify(s.layers)}`);
  }
  const seed = checkSeed(s.seed, 'network spec');
  if (s.rng !== undefined && s.rng !== 'numpy') throw new ValueError(`network spec: rng must be 'numpy' (or left out for symbreak's own streams), got ${JSON.stringify(s.rng)}`);
  if (s.rng === 'numpy' && !(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new ValueError(`network spec: with rng 'numpy' the seed must be an integer between 0 and 2**32 - 1 (as numpy's), got ${JSON.stringify(seed)}`);
  }
  const layers: LayerArchitecture[] = [];
  let fanIn = inputs;
  s.layers.forEach((layer: unknown, l: number) => {
    const where = `layers[${l}]`;
    if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
      throw new ValueError(`${where} must be an object { units, activation?, kernelInit?, biasInit? }`);
    }
    checkKeys(layer, LAYER_KEYS, where);
    const ls = layer as Record<string, unknown>;
    const units = positiveInt(ls.units, 'network spec', `${where}.units`);
    const activation = parseActivation(ls.activation, where);
    if (infoOf(activation.name).lastLayerOnly && l !== (s.layers as unknown[]).length - 1) {
      throw new ValueError(`${where}: ${activation.name} is allowed only on the last layer, got it on layer ${l}`);
    }
    if (activation.name === 'softmax' && units === 1) {
      throw new ValueError(
        `${where}: softmax over 1 unit always outputs 1 and cannot learn: for two classes use { units: 1, activation: 'sigmoid' } with binaryCrossEntropy`,
      );
    }
    const kernelInit = resolveInitializer((ls.kernelInit ?? 'glorotUniform') as InitializerSpec);
    const biasInit = resolveInitializer((ls.biasInit ?? 'zeros') as InitializerSpec);
    layers.push({ inputs: fanIn, units, activation, kernelInit, biasInit });
    fanIn = units;
  });
  return s.rng === 'numpy' ? { inputs, layers, seed, rng: 'numpy' } : { inputs, layers, seed };
}

export function architectureToJSON(a: Architecture): NetworkJSON {
  return {
    inputs: a.inputs,
    layers: a.layers.map((l) => ({
      units: l.units,
      activation: activationToJSON(l.activation),
      kernelInit: { name: l.kernelInit.name, config: { ...l.kernelInit.config } },
      biasInit: { name: l.biasInit.name, config: { ...l.biasInit.config } },
    })),
    seed: a.seed,
    ...(a.rng ? { rng: a.rng } : {}),
  };
}
