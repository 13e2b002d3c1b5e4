// sb.ops: the low-level operations on the SIMD core, for microbenchmarks and power users.
// Inputs may be Tensors (used in place) or Matrix/number[][] (copied in); an `out` Tensor is
// written in place, so a loop allocates nothing.
import { activationOps } from './kernels/activations.js';
import { add, axpy, fill, mul, scale, sub } from './kernels/elementwise.js';
import { matmul } from './kernels/gemm.js';
import { mean, sum, variance } from './kernels/reduce.js';

export const ops = {
  matmul,
  add,
  sub,
  mul,
  scale,
  axpy,
  fill,
  sum,
  mean,
  variance,
  ...activationOps,
};
