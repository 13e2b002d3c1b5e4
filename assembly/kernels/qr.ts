// Householder QR in float64, for the orthogonal initializer (Saxe et al. 2014; torch.nn.init.orthogonal_).
//
// Storage: an m x n matrix (m >= n) is stored COLUMN-major, column j at a + 8*j*m, so that a column
// is contiguous: a reflection of one column is a dot product and an axpy over contiguous memory.
// Algorithm: LAPACK's dgeqrf/dorgqr with the same conventions (dlarfg: beta = -sign(alpha)*norm,
// tau = (beta - alpha)/beta, v = x/(alpha - beta) with an implicit 1 on the diagonal), blocked for
// the cache: the reflectors of a panel of NB columns (NB*m*8 bytes: 256 KiB at m = 1024, L2-sized)
// are applied to the trailing columns four columns and two reflectors per pass (reflect4x2), so a
// trailing column is read from main memory once per panel instead of once per reflector, and each
// load of a reflector serves four columns. Measured on one core (AMD EPYC, Node 20): 1024x1024
// factorization + Q in ~0.3 s, ~10 GFLOP/s (8/3 n^3 flops). Float64 throughout: orthogonality
// ~1e-15 at n = 1024 before the final rounding to float32. Determinism: the operation order
// depends only on (m, n), and wasm float arithmetic is exactly specified, so every engine gives
// the same bits.
// Kernels never allocate: the caller passes every buffer.

import { dotF64, hsumF64x2 } from "./lanes";
import { F32Ptr, F64Ptr } from "./ptr";

const NB: i32 = 32;

@inline function colPtr(a: usize, m: i32, j: i32): usize {
  return a + ((<usize>j * <usize>m) << 3);
}

// Applies H = I - tau v vᵀ (v[k] = 1 implicit, v[k+1..m) at vp) to rows k..m-1 of column c.
function reflect1(vp: usize, c: usize, k: i32, m: i32, tau: f64): void {
  let d = dotF64(vp, c, k + 1, m);
  const ck = c + (<usize>k << 3);
  d = tau * (load<f64>(ck) + d);
  store<f64>(ck, load<f64>(ck) - d);
  const t = f64x2.splat(d);
  let i = k + 1;
  for (; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    v128.store(c + o, f64x2.sub(v128.load(c + o), f64x2.mul(t, v128.load(vp + o))));
  }
  if (i < m) {
    const o = <usize>i << 3;
    store<f64>(c + o, load<f64>(c + o) - d * load<f64>(vp + o));
  }
}

