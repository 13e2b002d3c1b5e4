// The lesson's network on the course's flower data: 4 tanh units, sigmoid output,
// W = randn * 0.01, b = 0, gradient descent at lr 1.2. Run: node examples/planar-flower.mjs
import * as sb from '../dist/index.js';

await sb.ready();
const { x, y } = sb.datasets.planarFlower({ n: 400, seed: 1 });
const small = sb.init.scaledNormal({ scale: 0.01 });
const net = new sb.Network({
  inputs: 2,
  layers: [
    { units: 4, activation: 'tanh', kernelInit: small, biasInit: 'zeros' },
    { units: 1, activation: 'sigmoid', kernelInit: small, biasInit: 'zeros' },
  ],
  seed: 2,
});
const history = await net.fit(x, y, {
  loss: 'binaryCrossEntropy',
  optimizer: { type: 'sgd', learningRate: 1.2 },
  epochs: 10000,
  batchSize: 400,
  shuffle: false,
});
const { loss, accuracy } = net.evaluate(x, y, { loss: 'binaryCrossEntropy' });
console.log(`loss ${history.loss[0].toFixed(4)} -> ${loss.toFixed(4)}, accuracy ${(100 * accuracy).toFixed(1)}%`);
net.dispose();
