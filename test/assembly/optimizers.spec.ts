import { alloc, free } from "../../assembly/memory";
import { f32_adam_step, f32_sgd_step } from "../../assembly/kernels/optimizers";

// Scalar cases whose every float32 operation is exact (short binary fractions), so the
// kernels must give these values bit for bit, in every lane including the tail lanes.

function filled(n: i32, value: f32): usize {
  const p = alloc(<usize>(n + 8) << 2);
  for (let i = 0; i < n + 8; i++) store<f32>(p + (<usize>i << 2), i < n ? value : NaN);
  return p;
}

function at(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

/**
 * `steps` SGD steps with momentum (nesterov 0 or 1), lr = mu = 0.5, from w = g = 1 and v = 0 over
 * n values: every lane ends at v = wantV and w = wantW, and nothing is written past n.
 */
function momentumSteps(n: i32, nesterov: i32, steps: i32, wantV: f32, wantW: f32): void {
  const w = filled(n, 1.0);
  const g = filled(n, 1.0);
  const v = filled(n, 0.0);
  for (let s = 0; s < steps; s++) f32_sgd_step(w, g, v, n, 0.5, 0.5, nesterov);
  for (let i = 0; i < n; i++) {
    expect<f32>(at(v, i)).toBe(wantV);
    expect<f32>(at(w, i)).toBe(wantW);
  }
  expect<bool>(isNaN(at(v, n))).toBe(true);
  expect<bool>(isNaN(at(w, n))).toBe(true);
  free(w);
  free(g);
  free(v);
}

describe("f32_sgd_step", () => {
  it("plain SGD: w - lr*g in every lane, nothing written past n", () => {
    for (let n = 1; n <= 9; n++) {
      const w = filled(n, 1.0);
      const g = filled(n, 0.5);
      f32_sgd_step(w, g, 0, n, 0.25, 0, 0);
      for (let i = 0; i < n; i++) expect<f32>(at(w, i)).toBe(0.875);
      expect<bool>(isNaN(at(w, n))).toBe(true);
      free(w);
      free(g);
    }
  });

  it("momentum: v <- mu*v + g, w <- w - lr*v", () => {
    momentumSteps(5, 0, 2, 1.5, -0.25); // v = 1, w = 0.5; then v = 1.5, w = -0.25
  });

  it("Nesterov: w <- w - lr*(g + mu*v_new)", () => {
    momentumSteps(7, 1, 1, 1.0, 0.25); // v = 1, d = 1.5, w = 0.25
  });
});

describe("f32_adam_step", () => {
  it("step 1 moves w by lr*g/(|g| + eps)", () => {
    // beta1 0.5, beta2 0.75: m = 0.5*3 = 1.5, v = 0.25*9 = 2.25; bc1 = 0.5, bc2 = 0.25;
    // mh = 3, vh = 9, d = 3 + 1 = 4, w = 2 - 0.5*(3/4) = 1.625.
    for (let n = 1; n <= 9; n++) {
      const w = filled(n, 2.0);
      const g = filled(n, 3.0);
      const m = filled(n, 0.0);
      const v = filled(n, 0.0);
      f32_adam_step(w, g, m, v, n, 0.5, 0.5, 0.75, 1.0, 0.5, 0.25);
      for (let i = 0; i < n; i++) {
        expect<f32>(at(m, i)).toBe(1.5);
        expect<f32>(at(v, i)).toBe(2.25);
        expect<f32>(at(w, i)).toBe(1.625);
      }
      expect<bool>(isNaN(at(w, n))).toBe(true);
      expect<bool>(isNaN(at(m, n))).toBe(true);
      expect<bool>(isNaN(at(v, n))).toBe(true);
      free(w);
      free(g);
      free(m);
      free(v);
    }
  });

  it("a zero gradient with zero moments leaves w unchanged", () => {
    const n = 3;
    const w = filled(n, -1.5);
    const g = filled(n, 0.0);
    const m = filled(n, 0.0);
    const v = filled(n, 0.0);
    f32_adam_step(w, g, m, v, n, 0.001, 0.9, 0.999, 1e-7, 0.1, 0.001);
    for (let i = 0; i < n; i++) expect<f32>(at(w, i)).toBe(-1.5);
    free(w);
    free(g);
    free(m);
    free(v);
  });
});
