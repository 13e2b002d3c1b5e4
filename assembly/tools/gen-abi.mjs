// Generates src/core/abi.generated.ts, the typed interface of the WebAssembly core, from the
// AssemblyScript sources: every `export function` of the files assembly/index.ts re-exports
// becomes a TypeScript function of the same name whose pointer parameters are typed buffers
// (F32Ptr -> F32Buffer, F64Ptr -> F64Buffer, I32Ptr -> I32Buffer, F32PtrOrNull -> F32Buffer |
// null). Renaming a kernel or changing its parameters in AssemblyScript is then a compile error
// in TypeScript, not a failure at run time. The generator also checks the list against the
// exports of build/core.wasm, so a source the parser misread cannot go unnoticed.
//
// Usage: node assembly/tools/gen-abi.mjs (after asc has written build/core.wasm).
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

/** The modules assembly/index.ts re-exports, in its order. */
function entryModules() {
  const index = read('assembly/index.ts');
  const modules = [];
  for (const m of index.matchAll(/^export\s+(\*|\{[^}]*\})\s+from\s+"\.\/([\w/-]+)";/gm)) {
    modules.push({ path: `assembly/${m[2]}.ts`, names: m[1] === '*' ? null : m[1].slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s.length > 0) });
  }
  return modules;
}

const POINTERS = {
  F32Ptr: { ts: 'F32Buffer', nullable: false },
  F64Ptr: { ts: 'F64Buffer', nullable: false },
  I32Ptr: { ts: 'I32Buffer', nullable: false },
  F32PtrOrNull: { ts: 'F32Buffer', nullable: true },
};
const NUMBERS = new Set(['i32', 'u32', 'f32', 'f64', 'i8', 'u8', 'i16', 'u16', 'usize', 'isize']);

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Every `export function name(params): ret` of a source file. */
function exportedFunctions(path) {
  const text = stripComments(read(path));
  const found = [];
  for (const m of text.matchAll(/(@inline\s+)?export\s+function\s+(\w+)\s*\(([^)]*)\)\s*:\s*(\w+)/g)) {
    if (m[1]) continue; // an @inline helper for other kernels, not a wasm export
    const params = m[3]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
      .map((p) => {
        const pm = /^(\w+)\s*:\s*(\w+)$/.exec(p);
        if (!pm) throw new Error(`${path}: ${m[2]}: cannot read parameter '${p}'`);
        return { name: pm[1], type: pm[2] };
      });
    found.push({ name: m[2], params, ret: m[4], path });
  }
  return found;
}

function tsParam(fn, p, raw) {
  if (POINTERS[p.type]) {
    const t = POINTERS[p.type];
    return {
      decl: `${p.name}: ${t.ts}${t.nullable ? ' | null' : ''}`,
      pass: t.nullable ? `${p.name} === null ? 0 : ${p.name}.ptr` : `${p.name}.ptr`,
    };
  }
  if (raw) return { decl: `${p.name}: number`, pass: p.name };
  if (p.type === 'usize') {
    throw new Error(
      `${fn.path}: ${fn.name}(${p.name}: usize): a kernel's pointer parameter must be typed ` +
        `(${Object.keys(POINTERS).join(', ')} from assembly/kernels/ptr.ts)`,
    );
  }
  if (p.type === 'bool') return { decl: `${p.name}: boolean`, pass: p.name };
  if (NUMBERS.has(p.type)) return { decl: `${p.name}: number`, pass: p.name };
  throw new Error(`${fn.path}: ${fn.name}: parameter ${p.name} has a type the ABI does not map: ${p.type}`);
}

function tsReturn(fn) {
  if (fn.ret === 'void') return { type: 'void', wrap: (call) => `${call};` };
  if (fn.ret === 'bool') return { type: 'boolean', wrap: (call) => `return ${call} !== 0;` };
  if (NUMBERS.has(fn.ret)) return { type: 'number', wrap: (call) => `return ${call};` };
  throw new Error(`${fn.path}: ${fn.name}: return type ${fn.ret} is not mapped`);
}