// reflect1 on four columns at once: each load of v serves four columns. Same arithmetic per column
// as reflect1 (same order of additions), so a column's result does not depend on its group.
function reflect4(vp: usize, c0: usize, c1: usize, c2: usize, c3: usize, k: i32, m: i32, tau: f64): void {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  let i = k + 1;
  for (; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    const v = v128.load(vp + o);
    s0 = f64x2.add(s0, f64x2.mul(v, v128.load(c0 + o)));
    s1 = f64x2.add(s1, f64x2.mul(v, v128.load(c1 + o)));
    s2 = f64x2.add(s2, f64x2.mul(v, v128.load(c2 + o)));
    s3 = f64x2.add(s3, f64x2.mul(v, v128.load(c3 + o)));
  }
  let d0 = hsumF64x2(s0);
  let d1 = hsumF64x2(s1);
  let d2 = hsumF64x2(s2);
  let d3 = hsumF64x2(s3);
  if (i < m) {
    const o = <usize>i << 3;
    const v = load<f64>(vp + o);
    d0 += v * load<f64>(c0 + o);
    d1 += v * load<f64>(c1 + o);
    d2 += v * load<f64>(c2 + o);
    d3 += v * load<f64>(c3 + o);
  }
  const ko = <usize>k << 3;
  d0 = tau * (load<f64>(c0 + ko) + d0);
  d1 = tau * (load<f64>(c1 + ko) + d1);
  d2 = tau * (load<f64>(c2 + ko) + d2);
  d3 = tau * (load<f64>(c3 + ko) + d3);
  store<f64>(c0 + ko, load<f64>(c0 + ko) - d0);
  store<f64>(c1 + ko, load<f64>(c1 + ko) - d1);
  store<f64>(c2 + ko, load<f64>(c2 + ko) - d2);
  store<f64>(c3 + ko, load<f64>(c3 + ko) - d3);
  const t0 = f64x2.splat(d0);
  const t1 = f64x2.splat(d1);
  const t2 = f64x2.splat(d2);
  const t3 = f64x2.splat(d3);
  for (i = k + 1; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    const v = v128.load(vp + o);
    v128.store(c0 + o, f64x2.sub(v128.load(c0 + o), f64x2.mul(t0, v)));
    v128.store(c1 + o, f64x2.sub(v128.load(c1 + o), f64x2.mul(t1, v)));
    v128.store(c2 + o, f64x2.sub(v128.load(c2 + o), f64x2.mul(t2, v)));
    v128.store(c3 + o, f64x2.sub(v128.load(c3 + o), f64x2.mul(t3, v)));
  }
  if (i < m) {
    const o = <usize>i << 3;
    const v = load<f64>(vp + o);
    store<f64>(c0 + o, load<f64>(c0 + o) - d0 * v);
    store<f64>(c1 + o, load<f64>(c1 + o) - d1 * v);
    store<f64>(c2 + o, load<f64>(c2 + o) - d2 * v);
    store<f64>(c3 + o, load<f64>(c3 + o) - d3 * v);
  }
}

