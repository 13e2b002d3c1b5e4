// The package in a real browser: it loads from a static server with no bundler, and a seeded
// run gives bit-identical data, weights, losses and diagnostics in Chromium and in Node.
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launch } from './chromium.js';
import { serve } from './server.js';
// @ts-expect-error: plain JS shared with the page
import { scenario } from './scenario.js';

const root = resolve(import.meta.dirname, '..', '..');

describe.skipIf(!haveChromium)('in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    server = await serve(root);
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads dist/symbreak.js from a plain static server and gives the same bits as Node', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/test/browser/blank.html`);
    // A string, so the test runner's transform leaves the page's own import() alone.
    const inBrowser: any = await page.evaluate(`(async () => {
      const sb = await import('/dist/symbreak.js');
      const { scenario } = await import('/test/browser/scenario.js');
      return scenario(sb);
    })()`);
    const sb = await import(resolve(root, 'dist', 'index.js'));
    const inNode = await scenario(sb);
    expect(errors).toEqual([]);
    expect(inBrowser.diagnostics.zeroDistinct).toBe(1);
    expect(inBrowser.diagnostics.zeroLocked).toEqual([true]);
    expect(inBrowser).toEqual(inNode);
    await page.close();
  });
});
