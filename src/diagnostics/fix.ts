// A finding's fix as data a program can apply (`sb.applyFix(spec, fix)`), and the one rule every
// fix obeys: it never proposes what the network already uses. Each proposal is compared with the
// layer's current configuration after both are normalized (an initializer as `{ name, config }`
// with its defaults filled in, an activation as name and parameter), and what is unchanged is
// dropped; a fix with nothing left is no fix.
import { ValueError } from '../errors.js';
import { resolveInitializer, type InitializerSpec } from '../init/index.js';
import { activationToJSON, parseActivation, type ActivationSpec } from '../nn/activation.js';
import { architectureToJSON, parseSpec, type InitializerJSON, type LayerArchitecture, type NetworkJSON, type NetworkSpec } from '../nn/spec.js';
import { anyOption, booleanOption, checkValue, numberOption, parseOptions } from '../util/options.js';
import { describe } from '../util/matrix.js';

/** One layer's part of a fix: the fields to set in `layers[layer]` of the network spec. */
export interface LayerFix {
  layer: number;
  kernelInit?: InitializerJSON;
  biasInit?: InitializerJSON;
  activation?: ActivationSpec;
}

export interface Fix {
  /** The fix in words. */
  text: string;
  /** Changes to the network spec, one entry per layer that changes. */
  layers?: LayerFix[];
  /** A learning rate to train with instead of the one used (measured where the finding says so). */
  learningRate?: number;
  /** Standardize each input feature (zero mean, unit std over the training data) before training. */
  standardizeInputs?: boolean;
}

function initJSON(spec: InitializerSpec | InitializerJSON): InitializerJSON {
  const i = resolveInitializer(spec as InitializerSpec);
  return { name: i.name, config: { ...i.config } };
}

/** An initializer of a fix, with the fix's path in the error when it is not one. */
function initAt(spec: unknown, at: string): InitializerJSON {
  try {
    return initJSON(spec as InitializerSpec);
  } catch (error) {
    if (error instanceof ValueError) throw new ValueError(`applyFix: ${at}: ${error.message}`);
    throw error;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameInit(a: InitializerJSON, b: InitializerJSON): boolean {
  return a.name === b.name && JSON.stringify(a.config) === JSON.stringify(b.config);
}

/** A fix as applyFix takes it: initializers also by name or as Initializer objects. */
export interface FixSpec {
  text?: string;
  layers?: { layer: number; kernelInit?: InitializerSpec | InitializerJSON; biasInit?: InitializerSpec | InitializerJSON; activation?: ActivationSpec }[];
  learningRate?: number;
  standardizeInputs?: boolean;
}

/** A proposed change to one layer, before it is compared with the layer. */
export interface LayerProposal {
  layer: number;
  kernelInit?: InitializerJSON;
  biasInit?: InitializerJSON;
  activation?: ActivationSpec;
}

/**
 * The proposal with every field the layers already have removed (normalized comparison), or
 * undefined when nothing is left to change. `notFromSpec` names the layers whose kernel or bias
 * was set by hand (not drawn by the spec's initializer): there the spec's own initializer is a
 * change, and is kept.
 */
export function changedLayers(
  layers: readonly LayerArchitecture[],
  proposals: LayerProposal[],
  notFromSpec: { kernel: readonly number[]; bias: readonly number[] } = { kernel: [], bias: [] },
): LayerFix[] | undefined {
  const out: LayerFix[] = [];
  for (const p of proposals) {
    const cur = layers[p.layer]!;
    const f: LayerFix = { layer: p.layer };
    if (p.kernelInit) {
      const k = initJSON(p.kernelInit);
      if (notFromSpec.kernel.includes(p.layer) || !sameInit(k, { name: cur.kernelInit.name, config: cur.kernelInit.config })) f.kernelInit = k;
    }
    if (p.biasInit) {
      const b = initJSON(p.biasInit);
      if (notFromSpec.bias.includes(p.layer) || !sameInit(b, { name: cur.biasInit.name, config: cur.biasInit.config })) f.biasInit = b;
    }
    if (p.activation !== undefined) {
      const a = parseActivation(p.activation, `fix layer ${p.layer}`);
      if (a.name !== cur.activation.name || a.alpha !== cur.activation.alpha) f.activation = p.activation;
    }
    if (f.kernelInit || f.biasInit || f.activation !== undefined) out.push(f);
  }
  return out.length > 0 ? out : undefined;
}

const FIX_SCHEMA = {
  text: anyOption(),
  layers: anyOption(),
  learningRate: numberOption({ above: 0 }),
  standardizeInputs: booleanOption(),
};
const LAYER_FIX_SCHEMA = { layer: numberOption({ integer: true, min: 0 }), kernelInit: anyOption(), biasInit: anyOption(), activation: anyOption() };

/**
 * A new network spec (in `net.toJSON()`'s form) with the fix's layer changes applied; `spec` (a
 * NetworkSpec, or what `net.toJSON()` returns) is not changed. The fix's learningRate and standardizeInputs are for
 * the training call and the data, not the spec: the caller applies them.
 */
export function applyFix(spec: NetworkSpec | NetworkJSON, fix: Fix | FixSpec | null): NetworkJSON {
  // Normalized first (initializer objects become { name, config }): checks the spec, and the
  // result is plain data that shares nothing with the input.
  const out = architectureToJSON(parseSpec(spec)) as NetworkJSON;
  if (fix === null || fix === undefined) return out;
  if (!isPlainObject(fix)) throw new ValueError(`applyFix: fix must be a finding's fix (an object) or null, got ${describe(fix)}`);
  const o = parseOptions(fix, 'applyFix', FIX_SCHEMA, { keyPrefix: 'fix.' });
  if (o.text !== undefined && typeof o.text !== 'string') throw new ValueError(`applyFix: fix.text must be a string, got ${describe(o.text)}`);
  if (o.layers === undefined) return out;
  if (!Array.isArray(o.layers)) throw new ValueError(`applyFix: fix.layers must be an array, got ${describe(o.layers)}`);
  for (const [i, lf] of (o.layers as unknown[]).entries()) {
    const at = `fix.layers[${i}]`;
    if (!isPlainObject(lf)) throw new ValueError(`applyFix: ${at} must be an object { layer, kernelInit?, biasInit?, activation? }, got ${describe(lf)}`);
    const f = parseOptions(lf, 'applyFix', LAYER_FIX_SCHEMA, { keyPrefix: `${at}.` });
    checkValue(f.layer, 'applyFix', `${at}.layer`, numberOption({ integer: true, min: 0, max: out.layers.length - 1 }));
    const layer = out.layers[f.layer as number]!;
    if (f.kernelInit !== undefined) layer.kernelInit = initAt(f.kernelInit, `${at}.kernelInit`);
    if (f.biasInit !== undefined) layer.biasInit = initAt(f.biasInit, `${at}.biasInit`);
    if (f.activation !== undefined) layer.activation = activationToJSON(parseActivation(f.activation, `applyFix: fix.layers[${i}]`));
  }
  // The result must be a valid spec (a fix that puts softmax on a hidden layer is refused here).
  parseSpec(out);
  return out;
}
