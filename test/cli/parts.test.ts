// The small parts of the CLI: argument parsing, number formats, tables, the progress line, the
// findings summary and the helpers of the experiments.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, parseArgs, UsageError } from '../../src/cli/args.js';
import { circlesNote, fmtPublished } from '../../src/cli/circles.js';
import { sampleLayers } from '../../src/cli/depth.js';
import { explainFindings, findingsLine } from '../../src/cli/findings.js';
import { fmtAcc, fmtLoss, fmtPct, fmtRanges, fmtRate, fmtSci } from '../../src/cli/format.js';
import { progressLine } from '../../src/cli/progress.js';
import type { CirclesRun } from '../../src/cli/report.js';
import { reportJson } from '../../src/cli/report.js';
import { table } from '../../src/cli/table.js';
import { columnSimilarity, gridInputs, gridOver, stdOf } from '../../src/cli/train.js';
import type { Finding } from '../../src/diagnostics/index.js';

describe('parseArgs', () => {
  it('defaults to all experiments, seed 1, no files', () => {
    expect(parseArgs([])).toEqual({
      kind: 'demo',
      options: { experiments: ['symmetry', 'circles', 'depth'], seed: DEFAULT_SEED, quick: false },
    });
    expect(parseArgs(['demo'])).toEqual(parseArgs([]));
    expect(parseArgs(['--quick'])).toMatchObject({ options: { quick: true } });
  });
  it('takes --flag value and --flag=value, repeated and comma-listed experiments, seed 0', () => {
    const c = parseArgs(['demo', '--experiment', 'depth', '--experiment=circles, depth', '--seed=0', '--html', 'r.html', '--json', 'r.json']);
    expect(c).toEqual({
      kind: 'demo',
      options: { experiments: ['depth', 'circles'], seed: 0, quick: false, html: 'r.html', json: 'r.json' },
    });
  });
  it('help wins wherever it is', () => {
    expect(parseArgs(['demo', '--seed', 'x', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['help'])).toEqual({ kind: 'help' });
  });
  it('rejects a seed beyond the safe integers', () => {
    expect(() => parseArgs(['--seed', '9007199254740993'])).toThrow(UsageError);
  });
});

describe('formats', () => {
  it('format numbers as the tables print them', () => {
    expect([fmtLoss(0.693147), fmtLoss(0.0618033), fmtLoss(2.3e-4), fmtLoss(NaN)]).toEqual(['0.6931', '0.06180', '2.300e-4', 'NaN']);
    expect([fmtPct(0.9375), fmtPct(0), fmtAcc(0.97666), fmtRate(8012.6)]).toEqual(['93.8%', '0.0%', '0.9767', '8013']);
    expect([fmtSci(0.63), fmtSci(0), fmtSci(4.04e-11)]).toEqual(['6.3e-1', '0', '4.0e-11']);
    expect(fmtRanges([7, 1, 2, 3, 5, 8, 2])).toBe('1-3, 5, 7-8');
    expect([fmtPublished(0.5), fmtPublished(0.83), fmtPublished(0.9933)]).toEqual(['0.50', '0.83', '0.9933']);
  });
  it('table pads columns, numbers to the right', () => {
    expect(table([{ header: 'name' }, { header: 'n', align: 'right' }], [['a', '1'], ['bbbbb', '123']], 0)).toEqual([
      'name     n',
      '-----  ---',
      'a        1',
      'bbbbb  123',
    ]);
  });
  it('reportJson keeps non-finite numbers as strings', () => {
    const json = reportJson({ command: 'c', seed: 1, quick: true, experiments: [], seconds: { total: Infinity, symmetry: NaN } });
    expect(JSON.parse(json).seconds).toEqual({ total: 'Infinity', symmetry: 'NaN' });
  });
});

describe('progressLine', () => {
  it('draws on a TTY at most every 100 ms and erases itself', () => {
    let out = '';
    let t = 0;
    const p = progressLine({ write: (s: string) => (out += s), isTTY: true }, () => t);
    p.start('work', 200);
    p.update(50); // too soon: skipped
    t = 150;
    p.update(100);
    p.clear();
    expect(out).toBe(
      `\r  work [${'.'.repeat(24)}] 0%\x1b[K` + `\r  work [${'#'.repeat(12)}${'.'.repeat(12)}] 50%\x1b[K` + '\r\x1b[K',
    );
  });
  it('writes nothing when stdout is not a terminal', () => {
    let out = '';
    const p = progressLine({ write: (s: string) => (out += s) });
    p.start('work', 10);
    p.update(10);
    p.clear();
    expect(out).toBe('');
  });
});

describe('findings summary', () => {
  const f = (code: Finding['code'], severity: Finding['severity'], layer: number): Finding => ({
    code,
    severity,
    layer,
    message: `${code} at ${layer}`,
    cause: 'initialization',
    evidence: {},
    fix: { text: 'do this' },
  });
  it('groups by code with the worst severity and the layer ranges', () => {
    expect(findingsLine([])).toBe('no findings');
    expect(
      findingsLine([f('DEAD_UNITS', 'warning', 4), f('DEAD_UNITS', 'error', 5), f('DEAD_UNITS', 'warning', 6), f('SATURATION', 'warning', 0)]),
    ).toBe('error DEAD_UNITS (layers 4-6); warning SATURATION (layer 0)');
  });
  it('explains each code once, from the first run that has it', () => {
    expect(
      explainFindings([
        { label: 'a', findings: [f('SATURATION', 'warning', 0)] },
        { label: 'b', findings: [f('SATURATION', 'warning', 2), f('DEAD_UNITS', 'error', 1)] },
      ]),
    ).toEqual(['SATURATION (a): SATURATION at 0', '  fix: do this', 'DEAD_UNITS (b): DEAD_UNITS at 1', '  fix: do this']);
  });
});

describe('experiment helpers', () => {
  it('sampleLayers picks about five layers, the first and the last', () => {
    expect(sampleLayers(20)).toEqual([0, 5, 10, 15, 19]);
    expect(sampleLayers(50)).toEqual([0, 10, 20, 30, 40, 49]);
    expect(sampleLayers(1)).toEqual([0]);
  });
  it('columnSimilarity: identical columns 1, orthogonal 0, zero columns identical to each other', () => {
    const a = { rows: 2, cols: 4, data: Float32Array.from([1, 2, 0, 0, 0, 0, 0, 0]) };
    const s = columnSimilarity(a);
    expect(s[0]).toEqual([1, 1, 0, 0]);
    expect(s[2]).toEqual([0, 0, 1, 1]);
    const b = { rows: 2, cols: 2, data: Float32Array.from([1, 0, 0, 1]) };
    expect(columnSimilarity(b)).toEqual([[1, 0], [0, 1]]);
  });
  it('gridOver keeps cells square; gridInputs puts row 0 at the top', () => {
    const g = gridOver({ x: [0, 4], y: [0, 2], label: [0, 1] }, 4, 0);
    expect(g).toEqual({ xMin: 0, xMax: 4, yMin: 0, yMax: 2, rows: 2, cols: 4 });
    const m = gridInputs(g);
    expect(Array.from(m.data.slice(0, 4))).toEqual([0.5, 1.5, 1.5, 1.5]);
    expect(m.rows).toBe(8);
  });
  it('stdOf is the population std', () => {
    expect(stdOf([1, 3])).toBe(1);
    expect(stdOf(Float32Array.from([2, 2, 2]))).toBe(0);
  });
  it('circlesNote says when ours match, which differ, and when --quick makes them incomparable', () => {
    const run = (init: string, train: number, test: number, pub: [number, number]): CirclesRun =>
      ({ init, trainAccuracy: train, testAccuracy: test, published: { train: pub[0], test: pub[1] } }) as CirclesRun;
    const runs = [run('zeros', 0.5, 0.5, [0.5, 0.5]), run('he', 0.9767, 0.96, [0.9933, 0.96])];
    expect(circlesNote(runs, 15000)).toMatch(/^zeros matches; he differs: the same recipe and numpy's generator, but not the notebook's seeds/);
    expect(circlesNote([runs[0]!], 15000)).toBe('All three match the published accuracies to within 0.01.');
    expect(circlesNote(runs, 1000)).toMatch(/^--quick: 1000 iterations/);
  });
});
