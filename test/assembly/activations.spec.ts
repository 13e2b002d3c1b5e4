import { alloc, free } from "../../assembly/memory";
import {
  vexp, vexpm1, vlog, vlog1p, vtanh, vsigmoid, verf, verfc,
  expf, expm1f, logf, log1pf, tanhf, sigmoidf, erff, erfcf,
} from "../../assembly/kernels/math";
import {
  f32_tanh, f32_tanh_grad, f32_tanh_backward, f32_gelu, f32_gelu_grad, f32_elu, f32_elu_backward,
  f32_sigmoid, f32_softplus, f32_leaky_relu, f32_softmax_rows, f32_log_softmax_rows,
  f32_softmax_rows_backward,
} from "../../assembly/kernels/activations";

// The AssemblyScript-level contracts of the activation kernels: the scalar math functions give
// the bits of a vector lane, a value's result does not depend on its index or the array's
// length, outputs may alias inputs, and nothing is written past the last element.

const GUARD: i32 = 4;
const SENTINEL: u32 = 0x7fc0dead; // a NaN payload no kernel produces

let seed: u32 = 7;
function next(lo: f32, hi: f32): f32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return lo + (hi - lo) * <f32>(<f64>seed / 4294967296.0);
}

/** n random floats in [lo, hi] followed by GUARD sentinel words. */
function buffer(n: i32, lo: f32, hi: f32): usize {
  const p = alloc(<usize>(n + GUARD) << 2);
  for (let i = 0; i < n; i++) store<f32>(p + (<usize>i << 2), next(lo, hi));
  for (let i = n; i < n + GUARD; i++) store<u32>(p + (<usize>i << 2), SENTINEL);
  return p;
}

function bitsAt(p: usize, i: i32): u32 {
  return load<u32>(p + (<usize>i << 2));
}

function guardIntact(p: usize, n: i32): bool {
  for (let i = n; i < n + GUARD; i++) if (bitsAt(p, i) != SENTINEL) return false;
  return true;
}

const VALUES: StaticArray<f32> = [0.3, -2.5, 7.25, 1e-20, -80.0, 88.5, -0.7517916, 0.0, -0.0, 1e4, -30.0, 3e-39, 0.6931472];

describe("scalar math", () => {
  it("gives the same bits as every lane of the vector code", () => {
    for (let i = 0; i < VALUES.length; i++) {
      const x = VALUES[i];
      // x in lane 2 of a vector whose other lanes hold unrelated values
      const v = f32x4(1.5, -3.0, x, 100.0);
      expect<u32>(reinterpret<u32>(expf(x))).toBe(reinterpret<u32>(f32x4.extract_lane(vexp(v), 2)));
      expect<u32>(reinterpret<u32>(expm1f(x))).toBe(reinterpret<u32>(f32x4.extract_lane(vexpm1(v), 2)));
      expect<u32>(reinterpret<u32>(logf(x))).toBe(reinterpret<u32>(f32x4.extract_lane(vlog(v), 2)));
      expect<u32>(reinterpret<u32>(log1pf(x))).toBe(reinterpret<u32>(f32x4.extract_lane(vlog1p(v), 2)));
      expect<u32>(reinterpret<u32>(tanhf(x))).toBe(reinterpret<u32>(f32x4.extract_lane(vtanh(v), 2)));
      expect<u32>(reinterpret<u32>(sigmoidf(x))).toBe(reinterpret<u32>(f32x4.extract_lane(vsigmoid(v), 2)));
      expect<u32>(reinterpret<u32>(erff(x))).toBe(reinterpret<u32>(f32x4.extract_lane(verf(v), 2)));
      expect<u32>(reinterpret<u32>(erfcf(x))).toBe(reinterpret<u32>(f32x4.extract_lane(verfc(v), 2)));
    }
  });

  it("has exact values where they are exact", () => {
    expect<f32>(expf(0)).toBe(1);
    expect<f32>(logf(1)).toBe(0);
    expect<f32>(sigmoidf(0)).toBe(0.5);
    expect<f32>(tanhf(30)).toBe(1);
    expect<f32>(tanhf(-30)).toBe(-1);
    expect<u32>(reinterpret<u32>(tanhf(-0.0))).toBe(0x80000000);
    expect<f32>(logf(0)).toBe(-Infinity);
    expect<bool>(isNaN(logf(-1))).toBe(true);
    expect<f32>(expf(89)).toBe(Infinity);
    expect<f32>(expf(-104)).toBe(0);
    expect<f32>(erff(Infinity)).toBe(1);
    expect<f32>(erfcf(-Infinity)).toBe(2);
  });
});