// Two reflectors at once on four columns: H_first then H_second, where {first, second} are the
// adjacent reflectors lo = min, hi = lo + 1 (either order). One pass computes both dot products with
// the original columns, the second is corrected with p = v_lo·v_hi (the compact WY identity
// (H_f c)·v_s = c·v_s - d_f (v_f·v_s)), and one pass applies both updates: half the passes over the
// columns of two reflect4 calls.
function reflect4x2(a: usize, tau: usize, m: i32, lo: i32, forward: bool, p: f64,
                    c0: usize, c1: usize, c2: usize, c3: usize): void {
  const hi = lo + 1;
  const vl = colPtr(a, m, lo);
  const vh = colPtr(a, m, hi);
  let l0 = f64x2.splat(0), l1 = f64x2.splat(0), l2 = f64x2.splat(0), l3 = f64x2.splat(0);
  let h0 = f64x2.splat(0), h1 = f64x2.splat(0), h2 = f64x2.splat(0), h3 = f64x2.splat(0);
  let i = hi + 1;
  for (; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(vl + o);
    const y = v128.load(vh + o);
    let c = v128.load(c0 + o);
    l0 = f64x2.add(l0, f64x2.mul(x, c));
    h0 = f64x2.add(h0, f64x2.mul(y, c));
    c = v128.load(c1 + o);
    l1 = f64x2.add(l1, f64x2.mul(x, c));
    h1 = f64x2.add(h1, f64x2.mul(y, c));
    c = v128.load(c2 + o);
    l2 = f64x2.add(l2, f64x2.mul(x, c));
    h2 = f64x2.add(h2, f64x2.mul(y, c));
    c = v128.load(c3 + o);
    l3 = f64x2.add(l3, f64x2.mul(x, c));
    h3 = f64x2.add(h3, f64x2.mul(y, c));
  }
  let dl0 = hsumF64x2(l0), dl1 = hsumF64x2(l1), dl2 = hsumF64x2(l2), dl3 = hsumF64x2(l3);
  let dh0 = hsumF64x2(h0), dh1 = hsumF64x2(h1), dh2 = hsumF64x2(h2), dh3 = hsumF64x2(h3);
  if (i < m) {
    const o = <usize>i << 3;
    const x = load<f64>(vl + o);
    const y = load<f64>(vh + o);
    let c = load<f64>(c0 + o); dl0 += x * c; dh0 += y * c;
    c = load<f64>(c1 + o); dl1 += x * c; dh1 += y * c;
    c = load<f64>(c2 + o); dl2 += x * c; dh2 += y * c;
    c = load<f64>(c3 + o); dl3 += x * c; dh3 += y * c;
  }
  // Rows lo and hi: v_lo = (1, x_hi, ...), v_hi = (0, 1, ...).
  const ol = <usize>lo << 3;
  const oh = <usize>hi << 3;
  const xh = load<f64>(vl + oh);
  dl0 = load<f64>(c0 + ol) + xh * load<f64>(c0 + oh) + dl0;
  dl1 = load<f64>(c1 + ol) + xh * load<f64>(c1 + oh) + dl1;
  dl2 = load<f64>(c2 + ol) + xh * load<f64>(c2 + oh) + dl2;
  dl3 = load<f64>(c3 + ol) + xh * load<f64>(c3 + oh) + dl3;
  dh0 = load<f64>(c0 + oh) + dh0;
  dh1 = load<f64>(c1 + oh) + dh1;
  dh2 = load<f64>(c2 + oh) + dh2;
  dh3 = load<f64>(c3 + oh) + dh3;
  const tl = load<f64>(tau + ol);
  const th = load<f64>(tau + oh);
  if (forward) {
    dl0 *= tl; dl1 *= tl; dl2 *= tl; dl3 *= tl;
    dh0 = th * (dh0 - dl0 * p); dh1 = th * (dh1 - dl1 * p);
    dh2 = th * (dh2 - dl2 * p); dh3 = th * (dh3 - dl3 * p);
  } else {
    dh0 *= th; dh1 *= th; dh2 *= th; dh3 *= th;
    dl0 = tl * (dl0 - dh0 * p); dl1 = tl * (dl1 - dh1 * p);
    dl2 = tl * (dl2 - dh2 * p); dl3 = tl * (dl3 - dh3 * p);
  }
  store<f64>(c0 + ol, load<f64>(c0 + ol) - dl0);
  store<f64>(c1 + ol, load<f64>(c1 + ol) - dl1);
  store<f64>(c2 + ol, load<f64>(c2 + ol) - dl2);
  store<f64>(c3 + ol, load<f64>(c3 + ol) - dl3);
  store<f64>(c0 + oh, load<f64>(c0 + oh) - (dl0 * xh + dh0));
  store<f64>(c1 + oh, load<f64>(c1 + oh) - (dl1 * xh + dh1));
  store<f64>(c2 + oh, load<f64>(c2 + oh) - (dl2 * xh + dh2));
  store<f64>(c3 + oh, load<f64>(c3 + oh) - (dl3 * xh + dh3));
  const sl0 = f64x2.splat(dl0), sl1 = f64x2.splat(dl1), sl2 = f64x2.splat(dl2), sl3 = f64x2.splat(dl3);
  const sh0 = f64x2.splat(dh0), sh1 = f64x2.splat(dh1), sh2 = f64x2.splat(dh2), sh3 = f64x2.splat(dh3);
  for (i = hi + 1; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(vl + o);
    const y = v128.load(vh + o);
    v128.store(c0 + o, f64x2.sub(v128.load(c0 + o), f64x2.add(f64x2.mul(sl0, x), f64x2.mul(sh0, y))));
    v128.store(c1 + o, f64x2.sub(v128.load(c1 + o), f64x2.add(f64x2.mul(sl1, x), f64x2.mul(sh1, y))));
    v128.store(c2 + o, f64x2.sub(v128.load(c2 + o), f64x2.add(f64x2.mul(sl2, x), f64x2.mul(sh2, y))));
    v128.store(c3 + o, f64x2.sub(v128.load(c3 + o), f64x2.add(f64x2.mul(sl3, x), f64x2.mul(sh3, y))));
  }
  if (i < m) {
    const o = <usize>i << 3;
    const x = load<f64>(vl + o);
    const y = load<f64>(vh + o);
    store<f64>(c0 + o, load<f64>(c0 + o) - (dl0 * x + dh0 * y));
    store<f64>(c1 + o, load<f64>(c1 + o) - (dl1 * x + dh1 * y));
    store<f64>(c2 + o, load<f64>(c2 + o) - (dl2 * x + dh2 * y));
    store<f64>(c3 + o, load<f64>(c3 + o) - (dl3 * x + dh3 * y));
  }
}

