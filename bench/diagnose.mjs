// diagnose() on a layer of 1024 units with 512 probe samples, beside one training step of the
// same network on the same 512 samples (ratios from the same run, cases interleaved). Parts of
// diagnose that have a public equivalent are timed alone too: the forward pass (net.predict),
// and the centring and Gram matrix of the near-symmetry check (1024 x 1024 from 512 rows:
// 1.07 GFLOP) with sb.ops on Tensors. Nothing is hard-coded: every number printed is measured here.
// Dropped from the breakdown, having no public equivalent: the symmetry groups (column keys and
// comparisons on the core), the max-|cos| scan of the Gram matrix, and the Lanczos spectrum of
// the 1024 x 1024 kernel.
import * as sb from '../dist/index.js';
import { fmt, gc, gflops, matrix, printTable, testData, timeInterleaved } from './util.mjs';

export default async function run() {
  await sb.ready();
  const { diagnose } = sb;

  const inputs = 1024;
  const units = 1024;
  const classes = 10;
  const rows = 512;
  const net = new sb.Network({
    inputs,
    layers: [
      { units, activation: 'tanh', kernelInit: 'glorotUniform' },
      { units: classes, activation: 'softmax', kernelInit: 'glorotUniform' },
    ],
    seed: 1,
  });
  const x = { rows, cols: inputs, data: testData(rows * inputs, 7) };
  const labels = Array.from(testData(rows, 8), (v) => Math.floor((v + 1) * 5) % classes);
  const train = { loss: 'categoricalCrossEntropy', optimizer: { type: 'sgd', learningRate: 1e-6 } };
  // The tanh activations of layer 0 on x, as Tensors for the near-symmetry part: column means
  // [1, units], the centred columns C [rows, units] and G = CᵀC [units, units].
  const A = sb.tensor(net.forward(x).activations[0]);
  const means = sb.tensor(matrix(1, units));
  const C = sb.tensor(matrix(rows, units));
  const G = sb.tensor(matrix(units, units));
  const meanOpts = { out: means };
  const subOpts = { out: C };
  const gramOpts = { transposeA: true, out: G };
  const gram = 'near-symmetry: centring and Gram CᵀC (sb.ops mean, sub, matmul transposeA)';
  gc();
  const ms = timeInterleaved(
    {
      trainStep: () => net.trainStep(x, labels, train),
      'diagnose(net, x)': () => diagnose(net, x),
      'diagnose(net, x, y)': () => diagnose(net, x, labels),
      'forward pass (net.predict)': () => net.predict(x),
      [gram]: () => {
        sb.ops.mean(A, 0, meanOpts);
        sb.ops.sub(A, means, subOpts);
        sb.ops.matmul(C, C, gramOpts);
      },
    },
    { budgetMs: 1500, minSamples: 5 },
  );
  for (const t of [A, means, C, G]) t.dispose();
  const step = ms.trainStep;
  printTable(
    ['case (1024 inputs -> 1024 tanh -> 10 softmax, 512 samples)', 'ms', 'x one training step'],
    Object.entries(ms).map(([name, t]) => [
      name === gram ? `${name} (${fmt(gflops(units, units, rows, t), 1)} GFLOP/s on the product)` : name,
      fmt(t, 1),
      fmt(t / step, 2),
    ]),
  );
  const r = diagnose(net, x, labels);
  const l0 = r.layers[0];
  console.log(
    `\nlayer 0: ${l0.symmetry.distinctUnits} distinct units, max|cos| ${fmt(l0.symmetry.maxAbsCosine, 3)}, ` +
      `saturated ${fmt(100 * l0.saturation.fraction, 2)}%, |W|2 ${fmt(l0.weights.spectralNorm, 3)}, ` +
      `cond >= ${fmt(l0.weights.conditionNumber, 1)} (exact: ${l0.weights.exact}), findings: ${r.findings.length}`,
  );
  net.dispose();
}