const functions = [];
for (const mod of entryModules()) {
  const all = exportedFunctions(mod.path);
  const picked = mod.names ? all.filter((f) => mod.names.includes(f.name)) : all;
  if (mod.names && picked.length !== mod.names.length) {
    throw new Error(`assembly/index.ts re-exports ${mod.names.join(', ')} from ${mod.path}, found ${picked.map((f) => f.name).join(', ')}`);
  }
  functions.push(...picked);
}

// The parse must agree with what the compiled module exports.
const wasm = new WebAssembly.Module(readFileSync(new URL('build/core.wasm', root)));
const exported = WebAssembly.Module.exports(wasm);
const wasmFunctions = new Set(exported.filter((e) => e.kind === 'function').map((e) => e.name));
const parsed = new Set(functions.map((f) => f.name));
const missing = [...wasmFunctions].filter((n) => !parsed.has(n));
const extra = [...parsed].filter((n) => !wasmFunctions.has(n));
if (missing.length || extra.length) {
  throw new Error(
    `the sources and build/core.wasm disagree: exported but not parsed: [${missing.join(', ')}]; ` +
      `parsed but not exported: [${extra.join(', ')}]`,
  );
}
if (!exported.some((e) => e.name === 'memory' && e.kind === 'memory')) throw new Error('build/core.wasm exports no memory');

const RAW_ONLY = new Set(['alloc', 'free']); // byte-level: only the heap calls them

let rawDecl = '';
let wrappers = '';
let lastPath = '';
for (const fn of functions) {
  const raw = RAW_ONLY.has(fn.name);
  const rawParams = fn.params.map((p) => `${p.name}: number`).join(', ');
  rawDecl += `  ${fn.name}(${rawParams}): ${fn.ret === 'void' ? 'void' : 'number'};\n`;
  if (raw) continue;
  if (fn.path !== lastPath) {
    wrappers += `\n// ---- ${fn.path} ----\n`;
    lastPath = fn.path;
  }
  const params = fn.params.map((p) => tsParam(fn, p, false));
  const ret = tsReturn(fn);
  wrappers +=
    `export function ${fn.name}(${params.map((p) => p.decl).join(', ')}): ${ret.type} {\n` +
    `  ${ret.wrap(`raw.${fn.name}(${params.map((p) => p.pass).join(', ')})`)}\n}\n`;
}

const out = `// GENERATED by assembly/tools/gen-abi.mjs from the AssemblyScript sources: do not edit, not committed.
// The core's exports with typed buffers for pointers. Only src/core and the kernel wrappers
// (src/kernels, one file per assembly/kernels file) import this file.
/* eslint-disable */
import type { F32Buffer, F64Buffer, I32Buffer } from './buffer.js';
import { notReady } from './not-ready.js';

/** The module's exports as WebAssembly sees them: addresses are plain numbers. */
export interface RawExports {
  readonly memory: WebAssembly.Memory;
${rawDecl}}

let raw: RawExports = notReady<RawExports>();

/** Binds the instantiated module (called once by load.ts). */
export function bindExports(exports: RawExports): void {
  raw = exports;
}

/** The core's memory (for buffer views and sb.memory()). */
export function wasmMemory(): WebAssembly.Memory {
  return raw.memory;
}

/** Allocates \`bytes\` on the core's heap; 0 when it cannot. Only heap.ts calls this. */
export function rawAlloc(bytes: number): number {
  return raw.alloc(bytes);
}

/** Frees a block from rawAlloc. Only heap.ts calls this. */
export function rawFree(ptr: number): void {
  raw.free(ptr);
}
${wrappers}`;

writeFileSync(new URL('src/core/abi.generated.ts', root), out);
console.log(`generated src/core/abi.generated.ts: ${functions.length - RAW_ONLY.size} kernels`);
