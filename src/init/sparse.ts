// Sparse initialization (Martens 2010, "Deep learning via Hessian-free optimization";
// torch.nn.init.sparse_).
import { makeInitializer, numberOption, readOptions, type Initializer } from './initializer.js';
import { randomIndex, type RandomStream } from './random.js';
import { fillNormal } from './sampling.js';

export interface SparseOptions {
  /** The fraction of each column set to zero, in [0, 1); required, as in torch. */
  sparsity: number;
  /** The standard deviation of the nonzero values, >= 0; default 0.01. */
  std?: number;
}

/**
 * As torch.nn.init.sparse_ on the [units, inputs] kernel: every element ~ N(0, std²), then in
 * each column (input) ceil(sparsity · units) of the units, chosen uniformly without replacement,
 * are set to 0 (ceil of the float64 product, as torch's math.ceil(sparsity * rows)). Draw order:
 * all normals row-major, then for each column a partial Fisher-Yates shuffle of the row indices.
 * Element variance std² · (1 - zeros/units). As a bias: a single column of `units`.
 */
export function sparse(options?: SparseOptions): Initializer {
  const o = readOptions('sparse', options, ['sparsity', 'std']);
  const sparsity = numberOption('sparse', o, 'sparsity', undefined, { min: 0, below: 1 });
  const std = numberOption('sparse', o, 'std', 0.01, { min: 0 });
  const fill = (rows: number, cols: number, rng: RandomStream): Float32Array => {
    const w = fillNormal(new Float32Array(rows * cols), rng, 0, std);
    const zeros = Math.ceil(sparsity * rows);
    const order = new Int32Array(rows);
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rows; i++) order[i] = i;
      for (let i = 0; i < zeros; i++) {
        const j = i + randomIndex(rng, rows - i);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        w[order[i]! * cols + c] = 0;
      }
    }
    return w;
  };
  return makeInitializer(
    'sparse',
    { sparsity, std },
    (fanIn, fanOut, rng) => fill(fanOut, fanIn, rng),
    (units, _fanIn, rng) => fill(units, 1, rng),
  );
}
