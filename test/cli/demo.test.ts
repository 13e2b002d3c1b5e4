// `symbreak demo --quick` end to end, in-process: exit code, the tables, the lesson's numbers
// (1 distinct unit for zeros, 4 for randn*0.01), the JSON against the printed numbers, and the
// HTML report (well-formed, self-contained, with every chart).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { CIRCLES_INITS, fmtPublished } from '../../src/cli/circles.js';
import { DEPTH_INITS, sampleLayers } from '../../src/cli/depth.js';
import { SYMMETRY_INITS } from '../../src/cli/symmetry.js';
import { fmtAcc, fmtLoss, fmtPct, fmtRate, fmtSci } from '../../src/cli/format.js';
import type { DemoReport } from '../../src/cli/report.js';
import { checkMarkup } from './markup.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

async function capture(argv: string[], isTTY = false): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY },
    stderr: { write: (t: string) => (stderr += t) },
    writeFile: async (path, text) => {
      files.set(path, text);
    },
  });
  return { code, stdout, stderr, files };
}

/** The cells of a table row: columns are separated by two or more spaces. */
function cells(line: string): string[] {
  return line.trim().split(/\s{2,}/);
}

/** The first table after the line containing `title`: header, rule and rows, up to an empty line. */
function tableAfter(stdout: string, title: string): string[][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.includes(title));
  expect(start, `no table titled '${title}'`).toBeGreaterThanOrEqual(0);
  const rule = lines.findIndex((l, i) => i > start && /^\s*-+(\s+-+)*$/.test(l));
  expect(rule, `no table after '${title}'`).toBeGreaterThan(start);
  const rows: string[][] = [];
  for (let i = rule - 1; i < lines.length && lines[i]!.trim() !== ''; i++) rows.push(cells(lines[i]!));
  return rows;
}

let full: Captured;
let report: DemoReport;
let html: string;

beforeAll(async () => {
  full = await capture(['demo', '--quick', '--seed', '1', '--json', 'out/report.json', '--html', 'out/report.html']);
  report = JSON.parse(full.files.get('out/report.json') ?? 'null') as DemoReport;
  html = full.files.get('out/report.html') ?? '';
});

