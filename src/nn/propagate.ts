// Forward and backward passes over a workspace, side by side. Everything here is pointer
// arithmetic and calls into src/kernels: no allocation, no copies to JS.
//
// Shapes (row-major): X [B, in], W_l [units, in], b_l [units], Z_l = X·W_lᵀ + b_l [B, units].
// Backward: dW_l = dZ_lᵀ·A_{l-1}, db_l = Σ_rows dZ_l, dA_{l-1} = dZ_l·W_l,
// dZ_{l-1} = dA_{l-1} ⊙ f'(Z_{l-1}). The loss kernel writes dZ_L (or dA_L) already divided by the
// element count, so the gradients are means over the batch.
import { gemm } from '../kernels/gemm.js';
import { activationBackward, activationForward, softmaxRows, softmaxRowsBackward } from '../kernels/activations.js';
import { colSumsPtr } from '../kernels/reduce.js';
import type { ParameterBlock } from './params.js';
import type { LayerArchitecture } from './spec.js';
import type { Workspace } from './workspace.js';

/** Runs the layers on ws.x (ws.batch rows): fills ws.z and ws.a. */
export function forward(layers: readonly LayerArchitecture[], p: ParameterBlock, ws: Workspace): void {
  const B = ws.batch;
  let input = ws.x;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    const z = ws.z[l]!;
    const a = ws.a[l]!;
    // Z = X·Wᵀ + b: W is stored [units, inputs], so the kernel reads it transposed in place.
    gemm(input, p.kernel(l), z, p.bias(l), B, layer.units, layer.inputs, false, true, false);
    activate(layer, z, a, B);
    input = a;
  }
}

function activate(layer: LayerArchitecture, z: number, a: number, rows: number): void {
  const { name, alpha } = layer.activation;
  if (name === 'linear') return; // a and z are the same buffer
  if (name === 'softmax') softmaxRows(z, a, rows, layer.units);
  else activationForward(name, z, a, rows * layer.units, alpha);
}

/**
 * dZ of a layer from dA (the gradient w.r.t. its output), through its activation's derivative.
 */
export function throughActivation(layer: LayerArchitecture, ws: Workspace, l: number, da: number): void {
  const { name, alpha } = layer.activation;
  const n = ws.batch * layer.units;
  if (name === 'softmax') softmaxRowsBackward(ws.a[l]!, da, ws.dz[l]!, ws.batch, layer.units);
  else activationBackward(name, ws.z[l]!, ws.a[l]!, da, ws.dz[l]!, n, alpha);
}

/**
 * Backpropagates from ws.dz[last] (filled by the loss) into p.grads: every layer's dW and db.
 */
export function backward(layers: readonly LayerArchitecture[], p: ParameterBlock, ws: Workspace): void {
  const B = ws.batch;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const dz = ws.dz[l]!;
    const prev = l === 0 ? ws.x : ws.a[l - 1]!;
    // dW [units, in] = dZᵀ [units, B] · A_prev [B, in]: dZ is read transposed in place.
    gemm(dz, prev, p.kernelGrad(l), 0, layer.units, layer.inputs, B, true, false, false);
    colSumsPtr(dz, p.biasGrad(l), B, layer.units);
    if (l > 0) {
      // dA_prev [B, in] = dZ [B, units] · W [units, in].
      gemm(dz, p.kernel(l), ws.da, 0, B, layer.inputs, layer.units, false, false, false);
      throughActivation(layers[l - 1]!, ws, l - 1, ws.da);
    }
  }
}
