// A float64 reference of a dense network's forward pass and mean loss, written plainly (tests
// only): the network's float32 gradients are checked against central finite differences of this.
import { activationReference, softmaxRows } from './activations.js';
import { bceLogitsReference, bceProbsReference, cceReference, mseReference, oneHot } from './losses.js';

export interface RefLayer {
  units: number;
  inputs: number;
  activation: string;
  alpha: number;
  /** [units, inputs] row-major. */
  kernel: Float64Array;
  bias: Float64Array;
}

/** Pre-activations and activations of every layer, in float64. */
export function forwardRef(layers: RefLayer[], x: ArrayLike<number>, rows: number): { z: Float64Array[]; a: Float64Array[] } {
  const zs: Float64Array[] = [];
  const as: Float64Array[] = [];
  let input: ArrayLike<number> = x;
  for (const l of layers) {
    const z = new Float64Array(rows * l.units);
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < l.units; u++) {
        let s = l.bias[u]!;
        for (let i = 0; i < l.inputs; i++) s += input[r * l.inputs + i]! * l.kernel[u * l.inputs + i]!;
        z[r * l.units + u] = s;
      }
    }
    let a: Float64Array;
    if (l.activation === 'softmax') a = softmaxRows(z, rows, l.units);
    else {
      const f = activationReference[l.activation as keyof typeof activationReference].f;
      a = z.map((v) => f(v, l.alpha));
    }
    zs.push(z);
    as.push(a);
    input = a;
  }
  return { z: zs, a: as };
}

/** The mean loss as symbreak defines it (docs/API.md), in float64. */
export function lossRef(
  layers: RefLayer[],
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
  loss: string,
  classIds = false,
): number {
  const { z, a } = forwardRef(layers, x, rows);
  const last = layers[layers.length - 1]!;
  const zL = z[z.length - 1]!;
  const aL = a[a.length - 1]!;
  const n = rows * last.units;
  if (loss === 'categoricalCrossEntropy') {
    const t = classIds ? oneHot(y, last.units) : y;
    return cceReference(zL, t, rows, last.units).sum / rows;
  }
  if (loss === 'binaryCrossEntropy') {
    return (last.activation === 'sigmoid' ? bceLogitsReference(zL, y) : bceProbsReference(aL, y)).sum / n;
  }
  return mseReference(aL, y).sum / n;
}
