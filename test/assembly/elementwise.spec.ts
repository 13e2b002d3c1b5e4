// Small checks of the elementwise, row and reduction kernels inside AssemblyScript; the full
// comparison with the float64 references is in test/kernels/*.test.ts.
import { alloc, free } from "../../assembly/memory";
import { f32_add, f32_all_finite, f32_axpy, f32_fill, f32_mul, f32_scale } from "../../assembly/kernels/elementwise";
import { f32_add_row, f32_col_mean_var, f32_col_sums, f32_row_sums } from "../../assembly/kernels/rows";
import { f32_max_abs, f32_sum, f32_variance } from "../../assembly/kernels/reduce";

/** n floats 1, 2, 3, ... in a fresh block (plus 4 guard floats set to -1). */
function counting(n: i32): usize {
  const p = alloc(<usize>(n + 4) << 2);
  for (let i = 0; i < n + 4; i++) store<f32>(p + (<usize>i << 2), i < n ? <f32>(i + 1) : -1);
  return p;
}

function at(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

describe("elementwise", () => {
  it("adds, multiplies and scales every length 1..19 without touching the guard values", () => {
    for (let n = 1; n < 20; n++) {
      const a = counting(n);
      const b = counting(n);
      const y = counting(n);
      f32_add(a, b, y, n);
      for (let i = 0; i < n; i++) expect<f32>(at(y, i)).toBe(<f32>((i + 1) << 1));
      expect<f32>(at(y, n)).toBe(-1);
      f32_mul(a, b, y, n);
      for (let i = 0; i < n; i++) expect<f32>(at(y, i)).toBe(<f32>((i + 1) * (i + 1)));
      f32_scale(a, 0.5, a, n);
      for (let i = 0; i < n; i++) expect<f32>(at(a, i)).toBe(<f32>(i + 1) * 0.5);
      f32_axpy(2, a, b, n); // b = b + 2 * (b / 2) = 2b
      for (let i = 0; i < n; i++) expect<f32>(at(b, i)).toBe(<f32>((i + 1) << 1));
      f32_fill(y, 7, n);
      for (let i = 0; i < n; i++) expect<f32>(at(y, i)).toBe(7);
      expect<f32>(at(y, n)).toBe(-1);
      free(a);
      free(b);
      free(y);
    }
  });

  it("all_finite finds NaN and infinities at the last position of any length", () => {
    for (let n = 1; n < 12; n++) {
      const x = counting(n);
      expect<i32>(f32_all_finite(x, n)).toBe(1);
      store<f32>(x + (<usize>(n - 1) << 2), NaN);
      expect<i32>(f32_all_finite(x, n)).toBe(0);
      store<f32>(x + (<usize>(n - 1) << 2), -Infinity);
      expect<i32>(f32_all_finite(x, n)).toBe(0);
      expect<i32>(f32_all_finite(x, n - 1)).toBe(1);
      free(x);
    }
  });
});

describe("rows and reductions", () => {
  it("adds a row to every row and sums columns and rows", () => {
    // x = [[1, 2, 3], [4, 5, 6]]
    const x = counting(6);
    const row = counting(3);
    const y = counting(6);
    f32_add_row(x, row, y, 2, 3);
    expect<f32>(at(y, 0)).toBe(2);
    expect<f32>(at(y, 5)).toBe(9);
    const s = counting(3);
    f32_col_sums(x, s, 2, 3);
    expect<f32>(at(s, 0)).toBe(5);
    expect<f32>(at(s, 1)).toBe(7);
    expect<f32>(at(s, 2)).toBe(9);
    expect<f32>(at(s, 3)).toBe(-1);
    const r = counting(2);
    f32_row_sums(x, r, 2, 3);
    expect<f32>(at(r, 0)).toBe(6);
    expect<f32>(at(r, 1)).toBe(15);
    const m = counting(3);
    const v = counting(3);
    f32_col_mean_var(x, m, v, 2, 3);
    expect<f32>(at(m, 2)).toBe(4.5);
    expect<f32>(at(v, 2)).toBe(2.25);
    free(x);
    free(row);
    free(y);
    free(s);
    free(r);
    free(m);
    free(v);
  });

  it("sums, variance and max |x| of 1..n in float64", () => {
    for (let n = 1; n < 20; n++) {
      const x = counting(n);
      expect<f64>(f32_sum(x, n)).toBe(<f64>(n * (n + 1)) / 2);
      // Variance of 1..n is (n^2 - 1) / 12.
      expect<f64>(f32_variance(x, n)).toBeCloseTo(<f64>(n * n - 1) / 12);
      expect<f64>(f32_max_abs(x, n)).toBe(<f64>n);
      free(x);
    }
  });
});