describe('symbreak demo --quick', () => {
  it('exits 0, says nothing on stderr, and prints the three experiments', () => {
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('1. symmetry');
    expect(full.stdout).toContain('2. circles');
    expect(full.stdout).toContain('3. depth');
    expect(full.stdout).toMatch(/done in \d+\.\d s; wrote JSON: out\/report\.json, HTML report: out\/report\.html/);
    // Not a terminal: no progress line.
    expect(full.stdout).not.toContain('\r');
  });

  it('the tables name every initialization', () => {
    const symmetry = tableAfter(full.stdout, '1. symmetry').slice(2);
    expect(symmetry.map((r) => r[0])).toEqual(SYMMETRY_INITS.map((c) => c.init));
    const circles = tableAfter(full.stdout, '2. circles').slice(2);
    expect(circles.map((r) => r[0])).toEqual(CIRCLES_INITS.map((c) => c.init));
    for (const depth of report.depth!.settings.depths) {
      const rows = tableAfter(full.stdout, `${depth} hidden layers: std of the activations`).slice(2);
      expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(
        ['tanh', 'relu'].flatMap((act) => DEPTH_INITS.map((c) => `${act} ${c.init}`)),
      );
    }
  });

  it('zeros keeps 1 distinct hidden unit, locked; randn*0.01 has 4', () => {
    const runs = report.symmetry!.runs;
    const zeros = runs.find((r) => r.init === 'zeros')!;
    const small = runs.find((r) => r.init === 'randn*0.01')!;
    expect(zeros.distinctUnits).toBe(1);
    expect(zeros.groups).toEqual([[0, 1, 2, 3]]);
    expect(zeros.lockedGroups).toBe(1);
    expect(zeros.verdict).toBe('symmetric: stalls');
    expect(zeros.findings.some((f) => f.code === 'SYMMETRIC_UNITS' && f.severity === 'error')).toBe(true);
    expect(small.distinctUnits).toBe(4);
    expect(small.lockedGroups).toBe(0);
    const rows = tableAfter(full.stdout, '1. symmetry');
    expect(rows.find((r) => r[0] === 'zeros')![3]).toBe('1 of 4');
    expect(rows.find((r) => r[0] === 'randn*0.01')![3]).toBe('4 of 4');
    // The symmetry is exact: every unit's weights equal unit 0's at every snapshot.
    for (const k of zeros.weights.kernel) expect(new Set(k).size).toBe(1);
    const constant = runs.find((r) => r.init === 'constant')!;
    expect(constant.distinctUnits).toBe(1);
    expect(constant.similarity.flat().every((v) => v === 1)).toBe(true);
    // randn*100 starts saturated, the small inits do not.
    expect(runs.find((r) => r.init === 'randn*100')!.saturationInit).toBeGreaterThan(0.9);
    expect(small.saturationInit).toBe(0);
  });

  it('the JSON holds the numbers the symmetry table prints', () => {
    const rows = tableAfter(full.stdout, '1. symmetry').slice(2);
    report.symmetry!.runs.forEach((r, i) => {
      expect(rows[i]).toEqual([
        r.init,
        fmtLoss(r.loss),
        fmtPct(r.accuracy),
        `${r.distinctUnits} of ${r.units}`,
        String(r.lockedGroups),
        fmtPct(r.saturationInit),
        fmtPct(r.saturationFinal),
        fmtRate(r.stepsPerSecond),
        r.verdict,
      ]);
      expect(r.loss).toBeGreaterThan(0);
      expect(r.curve.iteration[r.curve.iteration.length - 1]).toBe(report.symmetry!.settings.iterations);
      expect(r.curve.loss[r.curve.loss.length - 1]).toBe(r.loss);
      expect(r.boundary).toHaveLength(report.symmetry!.grid.rows * report.symmetry!.grid.cols);
    });
    expect(report.symmetry!.settings.iterations).toBe(300);
  });

  it('the JSON holds the numbers the circles table prints, beside the published ones', () => {
    const rows = tableAfter(full.stdout, '2. circles').slice(2);
    const layers = report.circles!.settings.layers;
    report.circles!.runs.forEach((r, i) => {
      expect(rows[i]).toEqual([
        r.init,
        fmtAcc(r.trainAccuracy),
        fmtAcc(r.testAccuracy),
        `${fmtPublished(r.published.train)}/${fmtPublished(r.published.test)}`,
        fmtLoss(r.trainLoss),
        r.distinctUnits.map((d, l) => `${d}/${layers[l + 1]}`).join(' '),
        fmtRate(r.stepsPerSecond),
      ]);
    });
    expect(rows.map((r) => r[3])).toEqual(['0.50/0.50', '0.83/0.86', '0.9933/0.96']);
    // zeros: every unit equal, so the accuracy is the class balance.
    expect(report.circles!.runs[0]!.trainAccuracy).toBe(0.5);
    expect(report.circles!.runs[0]!.distinctUnits).toEqual([1, 1]);
    expect(full.stdout).toContain(report.circles!.note);
  });

  it('the JSON holds the numbers the depth tables print', () => {
    const d = report.depth!;
    for (const depth of d.settings.depths) {
      const layers = sampleLayers(depth);
      for (const [title, pick] of [
        ['activations', (r: (typeof d.runs)[number]) => r.activationStd],
        ['kernel gradients', (r: (typeof d.runs)[number]) => r.gradientStd],
      ] as const) {
        const rows = tableAfter(full.stdout, `${depth} hidden layers: std of the ${title}`);
        expect(rows[0]).toEqual(['act', 'init', 'verdict', 'prod chi', ...layers.map((l) => `layer ${l}`)]);
        const runs = d.runs.filter((r) => r.depth === depth);
        runs.forEach((r, i) => {
          expect(pick(r)).toHaveLength(depth);
          expect(rows[i + 2]).toEqual([r.activation, r.init, r.trainability.verdict, fmtSci(r.trainability.product), ...layers.map((l) => fmtSci(pick(r)[l]!))]);
        });
      }
    }
    // 0.01 fades through depth; He keeps a relu net's signal.
    const deepest = Math.max(...d.settings.depths);
    const std = (act: string, init: string): number[] =>
      d.runs.find((r) => r.depth === deepest && r.activation === act && r.init === init)!.activationStd;
    expect(std('tanh', 'randn*0.01')[deepest - 1]!).toBeLessThan(1e-6);
    expect(std('relu', 'he')[deepest - 1]!).toBeGreaterThan(0.1);
    // The at-initialization verdict beside the tables: 0.01 vanishes, He and orthogonal do not.
    const verdict = (act: string, init: string): string => d.runs.find((r) => r.depth === deepest && r.activation === act && r.init === init)!.trainability.verdict;
    expect(verdict('tanh', 'randn*0.01')).toBe('vanishing');
    expect(verdict('relu', 'randn*0.01')).toBe('vanishing');
    expect(verdict('relu', 'he')).toBe('trainable');
    expect(verdict('tanh', 'orthogonal')).toBe('trainable');
    expect(d.runs.find((r) => r.init === 'lsuv')!.lsuvIterations).toHaveLength(d.settings.depths[0]!);
  });

  it('writes a well-formed, self-contained HTML report with every chart', () => {
    const check = checkMarkup(html);
    expect(check.problems).toEqual([]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Self-contained: no URLs, no scripts, no external resources.
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(?:src|href)=/i);
    // Escaped text: a finding message says "<= 0" (dead units), which must not stay raw.
    expect(html).not.toContain('<= 0');
    const svgs = [...html.matchAll(/<svg [^>]*aria-label="([^"]*)"/g)].map((m) => m[1]!);
    const n = { sym: SYMMETRY_INITS.length, circ: CIRCLES_INITS.length };
    expect(svgs.filter((t) => t === 'Loss per iteration (log scale)')).toHaveLength(2);
    expect(svgs).toContain("zeros: hidden units&#39; incoming weights");
    expect(svgs).toContain("randn*0.01: hidden units&#39; incoming weights");
    expect(html.match(/<svg class="boundary"/g)).toHaveLength(n.sym + n.circ);
    expect(html.match(/<svg class="heatmap"/g)).toHaveLength(n.sym);
    const depthCharts = report.depth!.settings.depths.length * 2 * 2;
    expect(svgs.filter((t) => / std of the (activations|gradients)$/.test(t))).toHaveLength(depthCharts);
    expect(check.counts.get('svg')).toBe(2 + 3 + n.sym + n.circ + n.sym + depthCharts);
    // The zeros weight chart shows the symmetry in its subtitle.
    expect(html).toContain('all 4 units lie on the same lines: 1 distinct unit');
    // Every printed symmetry number is in the HTML table too.
    for (const r of report.symmetry!.runs) expect(html).toContain(`<td>${fmtLoss(r.loss)}</td>`);
  });
});

