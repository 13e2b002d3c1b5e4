// One seeded run of the library, written once and executed both in Node and in Chromium:
// the two results must be identical bit for bit. Plain JS so the page can import it as is.

/** Float32 values as hex bit patterns: equal strings mean equal bits (NaN payloads included). */
function bits(values) {
  const f = Float32Array.from(values);
  return Array.from(new Uint32Array(f.buffer), (u) => u.toString(16).padStart(8, '0')).join('');
}

/** Float64 values (losses are float32 numbers, diagnostics float64) as hex bit patterns. */
function bits64(values) {
  const f = Float64Array.from(values);
  return Array.from(new Uint32Array(f.buffer), (u) => u.toString(16).padStart(8, '0')).join('');
}

export async function scenario(sb) {
  await sb.ready();
  const { x, y } = sb.datasets.planarFlower({ n: 200, seed: 1 });
  const net = new sb.Network({
    inputs: 2,
    layers: [
      { units: 6, activation: 'tanh', kernelInit: 'glorotNormal' },
      { units: 4, activation: 'gelu', kernelInit: sb.init.orthogonal({ gain: 1.2 }) },
      { units: 1, activation: 'sigmoid', kernelInit: sb.init.truncatedNormal({ std: 0.3 }) },
    ],
    seed: 'browser-vs-node',
  });
  const initial = net.getWeights();
  const history = await net.fit(x, y, {
    loss: 'binaryCrossEntropy',
    optimizer: { type: 'adam', learningRate: 0.01 },
    epochs: 20,
    batchSize: 32,
    seed: 7,
  });
  const weights = net.getWeights();
  const report = sb.diagnose(net, x, y);
  const zero = new sb.Network({
    inputs: 2,
    layers: [
      { units: 4, activation: 'tanh', kernelInit: 'zeros' },
      { units: 1, activation: 'sigmoid', kernelInit: 'zeros' },
    ],
  });
  for (let i = 0; i < 50; i++) zero.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 1.2 } });
  const zeroReport = sb.diagnose(zero, x, y);
  const moons = sb.datasets.spirals({ n: 90, classes: 3, seed: 4 });
  const result = {
    data: bits(x.data) + bits(y.data) + bits(moons.x.data),
    initial: initial.map((l) => bits(l.kernel.data) + bits(l.bias)),
    weights: weights.map((l) => bits(l.kernel.data) + bits(l.bias)),
    loss: bits64(history.loss),
    accuracy: history.accuracy,
    prediction: bits(net.predict(x).data),
    diagnostics: {
      distinct: report.layers.map((l) => l.symmetry.distinctUnits),
      stats: bits64(report.layers.flatMap((l) => [l.preactivation.mean, l.preactivation.std, l.activation.std, l.weights.spectralNorm])),
      findings: report.findings.map((f) => f.code),
      zeroDistinct: zeroReport.layers[0].symmetry.distinctUnits,
      zeroLocked: zeroReport.layers[0].symmetry.locked,
      zeroFindings: zeroReport.findings.map((f) => `${f.severity}:${f.code}`),
    },
    orthogonal: bits(sb.init.orthogonal().sample(16, 12, sb.randomStream(3)).data),
    normals: bits64(Array.from({ length: 64 }, ((s) => () => s.normal())(sb.randomStream('n')))),
  };
  net.dispose();
  zero.dispose();
  return result;
}