describe("activation kernels", () => {
  it("give a value the same bits at any index of any length, and write nothing past n", () => {
    const alone = alloc(16);
    const single = alloc(16 + (<usize>GUARD << 2));
    for (let v = 0; v < VALUES.length; v++) {
      store<f32>(single, VALUES[v]);
      f32_gelu(single, alone, 1);
      const want = bitsAt(alone, 0);
      f32_tanh_grad(single, alone, 1);
      const wantGrad = bitsAt(alone, 0);
      for (let n = 1; n <= 17; n++) {
        const x = buffer(n, -5, 5);
        const y = buffer(n, 0, 0);
        const at = (v * 7 + n) % n;
        store<f32>(x + (<usize>at << 2), VALUES[v]);
        f32_gelu(x, y, n);
        expect<u32>(bitsAt(y, at)).toBe(want);
        expect<bool>(guardIntact(y, n)).toBe(true);
        f32_tanh_grad(x, y, n);
        expect<u32>(bitsAt(y, at)).toBe(wantGrad);
        expect<bool>(guardIntact(y, n)).toBe(true);
        free(x);
        free(y);
      }
    }
    free(alone);
    free(single);
  });

  it("work in place (y = x, and dz = z, a or dy)", () => {
    for (let n = 1; n <= 13; n++) {
      const x = buffer(n, -6, 6);
      const y = buffer(n, 0, 0);
      const a = buffer(n, 0, 0);
      const dy = buffer(n, -1, 1);
      const dz = buffer(n, 0, 0);
      // out of place first
      f32_elu(x, y, n, 0.7);
      f32_elu(x, a, n, 0.7);
      f32_elu_backward(x, a, dy, dz, n, 0.7);
      const copy = buffer(n, 0, 0);
      memory.copy(copy, x, <usize>n << 2);
      f32_elu(copy, copy, n, 0.7);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
      memory.copy(copy, dy, <usize>n << 2);
      f32_elu_backward(x, a, copy, copy, n, 0.7);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(dz, i));
      memory.copy(copy, x, <usize>n << 2);
      f32_tanh(x, a, n);
      f32_tanh_backward(x, a, dy, dz, n);
      f32_tanh_backward(copy, a, dy, copy, n);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(dz, i));
      expect<bool>(guardIntact(copy, n)).toBe(true);
      for (let i = 0; i < n; i++) {
        // sigmoid, softplus and leaky relu in place against out of place
        f32_sigmoid(x, y, n);
        memory.copy(copy, x, <usize>n << 2);
        f32_sigmoid(copy, copy, n);
        expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
        f32_softplus(x, y, n);
        memory.copy(copy, x, <usize>n << 2);
        f32_softplus(copy, copy, n);
        expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
        f32_leaky_relu(x, y, n, 0.1);
        memory.copy(copy, x, <usize>n << 2);
        f32_leaky_relu(copy, copy, n, 0.1);
        expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
      }
      free(x);
      free(y);
      free(a);
      free(dy);
      free(dz);
      free(copy);
    }
  });

  it("gelu' is the derivative of gelu (central difference in float32 at moderate x)", () => {
    const x = alloc(16);
    const y = alloc(16);
    for (let i = 0; i < 40; i++) {
      const t: f32 = -4.0 + <f32>i * 0.2 + 0.05;
      const h: f32 = 1.0 / 64.0; // exact steps
      store<f32>(x, t - h);
      store<f32>(x, t + h, 4);
      store<f32>(x, t, 8);
      f32_gelu(x, y, 2);
      const fd = (<f64>load<f32>(y, 4) - <f64>load<f32>(y)) / (2.0 * <f64>h);
      f32_gelu_grad(x + 8, y + 8, 1);
      // central-difference truncation h²/6·|gelu'''| <= 3e-5 here, plus float32 rounding / h
      expect<bool>(Math.abs(fd - <f64>load<f32>(y, 8)) < 1e-4).toBe(true);
    }
    free(x);
    free(y);
  });
});

describe("softmax rows", () => {
  it("in place, row by row, nothing past the last row", () => {
    for (let cols = 1; cols <= 9; cols++) {
      const rows = 3;
      const n = rows * cols;
      const x = buffer(n, -10, 10);
      const y = buffer(n, 0, 0);
      const l = buffer(n, 0, 0);
      const dy = buffer(n, -1, 1);
      const dx = buffer(n, 0, 0);
      f32_softmax_rows(x, y, rows, cols);
      f32_log_softmax_rows(x, l, rows, cols);
      f32_softmax_rows_backward(y, dy, dx, rows, cols);
      expect<bool>(guardIntact(y, n)).toBe(true);
      expect<bool>(guardIntact(l, n)).toBe(true);
      expect<bool>(guardIntact(dx, n)).toBe(true);
      for (let r = 0; r < rows; r++) {
        let s: f64 = 0;
        for (let j = 0; j < cols; j++) s += <f64>load<f32>(y + (<usize>(r * cols + j) << 2));
        expect<bool>(Math.abs(s - 1.0) < 1e-6).toBe(true);
      }
      // the same results computed in place
      const copy = buffer(n, 0, 0);
      memory.copy(copy, x, <usize>n << 2);
      f32_softmax_rows(copy, copy, rows, cols);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
      memory.copy(copy, x, <usize>n << 2);
      f32_log_softmax_rows(copy, copy, rows, cols);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(l, i));
      memory.copy(copy, dy, <usize>n << 2);
      f32_softmax_rows_backward(y, copy, copy, rows, cols);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(dx, i));
      // the last row alone gives the same bits as inside the batch
      const last = x + (<usize>((rows - 1) * cols) << 2);
      f32_softmax_rows(last, copy, 1, cols);
      for (let j = 0; j < cols; j++) expect<u32>(bitsAt(copy, j)).toBe(bitsAt(y, (rows - 1) * cols + j));
      free(x);
      free(y);
      free(l);
      free(dy);
      free(dx);
      free(copy);
    }
  });
});