describe('symbreak command line', () => {
  it('--help lists every flag and exits 0', async () => {
    const r = await capture(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--experiment', '--seed', '--html', '--json', '--quick', '--help']) expect(r.stdout).toContain(flag);
    expect((await capture(['demo', '-h'])).stdout).toBe(r.stdout);
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['demo', '--seed', 'abc'], "--seed must be an integer >= 0, got 'abc'"],
    [['demo', '--seed', '-1'], "--seed must be an integer >= 0, got '-1'"],
    [['demo', '--seed', '1.5'], "--seed must be an integer >= 0, got '1.5'"],
    [['demo', '--seed'], '--seed needs a value'],
    [['demo', '--experiment', 'nope'], "unknown experiment 'nope' (expected symmetry, circles, depth)"],
    [['demo', '--experiment=symmetry,'], "unknown experiment ''"],
    [['demo', '--html'], '--html needs a value'],
    [['demo', '--json', '--quick'], '--json needs a value'],
    [['demo', '--quick=yes'], '--quick takes no value'],
    [['demo', '--seed', '1', '--seed', '2'], '--seed given twice'],
    [['demo', '--html', 'a', '--json', 'a'], "--html and --json name the same file 'a'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['demo', 'extra'], "unexpected argument 'extra'"],
  ])('%j exits 2 with one line on stderr', async (argv, message) => {
    const r = await capture(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--experiment selects and orders experiments; a TTY gets a progress line', async () => {
    const r = await capture(['demo', '--quick', '--experiment', 'depth', '--experiment=symmetry,depth', '--json=r.json'], true);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.files.get('r.json')!) as DemoReport;
    expect(json.experiments).toEqual(['depth', 'symmetry']);
    expect(json.circles).toBeUndefined();
    expect(r.stdout.indexOf('3. depth')).toBeLessThan(r.stdout.indexOf('1. symmetry'));
    expect(r.stdout).not.toContain('2. circles');
    // The progress line is erased before each table.
    expect(r.stdout).toContain('\r\x1b[K');
    expect(r.stdout).toMatch(/\r {2}symmetry \[[#.]+\] \d+%/);
  });

  it('the same seed gives the same numbers (steps/s and times aside); another seed, other data', async () => {
    const again = await capture(['demo', '--quick', '--experiment', 'symmetry', '--json', 'a.json']);
    const other = await capture(['demo', '--quick', '--experiment', 'symmetry', '--seed', '2', '--json', 'b.json']);
    const a = JSON.parse(again.files.get('a.json')!) as DemoReport;
    const b = JSON.parse(other.files.get('b.json')!) as DemoReport;
    const strip = (rep: DemoReport) => rep.symmetry!.runs.map(({ stepsPerSecond: _s, seconds: _t, ...rest }) => rest);
    expect(strip(a)).toEqual(strip(report));
    expect(b.symmetry!.data.x).not.toEqual(a.symmetry!.data.x);
    expect(b.seed).toBe(2);
  });

  // The one spawn: the built bin (when dist exists) exits with run()'s code.
  it.skipIf(!existsSync('dist/cli/run.js'))('the built `symbreak` bin exits 2 on a bad flag', () => {
    const r = spawnSync(process.execPath, ['dist/cli/main.js', 'demo', '--bogus'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("symbreak: unknown option '--bogus' (see symbreak --help)\n");
  });
});
