// sb.ops: the low-level operations on the SIMD core, for microbenchmarks and power users.
// Inputs may be Tensors (used in place) or Matrix/number[][] (copied in); an `out` Tensor is
// written in place, so a loop allocates nothing.
import { activationOps } from './activations.js';
import { add, axpy, fill, mul, scale, sub } from './elementwise.js';
import { matmul } from './matmul.js';
import { mean, sum, variance } from './reduce.js';

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
