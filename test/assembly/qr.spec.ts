import { alloc, free } from "../../assembly/memory";
import { f64_qr, f64_qr_q, f32_qr_orthonormal } from "../../assembly/kernels/qr";

// Column-major float64 matrices: element (i, j) of an m x n matrix at p + 8 (j m + i).

let seed: u32 = 7;
function nextReal(): f64 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <f64>seed / 4294967296.0 * 2.0 - 1.0;
}

function at(p: usize, m: i32, i: i32, j: i32): f64 {
  return load<f64>(p + ((<usize>j * <usize>m + <usize>i) << 3));
}

function put(p: usize, m: i32, i: i32, j: i32, v: f64): void {
  store<f64>(p + ((<usize>j * <usize>m + <usize>i) << 3), v);
}

function randomMatrix(m: i32, n: i32): usize {
  const p = alloc(<usize>(m * n) << 3);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) put(p, m, i, j, nextReal());
  return p;
}

function copy(src: usize, count: i32): usize {
  const p = alloc(<usize>count << 3);
  memory.copy(p, src, <usize>count << 3);
  return p;
}

/** Factorizes a random m x n matrix; checks QᵀQ = I, R upper triangular, QR = A. */
function checkShape(m: i32, n: i32): void {
  const a0 = randomMatrix(m, n);
  const a = copy(a0, m * n);
  const tau = alloc(<usize>n << 3);
  const q = alloc(<usize>(m * n) << 3);
  f64_qr(a, m, n, tau);
  f64_qr_q(a, m, n, tau, q);
  let orth: f64 = 0;
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      let s: f64 = 0;
      for (let i = 0; i < m; i++) s += at(q, m, i, x) * at(q, m, i, y);
      orth = max(orth, abs(s - (x == y ? 1.0 : 0.0)));
    }
  }
  expect<f64>(orth).toBeLessThan(1e-13);
  let recon: f64 = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: f64 = 0;
      for (let k = 0; k <= j; k++) s += at(q, m, i, k) * at(a, m, k, j); // R on and above the diagonal
      recon = max(recon, abs(s - at(a0, m, i, j)));
    }
  }
  expect<f64>(recon).toBeLessThan(1e-13 * <f64>m);
  free(a0);
  free(a);
  free(tau);
  free(q);
}

describe("f64_qr + f64_qr_q", () => {
  it("factorizes 2x2 [[3, 1], [4, 2]] with LAPACK's signs: R = [[-5, -2.2], [0, 0.4]]", () => {
    const a = alloc(32);
    put(a, 2, 0, 0, 3.0);
    put(a, 2, 1, 0, 4.0);
    put(a, 2, 0, 1, 1.0);
    put(a, 2, 1, 1, 2.0);
    const tau = alloc(16);
    const q = alloc(32);
    f64_qr(a, 2, 2, tau);
    f64_qr_q(a, 2, 2, tau, q);
    expect<f64>(at(a, 2, 0, 0)).toBeCloseTo(-5.0);
    expect<f64>(at(a, 2, 0, 1)).toBeCloseTo(-2.2);
    expect<f64>(abs(at(a, 2, 1, 1))).toBeCloseTo(0.4);
    // Q's first column is -(3, 4)/5.
    expect<f64>(at(q, 2, 0, 0)).toBeCloseTo(-0.6);
    expect<f64>(at(q, 2, 1, 0)).toBeCloseTo(-0.8);
    free(a);
    free(tau);
    free(q);
  });

  it("leaves a 1x1 matrix alone (tau = 0, Q = 1, R = a)", () => {
    const a = alloc(16);
    store<f64>(a, -2.5);
    const tau = alloc(16);
    const q = alloc(16);
    f64_qr(a, 1, 1, tau);
    f64_qr_q(a, 1, 1, tau, q);
    expect<f64>(load<f64>(tau)).toBe(0.0);
    expect<f64>(load<f64>(a)).toBe(-2.5);
    expect<f64>(load<f64>(q)).toBe(1.0);
    free(a);
    free(tau);
    free(q);
  });

  it("is orthogonal and reproduces A at the tile edges (4-column groups, pairs, 32-column panels)", () => {
    checkShape(1, 1);
    checkShape(5, 1);
    checkShape(3, 3);
    checkShape(4, 4);
    checkShape(5, 5);
    checkShape(9, 7);
    checkShape(33, 33);
    checkShape(34, 31);
    checkShape(70, 65);
  });
});

describe("f32_qr_orthonormal", () => {
  it("applies the sign fix Q diag(sign(diag R)) and the gain, transposed or not", () => {
    const m = 6;
    const n = 4;
    const a = randomMatrix(m, n);
    const tau = alloc(<usize>n << 3);
    const q = alloc(<usize>(m * n) << 3);
    const out = alloc(<usize>(m * n) << 2);
    const outT = alloc(<usize>(m * n) << 2);
    f64_qr(a, m, n, tau);
    f64_qr_q(a, m, n, tau, q);
    f32_qr_orthonormal(a, q, m, n, 2.0, 0, out);
    f32_qr_orthonormal(a, q, m, n, 2.0, 1, outT);
    for (let j = 0; j < n; j++) {
      const s: f64 = at(a, m, j, j) < 0 ? -2.0 : 2.0;
      for (let i = 0; i < m; i++) {
        const expected = <f32>(s * at(q, m, i, j));
        expect<f32>(load<f32>(out + ((<usize>(i * n + j)) << 2))).toBe(expected);
        expect<f32>(load<f32>(outT + ((<usize>(j * m + i)) << 2))).toBe(expected);
      }
    }
    free(a);
    free(tau);
    free(q);
    free(out);
    free(outT);
  });
});
