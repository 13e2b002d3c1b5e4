// Benchmark helpers: interleaved timing with medians, deterministic data, markdown tables.
// Timings on a shared machine are noisy, so libraries are measured in alternation (A, B, A, B,
// ...) on the same shape and compared by the medians of their samples from the same run.
import os from 'node:os';
import { randomStream } from '../dist/index.js';

/** Deterministic float32 data in [-1, 1), from symbreak's seeded streams: no Math.random. */
export function testData(n, seed = 1) {
  const rng = randomStream(`bench/${seed}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 * rng.uniform() - 1;
  return out;
}

/**
 * SB_BENCH_QUICK=1: a smoke run that checks every benchmark runs and prints its tables, with
 * short time budgets and fewer repetitions. Its numbers are not measurements; a full run (the
 * flag unset) uses the budgets and counts written in each file.
 */
export const QUICK = process.env.SB_BENCH_QUICK === '1';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** [rows, cols] row-major -> [cols, rows] (symbreak's [units, inputs] kernel -> tfjs's [in, out]). */
export function transpose(data, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** Largest |x - y| relative to the largest |y|. */
export function relDiff(x, y) {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    s = Math.max(s, Math.abs(y[i]));
  }
  return s > 0 ? d / s : d;
}

/** A plain row-major Matrix (zeros unless data is given), e.g. for sb.tensor. */
export function matrix(rows, cols, data = new Float32Array(rows * cols)) {
  return { rows, cols, data };
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

/** Runs fn (awaiting it only when it returns a promise) `reps` times; returns ms per call. */
async function timeReps(fn, reps) {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const r = fn();
    if (r !== undefined && r !== null && typeof r.then === 'function') await r;
  }
  return (performance.now() - t0) / reps;
}

/**
 * The bookkeeping of an interleaved timing, shared by timeInterleaved and timeInterleavedAsync:
 * how many calls make a sample of each function, which are still due a sample, their medians.
 */
class Interleaving {
  constructor(fns, { warmupMs, sampleMs, budgetMs, minSamples }) {
    if (QUICK) {
      warmupMs = Math.min(warmupMs, 10);
      budgetMs = Math.min(budgetMs, 25);
      minSamples = Math.min(minSamples, 3);
    }
    this.names = Object.keys(fns);
    this.warmupMs = warmupMs;
    this.sampleMs = sampleMs;
    this.budgetMs = budgetMs;
    this.minSamples = minSamples;
    this.reps = {};
    this.needed = {};
    this.samples = Object.fromEntries(this.names.map((n) => [n, []]));
    this.spent = Object.fromEntries(this.names.map((n) => [n, 0]));
  }

  /** Sizes a function's samples from its ms per call after warm-up. */
  plan(name, perCall) {
    this.reps[name] = Math.max(1, Math.round(this.sampleMs / Math.max(perCall, 1e-6)));
    this.needed[name] = perCall > this.budgetMs ? 3 : this.minSamples;
  }

  /** The functions that still need a sample in this round (none: sampling is done). */
  due() {
    return this.names.filter((n) => this.samples[n].length < this.needed[n] || this.spent[n] < this.budgetMs);
  }

  /** A sample of `reps[name]` calls that took `ms` per call. */
  record(name, ms) {
    this.samples[name].push(ms);
    this.spent[name] += ms * this.reps[name];
  }

  medians() {
    return Object.fromEntries(this.names.map((n) => [n, median(this.samples[n])]));
  }
}

/**
 * Times several functions on the same workload, interleaved. Each is warmed up first (V8 runs
 * the first milliseconds of wasm and JS unoptimized), then samples alternate between them; a
 * sample repeats a function enough times to last about `sampleMs`. Sampling stops when every
 * function has had about `budgetMs` of samples (at least `minSamples` each).
 * Returns the median milliseconds per call of each, by name.
 */
export function timeInterleaved(fns, { warmupMs = 60, sampleMs = 4, budgetMs = 400, minSamples = 5 } = {}) {
  const t = new Interleaving(fns, { warmupMs, sampleMs, budgetMs, minSamples });
  for (const name of t.names) {
    // A call slower than warmupMs is its own warm-up (and is sampled fewer times).
    const first = runFor(fns[name], 0, 1);
    t.plan(name, first > t.warmupMs ? first : runFor(fns[name], t.warmupMs, 3));
  }
  for (let due = t.due(); due.length; due = t.due()) {
    for (const name of due) {
      const fn = fns[name];
      const r = t.reps[name];
      const t0 = performance.now();
      for (let i = 0; i < r; i++) fn();
      t.record(name, (performance.now() - t0) / r);
    }
  }
  return t.medians();
}

/**
 * timeInterleaved for functions that may be async (tf.layers' trainOnBatch returns a promise):
 * the same warm-up, sample size and budget rules (with its own defaults), samples alternating
 * between the functions; a synchronous function is called without any await. Returns median
 * ms per call.
 */
export async function timeInterleavedAsync(fns, { warmupMs = 60, sampleMs = 8, budgetMs = 300, minSamples = 5 } = {}) {
  const t = new Interleaving(fns, { warmupMs, sampleMs, budgetMs, minSamples });
  for (const name of t.names) {
    const fn = fns[name];
    const first = await timeReps(fn, 1);
    let perCall = first;
    if (first <= t.warmupMs) {
      const t0 = performance.now();
      let calls = 0;
      while (calls < 3 || performance.now() - t0 < t.warmupMs) {
        await timeReps(fn, 1);
        calls++;
      }
      perCall = (performance.now() - t0) / calls;
    }
    t.plan(name, perCall);
  }
  for (let due = t.due(); due.length; due = t.due()) {
    for (const name of due) t.record(name, await timeReps(fns[name], t.reps[name]));
  }
  return t.medians();
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
