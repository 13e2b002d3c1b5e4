// Builds the playground into a folder any static server can host: the page's four files and
// the prebuilt browser bundle (dist/symbreak.min.js, the wasm embedded) beside them, with the
// page's import map pointed at that copy. No bundler is needed: the page imports 'symbreak'
// through the import map. Run after `npm run build`:
//   node examples/playground/build.mjs [outDir]    (default examples/playground/dist)
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const SOURCE_MAP = '"symbreak": "../../dist/symbreak.js"';
const BUILT_MAP = '"symbreak": "./symbreak.js"';
/** The page's files besides index.html, copied as they are. */
const PAGE = ['main.js', 'draw.js', 'style.css'];

/** Writes the playground into outDir; returns the files written with their sizes in bytes. */
export async function buildPlayground(outDir = join(here, 'dist')) {
  const bundle = join(root, 'dist', 'symbreak.min.js');
  try {
    await stat(bundle);
  } catch {
    throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  }
  await mkdir(outDir, { recursive: true });
  const html = await readFile(join(here, 'index.html'), 'utf8');
  if (!html.includes(SOURCE_MAP)) throw new Error(`index.html has no import map entry ${SOURCE_MAP}`);
  await writeFile(join(outDir, 'index.html'), html.replace(SOURCE_MAP, BUILT_MAP));
  for (const name of PAGE) await copyFile(join(here, name), join(outDir, name));
  await copyFile(bundle, join(outDir, 'symbreak.js'));
  const files = {};
  for (const name of ['index.html', ...PAGE, 'symbreak.js']) files[name] = (await stat(join(outDir, name))).size;
  return { outDir, files };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, files } = await buildPlayground(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`playground written to ${outDir}`);
  for (const [name, size] of Object.entries(files)) console.log(`  ${name.padEnd(12)} ${size.toLocaleString('en-US')} B`);
}
