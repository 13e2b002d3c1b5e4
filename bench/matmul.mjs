// Matrix multiplication: symbreak's SIMD core (sb.ops.matmul on Tensors with `out`, so no
// copies are timed) against @tensorflow/tfjs-backend-wasm (XNNPACK, single thread, SIMD build)
// and a naive JS triple loop, in the four forms NN, TN (Aᵀ·B), NT (A·Bᵀ), TT.
// Each shape is timed with the libraries interleaved; the table shows the medians' GFLOP/s and
// the ratios from this run. Nothing is hard-coded: every number printed is measured here.
import * as sb from '../dist/index.js';
import * as tf from '@tensorflow/tfjs-core';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { fmt, gc, gflops, matrix, printTable, relDiff, testData, timeInterleaved } from './util.mjs';

const { matmul } = sb.ops;

const FORMS = {
  NN: [false, false],
  TN: [true, false],
  NT: [false, true],
  TT: [true, true],
};

// Naive triple loops over Float32Arrays, one per form (a branch-free inner loop each).
const naive = {
  NN(A, B, C, m, n, k) {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
        C[i * n + j] = s;
      }
  },
  TN(A, B, C, m, n, k) {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[p * m + i] * B[p * n + j];
        C[i * n + j] = s;
      }
  },
  NT(A, B, C, m, n, k) {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[i * k + p] * B[j * k + p];
        C[i * n + j] = s;
      }
  },
  TT(A, B, C, m, n, k) {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[p * m + i] * B[j * k + p];
        C[i * n + j] = s;
      }
  },
};

const NAIVE_MAX_MACS = 256 ** 3;

export default async function run() {
  await sb.ready();
  tfwasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  console.log(
    `tfjs ${tf.version_core} backend ${tf.getBackend()}: SIMD ${simd}, multithreaded build ${threads}, ` +
      `XNNPACK threads ${tfwasm.getThreadsCount()}`,
  );
  if (!simd || threads) console.log('WARNING: tfjs is not running its single-threaded SIMD build');

  const cases = [];
  for (const N of [32, 64, 128, 256, 512, 1024]) {
    for (const form of Object.keys(FORMS)) cases.push({ m: N, k: N, n: N, form, label: `${N}³` });
  }
  cases.push({ m: 64, k: 784, n: 128, form: 'NN', label: '64x784x128' });
  cases.push({ m: 784, k: 64, n: 128, form: 'TN', label: '784x64x128' });
  cases.push({ m: 64, k: 128, n: 784, form: 'NT', label: '64x128x784' });
  cases.push({ m: 64, k: 128, n: 10, form: 'NN', label: '64x128x10' });

  const rows = [];
  const results = [];
  for (const c of cases) {
    const { m, n, k, form } = c;
    const [tA, tB] = FORMS[form];
    const A = testData(m * k, 1);
    const B = testData(k * n, 2);
    const aRows = tA ? k : m;
    const bRows = tB ? n : k;
    const sa = sb.tensor(matrix(aRows, tA ? m : k, A));
    const sbT = sb.tensor(matrix(bRows, tB ? k : n, B));
    const out = sb.tensor(matrix(m, n));
    const ta = tf.tensor2d(A, [aRows, tA ? m : k]);
    const tb = tf.tensor2d(B, [bRows, tB ? k : n]);
    const opts = { transposeA: tA, transposeB: tB, out };

    // The two libraries compute the same product: check once before timing.
    matmul(sa, sbT, opts);
    const tc = tf.matMul(ta, tb, tA, tB);
    const agree = relDiff(out.read().data, tc.dataSync());
    tc.dispose();

    const fns = {
      symbreak: () => matmul(sa, sbT, opts),
      // The wasm backend runs the kernel synchronously inside matMul; disposing frees the result.
      tfjs: () => tf.matMul(ta, tb, tA, tB).dispose(),
    };
    // For a transposed form, symbreak NN at the same m, k, n is timed in the same interleaved
    // loop, so the transposed/NN ratio compares samples taken side by side.
    const extra = [];
    if (form !== 'NN') {
      const nnA = sb.tensor(matrix(m, k, A));
      const nnB = sb.tensor(matrix(k, n, B));
      const nnC = sb.tensor(matrix(m, n));
      extra.push(nnA, nnB, nnC);
      fns.symbreakNN = () => matmul(nnA, nnB, { out: nnC });
    }
    if (m * n * k <= NAIVE_MAX_MACS) {
      const Cn = new Float32Array(m * n);
      const loop = naive[form];
      fns.naive = () => loop(A, B, Cn, m, n, k);
    }
    const ms = timeInterleaved(fns);
    const g = Object.fromEntries(Object.entries(ms).map(([name, t]) => [name, gflops(m, n, k, t)]));
    const ownNN = g.symbreakNN;
    const r = {
      ...c,
      sb: g.symbreak,
      tfjs: g.tfjs,
      naive: g.naive,
      vsTfjs: g.symbreak / g.tfjs,
      vsNaive: g.naive ? g.symbreak / g.naive : undefined,
      vsNN: ownNN ? g.symbreak / ownNN : undefined,
      agree,
    };
    results.push(r);
    rows.push([
      r.label,
      form,
      fmt(r.sb),
      fmt(r.tfjs),
      fmt(r.naive, 2),
      fmt(r.vsTfjs, 2),
      fmt(r.vsNaive, 0),
      fmt(r.vsNN, 2),
      r.agree.toExponential(0),
    ]);
    for (const x of [sa, sbT, out, ...extra]) x.dispose();
    ta.dispose();
    tb.dispose();
    gc();
  }

  console.log('\nGFLOP/s (2·m·n·k / median time; m x k times k x n; higher is better)\n');
  printTable(
    ['shape m×k×n', 'form', 'symbreak', 'tfjs-wasm', 'naive JS', 'sb / tfjs', 'sb / naive', 'sb form / sb NN', 'max rel. diff vs tfjs'],
    rows,
  );

  console.log(
    '\nsb form / sb NN: a transposed form over symbreak NN at the same shape, timed in the same ' +
      'interleaved loop. max rel. diff: max|symbreak - tfjs| / max|tfjs| on this input, checked before timing.',
  );

  // The targets, judged on the numbers above.
  const find = (label, form) => results.find((r) => r.label === label && r.form === form);
  const checks = [];
  for (const [label, form] of [
    ['256³', 'NN'],
    ['512³', 'NN'],
    ['64x784x128', 'NN'],
  ]) {
    const r = find(label, form);
    checks.push([`sb / tfjs >= 1.1 at ${label} ${form}`, r.vsTfjs, r.vsTfjs >= 1.1]);
  }
  const transposed = results.filter((r) => r.form !== 'NN');
  const minT = Math.min(...transposed.map((r) => r.vsTfjs));
  checks.push(['sb / tfjs >= 10 on every transposed form (worst case)', minT, minT >= 10]);
  const minNN = Math.min(...transposed.map((r) => r.vsNN));
  checks.push(['sb transposed / sb NN >= 0.8 (worst case)', minNN, minNN >= 0.8]);
  console.log('\nTargets (from this run)\n');
  printTable(
    ['target', 'measured', 'held'],
    checks.map(([what, v, ok]) => [what, fmt(v, 2), ok ? 'yes' : 'NO']),
  );
}
