// The playground (examples/playground) in Chromium: built by its build script and served as
// static files, it loads with no page error and no failed request, trains live without
// freezing the page, shows one distinct unit (and identical weight arrows) for zeros and all
// units distinct for He, and ends on the very loss `symbreak demo --experiment symmetry` prints
// in Node for the same settings.
// Set PLAYGROUND_SCREENSHOT=1 to also write docs/playground.png.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sb from '../../src/index.js';
// @ts-expect-error: plain JS build script (examples/playground/build.mjs)
import { buildPlayground } from '../../examples/playground/build.mjs';
import { haveChromium, launch } from './chromium.js';
import { serve } from './server.js';

const root = resolve(import.meta.dirname, '..', '..');
const STEPS = 300; // the CLI's --quick iterations
const SEED = 1;

interface Shown {
  state: string;
  step: number;
  loss: number;
  firstLoss: number;
  distinct: string;
  units: string;
  weights: string[];
  arrows: string;
  findings: { code: string; severity: string }[];
  status: string;
}

// A string, so vitest's transform leaves the page's code alone.
const READ = `(() => {
  const numbers = document.getElementById('numbers').dataset;
  const distinct = document.getElementById('distinct').dataset;
  return {
    state: document.getElementById('app').dataset.state,
    step: Number(numbers.step),
    loss: Number(numbers.loss),
    firstLoss: Number(numbers.firstLoss),
    distinct: distinct.distinct,
    units: distinct.units,
    weights: [...document.querySelectorAll('#weights line.unit')].map((l) => l.dataset.w),
    arrows: document.getElementById('weights').dataset.groups,
    findings: [...document.querySelectorAll('#findings li[data-code]')].map((li) => ({ code: li.dataset.code, severity: li.className })),
    status: document.getElementById('status').textContent,
  };
})()`;

interface CliRun {
  init: string;
  loss: number;
  distinctUnits: number;
}

/** The CLI's symmetry experiment in Node, as JSON. */
function cliRuns(dir: string): CliRun[] {
  const file = join(dir, 'symmetry.json');
  const args = ['dist/cli/main.js', 'demo', '--experiment', 'symmetry', '--quick', '--seed', String(SEED), '--json', file];
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`symbreak demo failed (${run.status}): ${run.stderr}`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as { symmetry: { settings: { iterations: number }; runs: CliRun[] } };
  expect(report.symmetry.settings.iterations).toBe(STEPS);
  return report.symmetry.runs;
}

