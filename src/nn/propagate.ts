// Forward and backward passes over a workspace, side by side: calls into src/kernels on the
// buffers the network allocated once; no allocation, no copies to JS.
//
// Shapes (row-major): X [B, in], W_l [units, in], b_l [units], Z_l = X·W_lᵀ + b_l [B, units].
// Backward: dW_l = dZ_lᵀ·A_{l-1}, db_l = Σ_rows dZ_l, dA_{l-1} = dZ_l·W_l,
// dZ_{l-1} = dA_{l-1} ⊙ f'(Z_{l-1}). The loss kernel writes dZ_L (or dA_L) already divided by the
// element count, so the gradients are means over the batch.
import type { F32Buffer } from '../core/buffer.js';
import { gemm } from '../kernels/gemm.js';
import { activation, activationBackward, softmaxRows, softmaxRowsBackward } from '../kernels/activations.js';
import { colSums } from '../kernels/rows.js';
import type { ParameterBlock } from './params.js';
import type { LayerArchitecture } from './spec.js';
import type { Workspace } from './workspace.js';

/** Runs the layers on ws.x (ws.batch rows): fills ws.z and ws.a. */
export function forward(layers: readonly LayerArchitecture[], p: ParameterBlock, ws: Workspace): void {
  for (let l = 0; l < layers.length; l++) forwardLayer(layers, p, ws, l);
}

/** Layer l alone, from the activations of layer l-1 (or x) already in ws: fills ws.z[l] and ws.a[l]. */
export function forwardLayer(layers: readonly LayerArchitecture[], p: ParameterBlock, ws: Workspace, l: number): void {
  const layer = layers[l]!;
  const { kernel, bias } = p.layers[l]!;
  const z = ws.z[l]!;
  const input = l === 0 ? ws.x : ws.a[l - 1]!;
  // Z = X·Wᵀ + b: W is stored [units, inputs], so the kernel reads it transposed in place.
  gemm(input, kernel, z, bias, ws.batch, layer.units, layer.inputs, false, true, false);
  activate(layer, z, ws.a[l]!, ws.batch);
}

function activate(layer: LayerArchitecture, z: F32Buffer, a: F32Buffer, rows: number): void {
  const { op, alpha } = layer.activation;
  if (op === null) softmaxRows(z, a, rows, layer.units);
  else if (a !== z) activation(op, z, a, rows * layer.units, alpha); // linear layers share z and a
}

/** dZ of a layer from dA (the gradient w.r.t. its output), through its activation's derivative. */
export function throughActivation(layer: LayerArchitecture, ws: Workspace, l: number, da: F32Buffer): void {
  const { op, alpha } = layer.activation;
  if (op === null) softmaxRowsBackward(ws.a[l]!, da, ws.dz[l]!, ws.batch, layer.units);
  else activationBackward(op, ws.z[l]!, da, ws.dz[l]!, ws.batch * layer.units, alpha);
}

/** Backpropagates from ws.dz[last] (filled by the loss) into p.grads: every layer's dW and db. */
export function backward(layers: readonly LayerArchitecture[], p: ParameterBlock, ws: Workspace): void {
  const B = ws.batch;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const dz = ws.dz[l]!;
    const prev = l === 0 ? ws.x : ws.a[l - 1]!;
    const grad = p.gradients[l]!;
    // dW [units, in] = dZᵀ [units, B] · A_prev [B, in]: dZ is read transposed in place.
    gemm(dz, prev, grad.kernel, null, layer.units, layer.inputs, B, true, false, false);
    colSums(dz, grad.bias, B, layer.units);
    if (l > 0) {
      // dA_prev [B, in] = dZ [B, units] · W [units, in].
      gemm(dz, p.layers[l]!.kernel, ws.da, null, B, layer.inputs, layer.units, false, false, false);
      throughActivation(layers[l - 1]!, ws, l - 1, ws.da);
    }
  }
}