// p[k - k0] = v_k · v_{k+1} for the adjacent reflectors of a panel (rows k+1..m-1; v_{k+1} is 1 at
// row k+1 and v_k is 0 above row k), shared by every column group. A static: kernels never allocate.
const PAIR_DOTS: usize = memory.data(NB * 8, 16);

function pairDots(a: usize, m: i32, k0: i32, k1: i32): void {
  for (let k = k0; k + 1 < k1; k++) {
    const vl = colPtr(a, m, k);
    const vh = colPtr(a, m, k + 1);
    const d = dotF64(vl, vh, k + 2, m);
    store<f64>(PAIR_DOTS + (<usize>(k - k0) << 3), load<f64>(vl + (<usize>(k + 1) << 3)) + d);
  }
}

// Applies the reflectors kFirst..kLast (in that order; kLast < kFirst walks backwards) of the
// panel starting at k0 (pairDots done) to the columns j0..j1-1 of c (column-major, m rows).
// Reflector k is column k of a, below the diagonal.
function applyBlock(a: usize, tau: usize, c: usize, m: i32, k0: i32, kFirst: i32, kLast: i32, j0: i32, j1: i32): void {
  const forward = kLast >= kFirst;
  const step = forward ? 1 : -1;
  const count = (forward ? kLast - kFirst : kFirst - kLast) + 1;
  let j = j0;
  for (; j + 3 < j1; j += 4) {
    const c0 = colPtr(c, m, j);
    const c1 = colPtr(c, m, j + 1);
    const c2 = colPtr(c, m, j + 2);
    const c3 = colPtr(c, m, j + 3);
    let k = kFirst;
    for (let r = 0; r + 1 < count; r += 2, k += 2 * step) {
      const lo = forward ? k : k - 1;
      reflect4x2(a, tau, m, lo, forward, load<f64>(PAIR_DOTS + (<usize>(lo - k0) << 3)), c0, c1, c2, c3);
    }
    if (count & 1) {
      const t = load<f64>(tau + (<usize>kLast << 3));
      if (t != 0) reflect4(colPtr(a, m, kLast), c0, c1, c2, c3, kLast, m, t);
    }
  }
  for (; j < j1; j++) {
    const c0 = colPtr(c, m, j);
    for (let k = kFirst; ; k += step) {
      const t = load<f64>(tau + (<usize>k << 3));
      if (t != 0) reflect1(colPtr(a, m, k), c0, k, m, t);
      if (k == kLast) break;
    }
  }
}

// dlarfg on column k: makes the reflector that zeroes rows k+1.. of column k; stores beta = R[k,k]
// on the diagonal, v below it, and tau[k] (0 when the column is already zero below the diagonal).
function householder(a: usize, m: i32, k: i32, tau: usize): void {
  const c = colPtr(a, m, k);
  const xnorm2 = dotF64(c, c, k + 1, m);
  const ck = c + (<usize>k << 3);
  const alpha = load<f64>(ck);
  if (xnorm2 == 0) {
    store<f64>(tau + (<usize>k << 3), 0);
    return;
  }
  // No scaling against overflow (dnrm2 has it): inputs come from float32 or from a Gaussian, so
  // squares stay far inside the float64 range.
  const beta = -copysign<f64>(sqrt<f64>(alpha * alpha + xnorm2), alpha);
  store<f64>(tau + (<usize>k << 3), (beta - alpha) / beta);
  const scale = f64x2.splat(1.0 / (alpha - beta));
  let i = k + 1;
  for (; i + 1 < m; i += 2) {
    const o = c + (<usize>i << 3);
    v128.store(o, f64x2.mul(v128.load(o), scale));
  }
  if (i < m) {
    const o = c + (<usize>i << 3);
    store<f64>(o, load<f64>(o) * (1.0 / (alpha - beta)));
  }
  store<f64>(ck, beta);
}

