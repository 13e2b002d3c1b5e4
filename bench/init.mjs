// Initializers: symbreak (seeded xor4096 streams in JS, Householder QR on the SIMD core) against
// @tensorflow/tfjs's initializers (the full package, on its WebAssembly backend, the fastest tfjs
// runs in Node without tfjs-node; its random numbers are drawn in JS either way).
// - Elementwise initializers at 1024x1024 (samples per second, and the sample variance divided by
//   each library's own formula, which shows tfjs#8594: tfjs's *Normal come out at ~0.77).
// - orthogonal at 256², 512², 1024². tfjs's orthogonal composes QR from small tensor ops and
//   prints "Slowness may result" above 2000 elements; a tfjs case stops being sampled once it has
//   used its time budget, and is not started when a smaller size already took longer than
//   SB_BENCH_TFJS_ORTHO_MS (default 120000 ms); the table then says what was measured instead.
// Libraries alternate (interleaved), each number is a median of its samples, and every number
// printed is measured in this run. Build first: the bench imports ../dist.
import * as sb from '../dist/index.js';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { QUICK, fmt, gc, median, printTable, timeInterleaved } from './util.mjs';

const { init, randomStream } = sb;

const N = 1024;
// orthogonal: rounds of (symbreak, tfjs) samples, and the ms of tfjs samples after which tfjs
// is not sampled again (it always gets one). SB_BENCH_QUICK=1: one tfjs sample, a 5 s cap by default.
const ORTHO_ROUNDS = QUICK ? 2 : 7;
const TFJS_ORTHO_BUDGET_MS = QUICK ? 0 : 3000;

function variance(data) {
  let m = 0;
  for (let i = 0; i < data.length; i++) m += data[i];
  m /= data.length;
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (data[i] - m) ** 2;
  return s / data.length;
}

// [label, symbreak initializer, tfjs initializer, formula variance at fanIn = fanOut = 1024]
const ELEMENTWISE = [
  ['randomNormal (std 0.05)', () => init.randomNormal({ std: 0.05 }), () => tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: 1 }), 0.05 ** 2],
  ['truncatedNormal (std 0.05)', () => init.truncatedNormal({ std: 0.05 }), () => tf.initializers.truncatedNormal({ mean: 0, stddev: 0.05, seed: 1 }), 0.05 ** 2],
  ['glorotNormal', () => init.glorotNormal(), () => tf.initializers.glorotNormal({ seed: 1 }), 2 / (N + N)],
  ['heNormal', () => init.heNormal(), () => tf.initializers.heNormal({ seed: 1 }), 2 / N],
  ['randomUniform (±0.05)', () => init.randomUniform(), () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 }), 0.1 ** 2 / 12],
  ['glorotUniform', () => init.glorotUniform(), () => tf.initializers.glorotUniform({ seed: 1 }), 2 / (N + N)],
  ['heUniform', () => init.heUniform(), () => tf.initializers.heUniform({ seed: 1 }), 2 / N],
];

function tfjsSample(initializer, rows, cols) {
  const t = initializer.apply([rows, cols], 'float32');
  const data = t.dataSync();
  t.dispose();
  return data;
}

/** Runs `fn` once in a fresh measurement and returns milliseconds. */
function once(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export default async function run() {
  await sb.ready();
  await tf.setBackend('wasm');
  await tf.ready();
  // tfjs warns on every large orthogonal call; count the warnings instead of printing them.
  let slownessWarnings = 0;
  const warn = console.warn;
  console.warn = (...args) => {
    if (String(args[0]).includes('Slowness may result')) slownessWarnings++;
    else warn(...args);
  };
  try {
    console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}; symbreak: JS streams + wasm core\n`);
    const rows = [];
    for (const [label, ours, theirs, formula] of ELEMENTWISE) {
      gc();
      const a = ours();
      const b = theirs();
      const rng = randomStream(1);
      let lastOurs;
      let lastTheirs;
      const ms = timeInterleaved(
        {
          symbreak: () => {
            lastOurs = a.sample(N, N, rng).data;
          },
          tfjs: () => {
            lastTheirs = tfjsSample(b, N, N);
          },
        },
        { budgetMs: 800 },
      );
      const samples = N * N;
      rows.push([
        label,
        fmt(ms.symbreak, 1),
        fmt(samples / ms.symbreak / 1e3, 1),
        fmt(ms.tfjs, 1),
        fmt(samples / ms.tfjs / 1e3, 1),
        fmt(ms.tfjs / ms.symbreak, 2) + 'x',
        fmt(variance(lastOurs) / formula, 3),
        fmt(variance(lastTheirs) / formula, 3),
      ]);
    }
    console.log(`Elementwise initializers, ${N}x${N} (${N * N} samples per call), medians:\n`);
    printTable(
      ['initializer', 'symbreak ms', 'symbreak M samples/s', 'tfjs ms', 'tfjs M samples/s', 'tfjs time / symbreak time', 'symbreak var / formula', 'tfjs var / formula'],
      rows,
    );

    const capMs = Number(process.env.SB_BENCH_TFJS_ORTHO_MS ?? (QUICK ? 5000 : 120000));
    tfjsSample(tf.initializers.orthogonal({ gain: 1, seed: 1 }), 64, 64); // tfjs warm-up
    init.orthogonal().sample(64, 64, randomStream(0)); // symbreak warm-up
    const orthoRows = [];
    let tfjsTooSlow = false;
    for (const n of [256, 512, 1024]) {
      gc();
      const ours = init.orthogonal();
      const theirs = tf.initializers.orthogonal({ gain: 1, seed: 1 });
      const rng = randomStream(2);
      const oursFn = () => ours.sample(n, n, rng);
      const theirsFn = () => tfjsSample(theirs, n, n);
      oursFn(); // warm-up
      const mine = [];
      const tfjsTimes = [];
      let tfjsSpent = 0;
      // Interleave: ours, tfjs, ours, tfjs ... tfjs stops after its budget (at least one sample).
      for (let round = 0; round < ORTHO_ROUNDS; round++) {
        mine.push(once(oursFn));
        if (!tfjsTooSlow && (tfjsTimes.length === 0 || (tfjsSpent < TFJS_ORTHO_BUDGET_MS && tfjsTimes.length < 5))) {
          const t = once(theirsFn);
          tfjsTimes.push(t);
          tfjsSpent += t;
        }
      }
      const m = median(mine);
      const t = tfjsTimes.length ? median(tfjsTimes) : NaN;
      orthoRows.push([
        `${n}x${n}`,
        fmt(m, 1),
        fmt((n * n) / m / 1e3, 2),
        tfjsTimes.length ? `${fmt(t, 0)} (${tfjsTimes.length} run${tfjsTimes.length > 1 ? 's' : ''})` : `not run (${fmt(capMs / 1000, 0)} s cap)`,
        tfjsTimes.length ? fmt((n * n) / t / 1e3, 3) : '-',
        tfjsTimes.length ? fmt(t / m, 0) + 'x' : '-',
      ]);
      // The next size is ~8x the work: skip it when this one already exceeded the cap / 8.
      if (tfjsTimes.length && t * 8 > capMs) tfjsTooSlow = true;
    }
    console.log(`\northogonal (gain 1), medians; tfjs printed "Slowness may result" ${slownessWarnings} times:\n`);
    printTable(['shape', 'symbreak ms', 'symbreak M samples/s', 'tfjs ms', 'tfjs M samples/s', 'tfjs time / symbreak time'], orthoRows);
  } finally {
    console.warn = warn;
  }
}
