// assembly/kernels/activations.ts: an activation's forward, derivative and backward over n
// floats, selected by its op code (src/registry/activations.ts holds the codes), and the
// row-wise softmax family. Outputs may alias inputs. Conventions and accuracy: the kernel file.
import type { F32Buffer } from '../core/buffer.js';
import * as abi from '../core/abi.generated.js';

/** y = f(x) */
export function activation(op: number, x: F32Buffer, y: F32Buffer, n: number, alpha: number): void {
  abi.f32_activation(op, x, y, n, alpha);
}

/** y = f'(x) */
export function activationGrad(op: number, x: F32Buffer, y: F32Buffer, n: number, alpha: number): void {
  abi.f32_activation_grad(op, x, y, n, alpha);
}

/** dz = dy ⊙ f'(z), bit for bit dy times activationGrad's result. */
export function activationBackward(op: number, z: F32Buffer, dy: F32Buffer, dz: F32Buffer, n: number, alpha: number): void {
  abi.f32_activation_backward(op, z, dy, dz, n, alpha);
}

/** y = softmax(x) per row of a rows x cols matrix. */
export function softmaxRows(x: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  abi.f32_softmax_rows(x, y, rows, cols);
}

/** y = log softmax(x) per row. */
export function logSoftmaxRows(x: F32Buffer, y: F32Buffer, rows: number, cols: number): void {
  abi.f32_log_softmax_rows(x, y, rows, cols);
}

/** dx = a ⊙ (dy - Σ_j dy_j·a_j) per row, a = softmax(x). */
export function softmaxRowsBackward(a: F32Buffer, dy: F32Buffer, dx: F32Buffer, rows: number, cols: number): void {
  abi.f32_softmax_rows_backward(a, dy, dx, rows, cols);
}

/** y = f(x) with the core's math library (op: MATH_* of the kernel file). */
export function math(op: number, x: F32Buffer, y: F32Buffer, n: number): void {
  abi.f32_math(op, x, y, n);
}

/** The op codes of f32_math (MATH_* in assembly/kernels/activations.ts). */
export const MATH = { exp: 0, expm1: 1, log: 2, log1p: 3, erf: 4, erfc: 5 } as const;

export type MathName = keyof typeof MATH;