/**
 * QR factorization in place (LAPACK dgeqrf layout) of the column-major m x n float64 matrix at
 * `a`, m >= n >= 1. Afterwards R is on and above the diagonal, the Householder vectors below it,
 * and `tau` (n float64) holds the reflectors' scales: A = H_0 H_1 ... H_{n-1} R.
 */
export function f64_qr(a: F64Ptr, m: i32, n: i32, tau: F64Ptr): void {
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = min(k0 + NB, n);
    // The panel: unblocked, each reflector applied at once to the rest of the panel.
    for (let k = k0; k < k1; k++) {
      householder(a, m, k, tau);
      if (k + 1 < k1) applyBlock(a, tau, a, m, k0, k, k, k + 1, k1);
    }
    // The trailing columns: the whole panel's reflectors, four columns at a time, two reflectors
    // per pass.
    if (k1 < n) {
      pairDots(a, m, k0, k1);
      applyBlock(a, tau, a, m, k0, k0, k1 - 1, k1, n);
    }
  }
}

/**
 * Forms the thin Q (m x n, column-major, orthonormal columns) at `q` from f64_qr's output
 * (LAPACK dorgqr): Q = H_0 ... H_{n-1} [I; 0], applied backwards, a panel of reflectors at a time.
 * `q` must not overlap `a`.
 */
export function f64_qr_q(a: F64Ptr, m: i32, n: i32, tau: F64Ptr, q: F64Ptr): void {
  memory.fill(q, 0, (<usize>m * <usize>n) << 3);
  for (let j = 0; j < n; j++) store<f64>(colPtr(q, m, j) + (<usize>j << 3), 1.0);
  const lastPanel = ((n - 1) / NB) * NB;
  for (let k0 = lastPanel; k0 >= 0; k0 -= NB) {
    const k1 = min(k0 + NB, n);
    pairDots(a, m, k0, k1);
    // Column j is still e_j before the panel that contains j, and H_k (k > j) leaves e_j alone,
    // so inside the panel a group of columns only needs the reflectors up to its last column.
    for (let j = k0; j < n; j += 4) {
      const jEnd = min(j + 4, n);
      const kTop = min(k1, jEnd) - 1;
      applyBlock(a, tau, q, m, k0, kTop, k0, j, jEnd);
    }
  }
}

/**
 * The orthogonal initializer's output: out = gain * Q * diag(sign(diag(R))) rounded to float32,
 * as an m x n row-major matrix (transpose = 0) or its n x m transpose (transpose = 1).
 * sign(0) is taken as +1 (torch's d.sign() would zero the column). `a` is f64_qr's output (for
 * diag(R)), `q` is f64_qr_q's.
 */
export function f32_qr_orthonormal(a: F64Ptr, q: F64Ptr, m: i32, n: i32, gain: f64, transpose: i32, out: F32Ptr): void {
  for (let j = 0; j < n; j++) {
    const s = load<f64>(colPtr(a, m, j) + (<usize>j << 3)) < 0 ? -gain : gain;
    const qj = colPtr(q, m, j);
    if (transpose) {
      const row = out + ((<usize>j * <usize>m) << 2);
      for (let i = 0; i < m; i++) store<f32>(row + (<usize>i << 2), <f32>(s * load<f64>(qj + (<usize>i << 3))));
    } else {
      for (let i = 0; i < m; i++) {
        store<f32>(out + ((<usize>i * <usize>n + <usize>j) << 2), <f32>(s * load<f64>(qj + (<usize>i << 3))));
      }
    }
  }
}
