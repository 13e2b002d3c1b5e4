// Benchmark helpers: interleaved timing with medians, deterministic data, markdown tables.
// Timings on a shared machine are noisy, so libraries are measured in alternation (A, B, A, B,
// ...) on the same shape and compared by the medians of their samples from the same run.
import os from 'node:os';

/** Deterministic float32 data in [-1, 1) (xorshift32): no Math.random. */
export function testData(n, seed = 1) {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (2 * s) / 4294967296 - 1;
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Runs fn until at least `ms` milliseconds and `minCalls` calls have passed; returns ms per call. */
function runFor(fn, ms, minCalls = 1) {
  const t0 = performance.now();
  let calls = 0;
  let t = t0;
  while (calls < minCalls || t - t0 < ms) {
    fn();
    calls++;
    t = performance.now();
  }
  return (t - t0) / calls;
}

/**
 * Times several functions on the same workload, interleaved. Each is warmed up first (V8 runs
 * the first milliseconds of wasm and JS unoptimized), then samples alternate between them; a
 * sample repeats a function enough times to last about `sampleMs`. Sampling stops when every
 * function has had about `budgetMs` of samples (at least `minSamples` each).
 * Returns the median milliseconds per call of each, by name.
 */
export function timeInterleaved(fns, { warmupMs = 60, sampleMs = 4, budgetMs = 400, minSamples = 5 } = {}) {
  const names = Object.keys(fns);
  const reps = {};
  const needed = {};
  for (const name of names) {
    // A call slower than warmupMs is its own warm-up (and is sampled fewer times).
    const first = runFor(fns[name], 0, 1);
    const perCall = first > warmupMs ? first : runFor(fns[name], warmupMs, 3);
    reps[name] = Math.max(1, Math.round(sampleMs / Math.max(perCall, 1e-6)));
    needed[name] = perCall > budgetMs ? 3 : minSamples;
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const spent = Object.fromEntries(names.map((n) => [n, 0]));
  let done = false;
  while (!done) {
    done = true;
    for (const name of names) {
      if (samples[name].length >= needed[name] && spent[name] >= budgetMs) continue;
      const fn = fns[name];
      const r = reps[name];
      const t0 = performance.now();
      for (let i = 0; i < r; i++) fn();
      const dt = performance.now() - t0;
      samples[name].push(dt / r);
      spent[name] += dt;
      done = false;
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

/** GFLOP/s of an m x k by k x n product (2·m·n·k flops) taking `ms` milliseconds. */
export function gflops(m, n, k, ms) {
  return (2 * m * n * k) / (ms * 1e6);
}

export function fmt(x, digits = 1) {
  return x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);
}

/** Prints a markdown table. */
export function printTable(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  console.log(line(headers));
  console.log(line(headers.map(() => '---')));
  for (const r of rows) console.log(line(r));
}

/** One line saying where the numbers come from. */
export function machineLine() {
  const cpus = os.cpus();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  return (
    `node ${process.version}, ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} logical cores), ` +
    `${os.platform()} ${os.arch()}, load average ${load} (other work on the machine skews timings)`
  );
}

export function gc() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}
