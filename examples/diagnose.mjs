// The README's "Diagnose your network": the lesson's zero-initialized network, what diagnose
// says about it after training, its fix applied with sb.applyFix, and the fixed network's report.
// Run `npm run build` once, then `node examples/diagnose.mjs`.
import * as sb from '../dist/index.js';

await sb.ready();
const { x, y } = sb.datasets.planarFlower({ n: 400, seed: 1 });
const train = { loss: 'binaryCrossEntropy', optimizer: { type: 'sgd', learningRate: 1.2 }, epochs: 1000, batchSize: 400 };

// The lesson's broken network: every weight starts at zero.
const spec = {
  inputs: 2,
  layers: [
    { units: 4, activation: 'tanh', kernelInit: 'zeros' },
    { units: 1, activation: 'sigmoid', kernelInit: 'zeros' },
  ],
  seed: 1,
};
const net = new sb.Network(spec);
const history = await net.fit(x, y, train);
const report = sb.diagnose(net, x, y, { history });
console.log(sb.formatReport(report));

// The closed loop: apply the fix the report gives, and train again.
const fixed = sb.Network.fromJSON(sb.applyFix(spec, report.findings[0].fix));
const again = await fixed.fit(x, y, train);
console.log(sb.formatReport(sb.diagnose(fixed, x, y, { history: again })));
console.log(fixed.evaluate(x, y, { loss: 'binaryCrossEntropy' }));
