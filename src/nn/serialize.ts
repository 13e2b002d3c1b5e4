// A network as a safetensors file: tensors `layers.{l}.kernel` (F32, [units, inputs], the
// orientation of PyTorch's nn.Linear.weight) and `layers.{l}.bias` ([units]), the architecture
// as JSON in __metadata__. Anything that does not describe a network of that architecture is a
// FormatError.
import { FormatError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../io/safetensors.js';
import type { NetworkJSON } from './spec.js';
import type { LayerWeights } from './network.js';

const FORMAT = 'symbreak.network';
const VERSION = '1';

export function encodeNetwork(json: NetworkJSON, weights: LayerWeights[]): Uint8Array {
  const tensors: NamedTensor[] = [];
  weights.forEach((w, l) => {
    tensors.push({ name: `layers.${l}.kernel`, shape: [w.kernel.rows, w.kernel.cols], data: w.kernel.data });
    tensors.push({ name: `layers.${l}.bias`, shape: [w.bias.length], data: w.bias });
  });
  return encodeSafetensors(tensors, { format: FORMAT, version: VERSION, architecture: JSON.stringify(json) });
}

export function decodeNetwork(bytes: Uint8Array): { json: NetworkJSON; weights: LayerWeights[] } {
  if (!(bytes instanceof Uint8Array)) throw new FormatError(`a network file must be a Uint8Array, got ${typeof bytes}`);
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.format !== FORMAT) {
    throw new FormatError(`__metadata__.format must be '${FORMAT}', got ${JSON.stringify(metadata.format)}`);
  }
  if (metadata.version !== VERSION) {
    throw new FormatError(`__metadata__.version must be '${VERSION}', got ${JSON.stringify(metadata.version)}`);
  }
  let json: NetworkJSON;
  try {
    json = JSON.parse(metadata.architecture ?? '') as NetworkJSON;
  } catch {
    throw new FormatError('__metadata__.architecture is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.layers)) {
    throw new FormatError('__metadata__.architecture must be an object with a layers array');
  }
  const weights: LayerWeights[] = [];
  let inputs = json.inputs;
  json.layers.forEach((layer, l) => {
    const kernel = tensors.get(`layers.${l}.kernel`);
    const bias = tensors.get(`layers.${l}.bias`);
    if (!kernel || !bias) throw new FormatError(`the file has no tensor layers.${l}.${kernel ? 'bias' : 'kernel'}`);
    const units = layer?.units;
    if (kernel.shape.length !== 2 || kernel.shape[0] !== units || kernel.shape[1] !== inputs) {
      throw new FormatError(
        `layers.${l}.kernel has shape [${kernel.shape.join(', ')}], the architecture says [${units}, ${inputs}]`,
      );
    }
    if (bias.shape.length !== 1 || bias.shape[0] !== units) {
      throw new FormatError(`layers.${l}.bias has shape [${bias.shape.join(', ')}], the architecture says [${units}]`);
    }
    weights.push({ kernel: { rows: units, cols: inputs, data: kernel.data }, bias: bias.data });
    inputs = units;
  });
  if (tensors.size !== 2 * json.layers.length) {
    throw new FormatError(`the file has ${tensors.size} tensors, the architecture has ${2 * json.layers.length}`);
  }
  return { json, weights };
}
