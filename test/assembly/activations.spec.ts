import { alloc, free } from "../../assembly/memory";
import {
  vexp, vexpm1, vlog, vlog1p, vtanh, vsigmoid, verf, verfc,
  expf, expm1f, logf, log1pf, tanhf, sigmoidf, erff, erfcf,
} from "../../assembly/kernels/math";
import {
  f32_activation, f32_activation_grad, f32_activation_backward, f32_math,
  f32_softmax_rows, f32_log_softmax_rows, f32_softmax_rows_backward,
  ACT_LINEAR, ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_ELU, ACT_GELU, ACT_SOFTPLUS, ACT_SELU, ACT_SILU,
  MATH_EXP, MATH_ERFC,
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
    sameBitsAnywhere(ACT_GELU, ACT_TANH, 17, 7);
  });

  it("work in place (y = x, and dz = z, a or dy)", () => {
    for (let n = 1; n <= 13; n++) {
      const x = buffer(n, -6, 6);
      const y = buffer(n, 0, 0);
      const a = buffer(n, 0, 0);
      const dy = buffer(n, -1, 1);
      const dz = buffer(n, 0, 0);
      // out of place first
      f32_activation(ACT_ELU, x, y, n, 0.7);
      f32_activation(ACT_ELU, x, a, n, 0.7);
      f32_activation_backward(ACT_ELU, x, dy, dz, n, 0.7);
      const copy = buffer(n, 0, 0);
      memory.copy(copy, x, <usize>n << 2);
      f32_activation(ACT_ELU, copy, copy, n, 0.7);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
      memory.copy(copy, dy, <usize>n << 2);
      f32_activation_backward(ACT_ELU, x, copy, copy, n, 0.7);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(dz, i));
      memory.copy(copy, x, <usize>n << 2);
      f32_activation(ACT_TANH, x, a, n, 0);
      f32_activation_backward(ACT_TANH, x, dy, dz, n, 0);
      f32_activation_backward(ACT_TANH, copy, dy, copy, n, 0);
      for (let i = 0; i < n; i++) expect<u32>(bitsAt(copy, i)).toBe(bitsAt(dz, i));
      expect<bool>(guardIntact(copy, n)).toBe(true);
      for (let i = 0; i < n; i++) {
        // sigmoid, softplus and leaky relu in place against out of place
        f32_activation(ACT_SIGMOID, x, y, n, 0);
        memory.copy(copy, x, <usize>n << 2);
        f32_activation(ACT_SIGMOID, copy, copy, n, 0);
        expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
        f32_activation(ACT_SOFTPLUS, x, y, n, 0);
        memory.copy(copy, x, <usize>n << 2);
        f32_activation(ACT_SOFTPLUS, copy, copy, n, 0);
        expect<u32>(bitsAt(copy, i)).toBe(bitsAt(y, i));
        f32_activation(ACT_LEAKY_RELU, x, y, n, 0.1);
        memory.copy(copy, x, <usize>n << 2);
        f32_activation(ACT_LEAKY_RELU, copy, copy, n, 0.1);
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
    // central-difference truncation h²/6·|gelu'''| <= 3e-5 here, plus float32 rounding / h
    gradIsDerivative(ACT_GELU);
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

/** f(x) of one value through the array kernel (mode 0: f, 1: f', 2: dy·f' with dy = 2). */
function one(op: i32, mode: i32, x: f32, alpha: f32 = 0): f32 {
  const p = alloc(16);
  const q = alloc(16);
  store<f32>(p, x);
  store<f32>(q, 2.0);
  if (mode == 0) f32_activation(op, p, q, 1, alpha);
  else if (mode == 1) f32_activation_grad(op, p, q, 1, alpha);
  else f32_activation_backward(op, p, q, q, 1, alpha);
  const y = load<f32>(q);
  free(p);
  free(q);
  return y;
}

function bits(x: f32): u32 {
  return reinterpret<u32>(x);
}

/** |got - want| within `ulps` float32 ulps of want (want a float64 reference). */
function near(got: f32, want: f64, ulps: f64): bool {
  const a = Math.abs(want);
  const ulp = a < 1.1754943508222875e-38 ? 1.401298464324817e-45 : Math.pow(2, Math.floor(Math.log2(a)) - 23);
  return Math.abs(<f64>got - want) <= ulps * ulp;
}

/**
 * Each of VALUES, placed at index (v·spread + n) % n of random arrays of every length n in
 * 1..maxN, gives the bits it gives alone under forwardOp's f and then gradOp's f' (run on the
 * same array), and nothing is written past n.
 */
function sameBitsAnywhere(forwardOp: i32, gradOp: i32, maxN: i32, spread: i32): void {
  for (let v = 0; v < VALUES.length; v++) {
    const want = bits(one(forwardOp, 0, VALUES[v]));
    const wantGrad = bits(one(gradOp, 1, VALUES[v]));
    for (let n = 1; n <= maxN; n++) {
      const x = buffer(n, -5, 5);
      const y = buffer(n, 0, 0);
      const at = (v * spread + n) % n;
      store<f32>(x + (<usize>at << 2), VALUES[v]);
      f32_activation(forwardOp, x, y, n, 0);
      expect<u32>(bitsAt(y, at)).toBe(want);
      expect<bool>(guardIntact(y, n)).toBe(true);
      f32_activation_grad(gradOp, x, y, n, 0);
      expect<u32>(bitsAt(y, at)).toBe(wantGrad);
      expect<bool>(guardIntact(y, n)).toBe(true);
      free(x);
      free(y);
    }
  }
}

/**
 * op's f' within 1e-4 of the central difference (f(t + h) - f(t - h))/2h of its f, all in
 * float32, at t = -3.95, -3.75, ..., 3.85 with h = 1/64 (exact steps).
 */
function gradIsDerivative(op: i32): void {
  const x = alloc(16);
  const y = alloc(16);
  const h: f32 = 1.0 / 64.0;
  for (let i = 0; i < 40; i++) {
    const t: f32 = -4.0 + <f32>i * 0.2 + 0.05;
    store<f32>(x, t - h);
    store<f32>(x, t + h, 4);
    store<f32>(x, t, 8);
    f32_activation(op, x, y, 2, 0);
    const fd = (<f64>load<f32>(y, 4) - <f64>load<f32>(y)) / (2.0 * <f64>h);
    f32_activation_grad(op, x + 8, y + 8, 1, 0);
    expect<bool>(Math.abs(fd - <f64>load<f32>(y, 8)) < 1e-4).toBe(true);
  }
  free(x);
  free(y);
}

const SELU_ALPHA: f64 = 1.6732632423543772848170429916717;
const SELU_SCALE: f64 = 1.0507009873554804934193349852946;

describe("op codes", () => {
  it("have their fixed numbers", () => {
    expect<i32>(ACT_LINEAR).toBe(0);
    expect<i32>(ACT_SIGMOID).toBe(1);
    expect<i32>(ACT_TANH).toBe(2);
    expect<i32>(ACT_RELU).toBe(3);
    expect<i32>(ACT_LEAKY_RELU).toBe(4);
    expect<i32>(ACT_ELU).toBe(5);
    expect<i32>(ACT_GELU).toBe(6);
    expect<i32>(ACT_SOFTPLUS).toBe(7);
    expect<i32>(ACT_SELU).toBe(8);
    expect<i32>(ACT_SILU).toBe(9);
  });

  it("an unknown code writes nothing", () => {
    const x = buffer(9, -3, 3);
    const y = buffer(9, 0, 0);
    for (let i = 0; i < 9; i++) store<u32>(y + (<usize>i << 2), SENTINEL);
    f32_activation(10, x, y, 9, 0);
    f32_activation_grad(-1, x, y, 9, 0);
    f32_activation_backward(99, x, x, y, 9, 0);
    f32_math(6, x, y, 9);
    for (let i = 0; i < 9; i++) expect<u32>(bitsAt(y, i)).toBe(SENTINEL);
    free(x);
    free(y);
  });

  it("f32_math gives the scalar functions' bits", () => {
    const x = buffer(7, -20, 20);
    const y = buffer(7, 0, 0);
    f32_math(MATH_EXP, x, y, 7);
    for (let i = 0; i < 7; i++) expect<u32>(bitsAt(y, i)).toBe(bits(expf(load<f32>(x + (<usize>i << 2)))));
    f32_math(MATH_ERFC, x, y, 7);
    for (let i = 0; i < 7; i++) expect<u32>(bitsAt(y, i)).toBe(bits(erfcf(load<f32>(x + (<usize>i << 2)))));
    free(x);
    free(y);
  });
});

describe("selu", () => {
  it("has the PyTorch/Keras constants: scale·x above 0, scale·alpha·(e^x - 1) below", () => {
    const scale = <f32>SELU_SCALE;
    const scaleAlpha = <f32>(SELU_SCALE * SELU_ALPHA);
    expect<u32>(bits(one(ACT_SELU, 0, 1.0))).toBe(bits(scale));
    expect<u32>(bits(one(ACT_SELU, 0, 2.0))).toBe(bits(scale * 2.0));
    expect<u32>(bits(one(ACT_SELU, 0, 0.0))).toBe(0);
    expect<u32>(bits(one(ACT_SELU, 0, -0.0))).toBe(0x80000000);
    expect<f32>(one(ACT_SELU, 0, -Infinity)).toBe(-scaleAlpha);
    expect<f32>(one(ACT_SELU, 0, -200.0)).toBe(-scaleAlpha);
    expect<f32>(one(ACT_SELU, 0, Infinity)).toBe(Infinity);
    expect<bool>(isNaN(one(ACT_SELU, 0, NaN))).toBe(true);
    expect<bool>(near(one(ACT_SELU, 0, -1.0), SELU_SCALE * SELU_ALPHA * (Math.exp(-1.0) - 1.0), 2.5)).toBe(true);
    expect<bool>(near(one(ACT_SELU, 0, -0.01), SELU_SCALE * SELU_ALPHA * Math.expm1(<f64>(<f32>-0.01)), 2.5)).toBe(true);
  });

  it("selu' is scale above 0 and scale·alpha·e^x at and below 0", () => {
    const scale = <f32>SELU_SCALE;
    const scaleAlpha = <f32>(SELU_SCALE * SELU_ALPHA);
    expect<f32>(one(ACT_SELU, 1, 3.0)).toBe(scale);
    expect<f32>(one(ACT_SELU, 1, 1e-30)).toBe(scale);
    expect<f32>(one(ACT_SELU, 1, Infinity)).toBe(scale);
    expect<f32>(one(ACT_SELU, 1, 0.0)).toBe(scaleAlpha);
    expect<f32>(one(ACT_SELU, 1, -0.0)).toBe(scaleAlpha);
    expect<f32>(one(ACT_SELU, 1, -Infinity)).toBe(0);
    expect<bool>(isNaN(one(ACT_SELU, 1, NaN))).toBe(true);
    expect<bool>(near(one(ACT_SELU, 1, -2.0), SELU_SCALE * SELU_ALPHA * Math.exp(-2.0), 2.0)).toBe(true);
    // backward = dy·selu' bit for bit (dy = 2 is exact)
    expect<f32>(one(ACT_SELU, 2, -2.0)).toBe(2.0 * one(ACT_SELU, 1, -2.0));
  });

  it("ignores alpha", () => {
    expect<u32>(bits(one(ACT_SELU, 0, -0.5, 0.3))).toBe(bits(one(ACT_SELU, 0, -0.5, 7.0)));
    expect<u32>(bits(one(ACT_SELU, 1, -0.5, 0.3))).toBe(bits(one(ACT_SELU, 1, -0.5, 7.0)));
  });
});

describe("silu", () => {
  it("x·σ(x), with its limits", () => {
    expect<u32>(bits(one(ACT_SILU, 0, 0.0))).toBe(0);
    expect<u32>(bits(one(ACT_SILU, 0, -0.0))).toBe(0x80000000);
    expect<f32>(one(ACT_SILU, 0, Infinity)).toBe(Infinity);
    expect<u32>(bits(one(ACT_SILU, 0, -Infinity))).toBe(0x80000000);
    expect<u32>(bits(one(ACT_SILU, 0, -3e38))).toBe(0x80000000);
    expect<f32>(one(ACT_SILU, 0, 100.0)).toBe(100.0);
    expect<f32>(one(ACT_SILU, 0, 3e38)).toBe(3e38);
    expect<bool>(isNaN(one(ACT_SILU, 0, NaN))).toBe(true);
    // tiny negatives underflow gracefully: -95·e^-95 is a float32 denormal, not a flush
    const t = one(ACT_SILU, 0, -95.0);
    expect<bool>(t < 0 && t > -1e-38).toBe(true);
    expect<bool>(near(t, -95.0 / (1.0 + Math.exp(95.0)), 0.502)).toBe(true);
    const xs: StaticArray<f32> = [1.0, -1.0, 0.5, -2.5, 7.25, -17.0, 1e-20, -1e-20];
    for (let i = 0; i < xs.length; i++) {
      const x = <f64>xs[i];
      expect<bool>(near(one(ACT_SILU, 0, xs[i]), x / (1.0 + Math.exp(-x)), 0.502)).toBe(true);
    }
  });

  it("silu' = σ(x)(1 + x(1 - σ(x))), 1 at +Inf, 0 at -Inf, 1/2 at 0", () => {
    expect<f32>(one(ACT_SILU, 1, 0.0)).toBe(0.5);
    expect<f32>(one(ACT_SILU, 1, Infinity)).toBe(1.0);
    expect<f32>(one(ACT_SILU, 1, 200.0)).toBe(1.0);
    expect<f32>(one(ACT_SILU, 1, -Infinity)).toBe(0.0);
    expect<f32>(one(ACT_SILU, 1, -200.0)).toBe(0.0);
    expect<bool>(isNaN(one(ACT_SILU, 1, NaN))).toBe(true);
    const xs: StaticArray<f32> = [1.0, -1.0, 2.4, -2.5, 7.25, -17.0, 30.0];
    for (let i = 0; i < xs.length; i++) {
      const x = <f64>xs[i];
      const e = Math.exp(-x);
      const want = (1.0 / (1.0 + e)) * (1.0 + x * (e / (1.0 + e)));
      expect<bool>(near(one(ACT_SILU, 1, xs[i]), want, 0.502)).toBe(true);
    }
    expect<f32>(one(ACT_SILU, 2, -2.5)).toBe(2.0 * one(ACT_SILU, 1, -2.5));
  });

  it("silu' is the derivative of silu (central difference in float32 at moderate x)", () => {
    gradIsDerivative(ACT_SILU);
  });

  it("selu and silu give a value the same bits at any index of any length", () => {
    sameBitsAnywhere(ACT_SELU, ACT_SILU, 9, 3);
  });
});
