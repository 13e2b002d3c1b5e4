// Orthogonal initialization (Saxe, McClelland & Ganguli 2014, "Exact solutions to the nonlinear
// dynamics of learning in deep linear neural networks"; torch.nn.init.orthogonal_): all singular
// values equal gain, so a deep linear stack neither shrinks nor grows its signal.
import { orthonormalize } from './qr.js';
import { gainOption, kernelOnly, makeInitializer, type GainOptions, type Initializer } from './initializer.js';

/** `gain`: the singular values of the result. */
export type OrthogonalOptions = GainOptions;

/**
 * W = gain · Q · diag(sign(diag R)) where QR is the Householder QR of a standard Gaussian matrix
 * drawn from the stream (units x inputs, row-major order): of its transpose when units < inputs,
 * so the rows are orthonormal (W·Wᵀ = gain²·I); otherwise the columns are (Wᵀ·W = gain²·I).
 * The sign fix makes Q Haar-distributed (Mezzadri 2007). The QR runs on the WebAssembly core in
 * float64 (needs `await sb.ready()`); 1024x1024 takes about 0.3 s. Kernel only.
 */
export function orthogonal(options?: OrthogonalOptions): Initializer {
  const gain = gainOption('orthogonal', options);
  return makeInitializer(
    'orthogonal',
    { gain },
    (fanIn, fanOut, rng) => {
      const g = new Float64Array(fanIn * fanOut);
      for (let i = 0; i < g.length; i++) g[i] = rng.normal();
      return orthonormalize({ rows: fanOut, cols: fanIn, data: g }, gain).data;
    },
    kernelOnly('orthogonal', "'zeros' or another elementwise initializer"),
  );
}