describe.skipIf(!haveChromium)('playground in Chromium', () => {
  let browser: Browser;
  let built: Awaited<ReturnType<typeof serve>>;
  let source: Awaited<ReturnType<typeof serve>>;
  let out: string;
  let cli: CliRun[];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'symbreak-playground-'));
    await buildPlayground(out);
    cli = cliRuns(out);
    built = await serve(out);
    source = await serve(root);
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await built?.close();
    await source?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** Opens a page and records every page error, console error, request elsewhere, and failed or 4xx/5xx request. */
  async function open(url: string, viewport = { width: 1040, height: 900 }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const origin = new URL(url).origin;
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });
    await page.goto(url);
    return { page, problems };
  }

  async function until(page: Page, state: string): Promise<Shown> {
    await page.waitForSelector(`#app[data-state="${state}"], #app[data-state="error"]`, { timeout: 30_000 });
    const shown = (await page.evaluate(READ)) as Shown;
    expect(shown.status).not.toMatch(/^Error/);
    expect(shown.state).toBe(state);
    return shown;
  }

  const run = (init: string, extra = ''): string =>
    `${built.url}/?init=${encodeURIComponent(init)}&width=4&activation=tanh&seed=${SEED}&lr=1.2&steps=${STEPS}&speed=max&run=1${extra}`;

  it('the page in the repository loads dist/symbreak.js through its import map, with no error and no failed request', async () => {
    const { page, problems } = await open(`${source.url}/examples/playground/`);
    const shown = await until(page, 'ready');
    expect(shown.step).toBe(0);
    expect(shown.distinct).toBe('4'); // randn*0.01, 4 units: distinct from the start
    expect(shown.weights).toHaveLength(4);
    expect(new URL(page.url()).searchParams.get('init')).toBe('randn*0.01');
    // The activation menu comes from the library: every activation a hidden layer can use.
    const menu = await page.$$eval('select[name="activation"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect([...menu].sort()).toEqual(sb.activations.filter((a) => a !== 'softmax').sort());
    expect(menu[0]).toBe('tanh');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('zeros: one distinct unit, identical weights drawn as one arrow, and the CLI\u2019s loss', async () => {
    const { page, problems } = await open(run('zeros'));
    const shown = await until(page, 'done');
    expect(shown.step).toBe(STEPS);
    expect(shown.distinct).toBe('1');
    expect(shown.units).toBe('4');
    expect(shown.weights).toHaveLength(4);
    expect(new Set(shown.weights).size).toBe(1);
    expect(shown.weights[0]).toBe('0,0,0'); // zero kernels in both layers: no gradient ever reaches them
    expect(shown.arrows).toBe('1');
    expect(shown.findings).toContainEqual({ code: 'SYMMETRIC_UNITS', severity: 'error' });
    const zeros = cli.find((r) => r.init === 'zeros')!;
    expect(zeros.distinctUnits).toBe(1);
    expect(shown.loss).toBe(zeros.loss);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('constant: units stay identical but not zero; the CLI\u2019s loss', async () => {
    const { page, problems } = await open(run('constant'));
    const shown = await until(page, 'done');
    expect(shown.distinct).toBe('1');
    expect(new Set(shown.weights).size).toBe(1);
    expect(shown.weights[0]).not.toBe('0,0,0');
    expect(shown.loss).toBe(cli.find((r) => r.init === 'constant')!.loss);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('He: all units distinct, the loss shown decreases, and it is the CLI\u2019s loss to the bit', async () => {
    const { page, problems } = await open(run('he'));
    const shown = await until(page, 'done');
    expect(shown.step).toBe(STEPS);
    expect(shown.distinct).toBe('4');
    expect(new Set(shown.weights).size).toBe(4);
    expect(shown.arrows).toBe('4');
    expect(shown.findings.map((f) => f.code)).not.toContain('SYMMETRIC_UNITS');
    expect(shown.loss).toBeLessThan(shown.firstLoss);
    expect(shown.loss).toBeLessThan(0.5);
    // A run that learns gets no false alarm in the diagnostics panel.
    expect(shown.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(shown.loss).toBe(cli.find((r) => r.init === 'he')!.loss);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("LSUV and orthogonal train (initializers the CLI does not run), and they and the lesson's randn*0.01 get no false alarm", async () => {
    for (const init of ['lsuv', 'orthogonal', 'randn*0.01']) {
      const { page, problems } = await open(run(init));
      const shown = await until(page, 'done');
      expect(shown.distinct).toBe('4');
      expect(shown.loss).toBeLessThan(shown.firstLoss);
      expect(shown.findings.filter((f) => f.severity !== 'info'), init).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('Train starts a live run that leaves the page responsive, and Stop stops it', async () => {
    // The fastest setting: fit runs flat out between repaints, so this is where a freeze would show.
    const { page, problems } = await open(`${built.url}/?init=he&steps=1000000&speed=max`);
    await until(page, 'ready');
    await page.click('#train');
    await page.waitForSelector('#app[data-state="training"]');
    await page.waitForFunction('Number(document.getElementById("numbers").dataset.step) >= 10', undefined, { timeout: 10_000 });
    const first = ((await page.evaluate(READ)) as Shown).step;
    // The page answers while it trains, and the numbers shown move on.
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await page.evaluate('1 + 1');
    expect((performance.now() - t0) / 5).toBeLessThan(250);
    await page.waitForFunction(`Number(document.getElementById("numbers").dataset.step) > ${first}`, undefined, { timeout: 10_000 });
    await page.click('#stop');
    const shown = await until(page, 'stopped');
    expect(shown.step).toBeGreaterThan(first);
    expect(shown.step).toBeLessThan(1_000_000);
    expect(Number.isFinite(shown.loss)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.runIf(process.env.PLAYGROUND_SCREENSHOT)('writes docs/playground.png', async () => {
    const { page, problems } = await open(
      `${built.url}/?init=randn*0.01&width=4&activation=tanh&seed=${SEED}&lr=1.2&steps=10000&speed=max&run=1`,
      { width: 1040, height: 1000 },
    );
    await until(page, 'done');
    // Down to the panels: the code box below them is text the README shows anyway.
    const bottom = (await page.evaluate(`document.querySelector('.panels').getBoundingClientRect().bottom`)) as number;
    await page.screenshot({ path: join(root, 'docs', 'playground.png'), fullPage: true, clip: { x: 0, y: 0, width: 1040, height: Math.ceil(bottom) + 10 } });
    expect(problems).toEqual([]);
    await page.close();
  });
});
