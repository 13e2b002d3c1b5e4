// formatReport: a table per layer, then the findings; ANSI colors only when asked.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
import { diagnose, formatReport } from '../../src/diagnostics/index.js';

beforeAll(async () => {
  await sb.ready();
});

const { x, y } = sb.datasets.planarFlower({ n: 60, seed: 1 });

describe('formatReport', () => {
  it("prints the lesson's zero-initialized network: tables, the locked group, the findings with their fixes", () => {
    const net = new sb.Network({
      inputs: 2,
      layers: [
        { units: 4, activation: 'tanh', kernelInit: 'zeros' },
        { units: 1, activation: 'sigmoid', kernelInit: 'zeros' },
      ],
    });
    const report = diagnose(net, x, y);
    const text = formatReport(report);
    expect(text).not.toMatch(/\x1b\[/);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      `symbreak diagnostics: 2 layers, 60 samples, input std ${text.match(/input std ([\d.]+)/)![1]}, binaryCrossEntropy 0.6931, |dW| first/last NaN`,
    );
    expect(lines).toContain('layer 0  2 -> 4  tanh');
    expect(lines).toContain('  symmetry    1 distinct of 4  {0,1,2,3} LOCKED  max|cos| -');
    expect(lines).toContain('  weights     std 0  |W|2 0  cond Infinity');
    expect(lines).toContain('layer 1  4 -> 1  sigmoid');
    // One error: the zero gradient and the constant layer follow from the locked symmetry.
    expect(lines).toContain('findings: 1 error, 0 warnings');
    expect(lines).toContain('  ERROR   SYMMETRIC_UNITS (layer 0)');
    for (const f of report.findings) {
      expect(text).toContain(f.message);
      expect(text).toContain(`fix: ${f.fix?.text}`);
    }
    // Compact: a header, 2 tables of 8 lines with a blank line each, a findings head, 3 lines per finding.
    expect(lines).toHaveLength(2 + 2 * 9 + 1 + 3);
    net.dispose();
  });

  it('adds ANSI colors only with { color: true }, and says when nothing was found', () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
    const report = diagnose(net, x);
    const plain = formatReport(report, { color: false });
    expect(plain).toBe(formatReport(report));
    expect(plain).toContain('no findings: nothing stops this network from learning on x');
    const colored = formatReport(report, { color: true });
    expect(colored).toMatch(/\x1b\[32mno findings/);
    expect(colored.replace(/\x1b\[[\d;]*m/g, '')).toBe(plain);
    net.dispose();
  });

  it('marks spectral estimates and shows dead units, gradients and the epoch of a fit report', async () => {
    const net = new sb.Network({ inputs: 2, layers: [{ units: 130, activation: 'relu' }, { units: 140 }, { units: 1 }], seed: 1 });
    const w = net.getWeights();
    w[0]!.bias.fill(-100);
    net.setWeights(w);
    const h = await net.fit(x, y, { loss: 'meanSquaredError', epochs: 1, diagnostics: { every: 1, x } });
    const text = formatReport(h.diagnostics![0]!);
    expect(text).toContain('after epoch 0');
    expect(text).toContain('  dead        130 of 130');
    expect(text).toMatch(/cond [\d.e+]+ \(estimate\)/); // layer 1 is 140 x 130: beyond the exact dimension
    expect(text).toContain('  ERROR   DEAD_UNITS (layer 0)');
    expect(formatReport(diagnose(net, x, y))).toContain('  gradient    |dW|');
    net.dispose();
  });
});
