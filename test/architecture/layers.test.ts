// The layer rule, read from the import graph of src/: every import points down (or stays in its
// own folder), and only src/core knows that WebAssembly exists. A violation fails here, not in a
// review.
//
//   errors  <-  util  <-  core  <-  kernels, registry, io, numpy  <-  init  <-  ops, data  <-  nn
//                 <-  diagnostics  <-  the facade (index.ts, network.ts)  <-  cli
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Each layer's rank: a module may import a lower rank, or its own layer. */
const RANK: Record<string, number> = {
  errors: 0,
  util: 1,
  core: 2,
  kernels: 3,
  registry: 3,
  io: 3,
  numpy: 3,
  init: 4,
  ops: 5,
  data: 5,
  nn: 6,
  diagnostics: 7,
  facade: 8,
  cli: 9,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file under src/: its top folder, 'errors' for errors.ts, the facade for the rest. */
function layerOf(path: string): string {
  const rel = relative(SRC, path).split(/[\\/]/);
  if (rel.length > 1) return rel[0]!;
  return rel[0] === 'errors.ts' ? 'errors' : 'facade';
}

const SOURCES = files(SRC).map((path) => ({ path, rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

describe('the layers of src/', () => {
  it('knows every folder', () => {
    for (const s of SOURCES) expect(RANK[layerOf(s.path)], `${s.rel} is in a folder the layer rule does not know`).toBeDefined();
  });

  it('imports only point down', () => {
    const violations: string[] = [];
    for (const s of SOURCES) {
      const from = layerOf(s.path);
      for (const spec of importsOf(s.text)) {
        if (!spec.startsWith('.')) continue; // packages (seedrandom, node:*)
        const target = resolve(dirname(s.path), spec).replace(/\.js$/, '.ts');
        const to = layerOf(target);
        if (to !== from && !(RANK[to]! < RANK[from]!)) violations.push(`${s.rel} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the rule is checked on real imports (the graph is not empty)', () => {
    const edges = SOURCES.reduce((n, s) => n + importsOf(s.text).filter((i) => i.startsWith('.')).length, 0);
    expect(edges).toBeGreaterThan(100);
  });
});

describe('only src/core knows WebAssembly', () => {
  const outside = SOURCES.filter((s) => layerOf(s.path) !== 'core');

  it('no memory.buffer, WebAssembly or embedded module outside src/core', () => {
    const hits = outside.filter((s) => /memory\.buffer|WebAssembly\.|wasm\.generated/.test(s.text)).map((s) => s.rel);
    expect(hits).toEqual([]);
  });

  it('no buffer address (.ptr) outside src/core', () => {
    const hits = outside.filter((s) => /\.ptr\b/.test(s.text)).map((s) => s.rel);
    expect(hits).toEqual([]);
  });

  it('outside src/core, only the kernel wrappers (src/kernels, one per assembly/kernels file) call the typed ABI', () => {
    const callers = outside.filter((s) => /abi\.generated/.test(s.text)).map((s) => layerOf(s.path));
    expect(new Set(callers)).toEqual(new Set(['kernels']));
  });
});
