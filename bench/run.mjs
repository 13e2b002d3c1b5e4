// `npm run bench [-- bench/matmul.mjs ...]`: runs the benchmark files named on the command line,
// or every bench/*.mjs except this runner and util.mjs. Each file exports
// `default async function run()` that prints its own table. Build first (`npm run build`):
// the benchmarks import ../dist.
import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineLine } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run.mjs', 'util.mjs']);

const args = process.argv.slice(2);
const files = args.length
  ? args.map((f) => resolve(f))
  : readdirSync(here)
      .filter((f) => f.endsWith('.mjs') && !skip.has(f))
      .sort()
      .map((f) => join(here, f));

if (!existsSync(join(here, '..', 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
if (typeof globalThis.gc !== 'function') {
  console.log('(run with node --expose-gc, as `npm run bench` does, to collect garbage between cases)');
}
console.log(machineLine());
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`no such benchmark: ${file}`);
    process.exitCode = 1;
    continue;
  }
  console.log(`\n## ${basename(file, '.mjs')}\n`);
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.default !== 'function') {
    console.error(`${file} does not export a default async function run()`);
    process.exitCode = 1;
    continue;
  }
  await mod.default();
}
