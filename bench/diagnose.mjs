// diagnose() on a layer of 1024 units with 512 probe samples, beside one training step of the
// same network on the same 512 samples (ratios from the same run, cases interleaved). The parts
// of diagnose are timed alone too: the forward pass, the symmetry groups, the near-symmetry
// Gram matrix (1024 x 1024 from 512 rows: 1.07 GFLOP), and the Lanczos spectrum of the
// 1024 x 1024 kernel (64 steps). Nothing is hard-coded: every number printed is measured here.
import * as sb from '../dist/index.js';
import { fmt, gc, printTable, testData, timeInterleaved } from './util.mjs';

// sb.diagnose is the public entry point once the root index exports it; dist/diagnostics is the
// same code for a build whose index does not export it yet.
async function diagnostics() {
  if (typeof sb.diagnose === 'function') return { diagnose: sb.diagnose };
  return import('../dist/diagnostics/index.js');
}

export default async function run() {
  await sb.ready();
  const { diagnose } = await diagnostics();
  const { groupColumns, nearSymmetry } = await import('../dist/diagnostics/symmetry.js');
  const { spectrumOf } = await import('../dist/diagnostics/spectrum.js');
  const { Scratch } = await import('../dist/diagnostics/scratch.js');

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
  const model = net.model; // internal: the pointers the parts below need

  const part = (body) => () => {
    const ws = model.forwardOn(x);
    const s = new Scratch();
    try {
      body(ws.a[0], s);
    } finally {
      s.free();
    }
  };
  const ws = model.forwardOn(x);
  const groups = groupColumns(ws.a[0], rows, units, 1e-5, new Scratch()).groups;
  gc();
  const ms = timeInterleaved(
    {
      trainStep: () => net.trainStep(x, labels, train),
      'diagnose(net, x)': () => diagnose(net, x),
      'diagnose(net, x, y)': () => diagnose(net, x, labels),
      'forward pass': () => model.forwardOn(x),
      'forward + symmetry groups': part((a, s) => groupColumns(a, rows, units, 1e-5, s)),
      'forward + near-symmetry (Gram)': part((a, s) => {
        const { scale } = groupColumns(a, rows, units, 1e-5, s);
        nearSymmetry(a, rows, units, groups, scale, s);
      }),
      'spectrum of the 1024x1024 kernel': () => spectrumOf(model.params.kernel(0), units, inputs),
    },
    { budgetMs: 1500, minSamples: 5 },
  );
  const step = ms.trainStep;
  printTable(
    ['case (1024 inputs -> 1024 tanh -> 10 softmax, 512 samples)', 'ms', 'x one training step'],
    Object.entries(ms).map(([name, t]) => [name, fmt(t, 1), fmt(t / step, 2)]),
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
