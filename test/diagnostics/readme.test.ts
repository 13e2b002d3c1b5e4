// README's "Diagnose your network" prints what the code prints: the broken network's report and
// the fixed one's findings, run here as examples/diagnose.mjs runs them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import * as sb from '../../src/index.js';

beforeAll(async () => {
  await sb.ready();
});

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The ```text block that follows `marker` in the README. */
function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at, marker).toBeGreaterThan(0);
  const start = readme.indexOf('```text\n', at) + '```text\n'.length;
  return readme.slice(start, readme.indexOf('\n```', start));
}

it("the README's diagnose example: the zero-initialized flower's report, the fix applied, the fixed network's findings", async () => {
  const { x, y } = sb.datasets.planarFlower({ n: 400, seed: 1 });
  const train = { loss: 'binaryCrossEntropy' as const, optimizer: { type: 'sgd' as const, learningRate: 1.2 }, epochs: 1000, batchSize: 400 };
  const spec: sb.NetworkSpec = {
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
  expect(sb.formatReport(report)).toBe(blockAfter('After 1000 steps of gradient descent it still guesses'));

  const fixed = sb.Network.fromJSON(sb.applyFix(spec, report.findings[0]!.fix));
  const again = await fixed.fit(x, y, train);
  const tail = sb.formatReport(sb.diagnose(fixed, x, y, { history: again })).split('\n').slice(-4).join('\n');
  expect(tail).toBe(blockAfter('const fixed = sb.Network.fromJSON'));
  expect(fixed.evaluate(x, y, { loss: 'binaryCrossEntropy' }).accuracy).toBe(0.93);
  net.dispose();
  fixed.dispose();
});
