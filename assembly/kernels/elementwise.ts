// Elementwise float32 kernels: y[i] = op(a[i], b[i]) over n contiguous values.
//
// Position independence: every lane runs the same single float32 operation (IEEE 754 add,
// sub and mul are correctly rounded), and the last n % 4 values go through the same f32x4
// code: partial loads fill the missing lanes with zeros and partial stores write back only the
// real lanes, so nothing past the end of a buffer is read or written and no scalar twin with
// a different rounding exists. axpy is mul then add (two roundings, no FMA), like every lane.
//
// In-place use (y == a, y == b or y == x) works: each vector is loaded before its store, and
// store i never overlaps a load j > i. n <= 0 does nothing.

import { loadPart, storePart, walk8, WALK_NAN_IF_NOT_FINITE } from "./lanes";
import { F32Ptr } from "./ptr";

// The binary ops share one loop shape; op is a compile-time constant so each kernel compiles
// to straight SIMD with no branch in the loop.
const OP_ADD = 0;
const OP_SUB = 1;
const OP_MUL = 2;

@inline
function apply(op: i32, a: v128, b: v128): v128 {
  if (op == OP_ADD) return f32x4.add(a, b);
  if (op == OP_SUB) return f32x4.sub(a, b);
  return f32x4.mul(a, b);
}

@inline
function binary(op: i32, a: usize, b: usize, y: usize, n: i32): void {
  if (n <= 0) return;
  const n8 = n & ~7;
  let o: usize = 0;
  const end8: usize = (<usize>n8) << 2;
  for (; o < end8; o += 32) {
    const r0 = apply(op, v128.load(a + o), v128.load(b + o));
    const r1 = apply(op, v128.load(a + o, 16), v128.load(b + o, 16));
    v128.store(y + o, r0);
    v128.store(y + o, r1, 16);
  }
  let rest = n - n8; // 0..7
  if (rest >= 4) {
    v128.store(y + o, apply(op, v128.load(a + o), v128.load(b + o)));
    o += 16;
    rest -= 4;
  }
  if (rest > 0) storePart(y + o, apply(op, loadPart(a + o, rest), loadPart(b + o, rest)), rest);
}

/** y = a + b (n values). */
export function f32_add(a: F32Ptr, b: F32Ptr, y: F32Ptr, n: i32): void {
  binary(OP_ADD, a, b, y, n);
}

/** y = a - b (n values). */
export function f32_sub(a: F32Ptr, b: F32Ptr, y: F32Ptr, n: i32): void {
  binary(OP_SUB, a, b, y, n);
}

/** y = a * b (n values). */
export function f32_mul(a: F32Ptr, b: F32Ptr, y: F32Ptr, n: i32): void {
  binary(OP_MUL, a, b, y, n);
}

/**
 * y = s * x (axpy false) or y + s * x (axpy true) over n values, four lanes at a time and the
 * n % 4 tail through the same code. Each kernel keeps its own operand order (x * s for scale,
 * s * x for axpy), so even the NaN of a lane where both are NaN stays what it was.
 */
@inline
function scaled(axpy: bool, s: f32, x: usize, y: usize, n: i32): void {
  if (n <= 0) return;
  const vs = f32x4.splat(s);
  const n4 = n & ~3;
  const end4: usize = (<usize>n4) << 2;
  let o: usize = 0;
  for (; o < end4; o += 16) {
    const xv = v128.load(x + o);
    v128.store(y + o, axpy ? f32x4.add(v128.load(y + o), f32x4.mul(vs, xv)) : f32x4.mul(xv, vs));
  }
  const rest = n - n4;
  if (rest > 0) {
    const xv = loadPart(x + o, rest);
    storePart(y + o, axpy ? f32x4.add(loadPart(y + o, rest), f32x4.mul(vs, xv)) : f32x4.mul(xv, vs), rest);
  }
}

/** y = s * x (n values). */
export function f32_scale(x: F32Ptr, s: f32, y: F32Ptr, n: i32): void {
  scaled(false, s, x, y, n);
}

/** y += alpha * x (n values): fl(y + fl(alpha * x)), no FMA. */
export function f32_axpy(alpha: f32, x: F32Ptr, y: F32Ptr, n: i32): void {
  scaled(true, alpha, x, y, n);
}

/** y[i] = value (n values). */
export function f32_fill(y: F32Ptr, value: f32, n: i32): void {
  if (n <= 0) return;
  const v = f32x4.splat(value);
  const n4 = n & ~3;
  const end4: usize = (<usize>n4) << 2;
  let o: usize = 0;
  for (; o < end4; o += 16) v128.store(y + o, v);
  storePart(y + o, v, n - n4);
}

/** y = x (n values). memory.copy has memmove semantics, so overlapping buffers are fine. */
export function f32_copy(x: F32Ptr, y: F32Ptr, n: i32): void {
  if (n > 0 && x != y) memory.copy(y, x, (<usize>n) << 2);
}

/**
 * 1 when every one of the n values is finite, else 0 (NaN or ±Infinity somewhere): lanes.ts's
 * walk8 sums x - x per lane, 0 for a finite x and NaN for NaN and ±Infinity, and a sum stays NaN
 * once it is (NaN + anything is NaN). Padding lanes are 0.
 */
export function f32_all_finite(x: F32Ptr, n: i32): i32 {
  if (n <= 0) return 1;
  const acc = walk8(WALK_NAN_IF_NOT_FINITE, x, n, 0);
  // A lane is NaN exactly when it differs from itself.
  return v128.any_true(f32x4.ne(acc, acc)) ? 0 : 1;
}
