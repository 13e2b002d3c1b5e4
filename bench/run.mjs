// `npm run bench [-- bench/matmul.mjs ...]`: runs the benchmark files named on the command line,
// or every bench/*.mjs except this runner and util.mjs. Each file exports
// `default async function run()` that prints its own table. Build first (`npm run build`):
// the benchmarks import ../dist. SB_BENCH_QUICK=1 makes it a smoke run (short budgets, fewer
// repetitions: see util.mjs) that checks every file runs and prints its tables.
import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';


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
// util.mjs imports dist/, so it loads only once dist/ is known to exist.
const { QUICK, machineLine } = await import('./util.mjs');
if (typeof globalThis.gc !== 'function') {
  console.log('(run with node --expose-gc, as `npm run bench` does, to collect garbage between cases)');
}
console.log(machineLine());
if (QUICK) {
  console.log('SB_BENCH_QUICK=1: a smoke run with short budgets and fewer repetitions; its numbers are not measurements');
}
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
