// `import * as sb from 'symbreak'` bundled by esbuild, Vite and webpack with no plugin and no
// option about wasm, then run in Chromium: the result equals Node's to the bit.
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launch } from './chromium.js';
import { serve } from './server.js';

const root = resolve(import.meta.dirname, '..', '..');

const ENTRY = `import * as sb from 'symbreak';
(async () => {
  await sb.ready();
  const net = new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 5 });
  const { x, y } = sb.datasets.xor({ n: 32, seed: 2 });
  const losses = [];
  for (let i = 0; i < 20; i++) losses.push(net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: 'adam' }));
  window.__result = { losses, w: Array.from(net.getWeights()[0].kernel.data) };
  net.dispose();
})().catch((e) => { window.__result = { error: String(e && e.stack || e) }; });
`;

const HTML = (script: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>${script}</body></html>`;

/** A throwaway project whose node_modules/symbreak is this repository, as after `npm install symbreak`. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'symbreak-bundle-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'symbreak'), 'dir');
  writeFileSync(join(dir, 'entry.js'), ENTRY);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  return dir;
}

async function nodeResult(): Promise<unknown> {
  const sb = await import(resolve(root, 'dist', 'index.js'));
  await sb.ready();
  const net = new sb.Network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 5 });
  const { x, y } = sb.datasets.xor({ n: 32, seed: 2 });
  const losses: number[] = [];
  for (let i = 0; i < 20; i++) losses.push(net.trainStep(x, y, { loss: 'binaryCrossEntropy', optimizer: 'adam' }));
  const result = { losses, w: Array.from(net.getWeights()[0]!.kernel.data) };
  net.dispose();
  return result;
}

const sizes: Record<string, number> = {};

describe.skipIf(!haveChromium)('bundlers', () => {
  let browser: Browser;
  let expected: unknown;

  beforeAll(async () => {
    browser = await launch();
    expected = await nodeResult();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    console.log(`[symbreak] bundle sizes (bytes): ${JSON.stringify(sizes)}`);
  });

  async function runPage(dir: string, page: string): Promise<unknown> {
    const server = await serve(dir);
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(String(e)));
      await tab.goto(`${server.url}/${page}`);
      await tab.waitForFunction('window.__result !== undefined', undefined, { timeout: 30_000 });
      const result = await tab.evaluate('window.__result');
      await tab.close();
      expect(errors).toEqual([]);
      return result;
    } finally {
      await server.close();
    }
  }

  it('esbuild', async () => {
    const dir = project();
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(dir, 'entry.js')], bundle: true, format: 'esm', outfile: join(dir, 'out', 'app.js'), logLevel: 'silent' });
    writeFileSync(join(dir, 'out', 'index.html'), HTML('<script type="module" src="app.js"></script>'));
    sizes.esbuild = statSync(join(dir, 'out', 'app.js')).size;
    expect(await runPage(join(dir, 'out'), 'index.html')).toEqual(expected);
  }, 60_000);

  it('Vite', async () => {
    const dir = project();
    writeFileSync(join(dir, 'index.html'), HTML('<script type="module" src="./entry.js"></script>'));
    const vite = await import('vite');
    await vite.build({ root: dir, logLevel: 'silent', configFile: false, build: { outDir: join(dir, 'dist') } });
    const html = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    const js = /src="\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    sizes.vite = statSync(join(dir, 'dist', js)).size;
    expect(await runPage(join(dir, 'dist'), 'index.html')).toEqual(expected);
  }, 60_000);

  it('webpack', async () => {
    const dir = project();
    const { default: webpack } = await import('webpack');
    await new Promise<void>((done, fail) => {
      webpack(
        { mode: 'production', context: dir, entry: './entry.js', output: { path: join(dir, 'out'), filename: 'app.js' } },
        (err, stats) => (err ? fail(err) : stats?.hasErrors() ? fail(new Error(stats.toString('errors-only'))) : done()),
      );
    });
    writeFileSync(join(dir, 'out', 'index.html'), HTML('<script src="app.js"></script>'));
    sizes.webpack = statSync(join(dir, 'out', 'app.js')).size;
    expect(await runPage(join(dir, 'out'), 'index.html')).toEqual(expected);
  }, 60_000);
});
