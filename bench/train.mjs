// One training step (forward, backward, SGD update) of a dense network: symbreak's
// `net.trainStep` against tfjs on its WebAssembly backend (XNNPACK, single thread, SIMD build),
// written two ways a tfjs user would write it:
//   - tfjs minimize: `optimizer.minimize(() => loss, true)` over tf.fused.matMul layers (bias
//     and relu fused) and tf.losses.*CrossEntropy on the logits, the loss read with dataSync;
//   - tf.layers: a sequential model compiled with the same loss and optimizer, `trainOnBatch`
//     (async: it awaits the loss, so the step has finished when its promise resolves).
// Two networks: 784-128-10 (relu, softmax, categorical cross-entropy, batch 64) where the
// matrix products dominate, and the lesson's 2-4-1 (tanh, sigmoid, binary cross-entropy on the
// 400-point planar flower, full batch) where per-call overhead dominates.
// All three start from the same weights and take the same batch, built once (Matrix objects for
// symbreak, tensors for tfjs), and the first steps' losses are compared before timing. The
// libraries are timed interleaved and compared by their medians. Every printed number is
// measured in this run; the table after it breaks symbreak's step into its pieces.
import * as sb from '../dist/index.js';
// The full @tensorflow/tfjs package (tf.layers) and the wasm backend must share one tfjs-core:
// run() checks that the engine tf.layers runs on is the one the backend registered with.
import * as tf from '@tensorflow/tfjs';
import * as tfcore from '@tensorflow/tfjs-core';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { fmt, gc, printTable, testData } from './util.mjs';
// Internals of the build, for the breakdown of a step (the same module instances as sb's).
import { toMatrix } from '../dist/runtime/matrix.js';
import { parseTargets } from '../dist/nn/targets.js';
import { parseOptimizer } from '../dist/kernels/optimizers.js';
import { writeF32 } from '../dist/runtime/heap.js';
import { throughActivation } from '../dist/nn/propagate.js';
import { activationForward, softmaxRows } from '../dist/kernels/activations.js';
import { colSumsPtr } from '../dist/kernels/reduce.js';
import { lossAndGradient } from '../dist/nn/loss.js';
import { allFinitePtr, copyPtr } from '../dist/kernels/elementwise.js';
import { optimizerFor } from '../dist/nn/training.js';
import { gemm } from '../dist/kernels/gemm.js';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
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
 * util.mjs's timeInterleaved for functions that may be async (tf.layers' trainOnBatch returns a
 * promise): the same warm-up, sample size and budget rules, samples alternating between the
 * functions; a synchronous function is called without any await. Returns median ms per call.
 */
export async function timeInterleavedAsync(fns, { warmupMs = 60, sampleMs = 8, budgetMs = 300, minSamples = 5 } = {}) {
  const names = Object.keys(fns);
  const reps = {};
  const needed = {};
  for (const name of names) {
    const fn = fns[name];
    const first = await timeReps(fn, 1);
    let perCall = first;
    if (first <= warmupMs) {
      const t0 = performance.now();
      let calls = 0;
      while (calls < 3 || performance.now() - t0 < warmupMs) {
        await timeReps(fn, 1);
        calls++;
      }
      perCall = (performance.now() - t0) / calls;
    }
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
      const ms = await timeReps(fns[name], reps[name]);
      samples[name].push(ms);
      spent[name] += ms * reps[name];
      done = false;
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

/** Backend, build and thread count of tfjs, checked on the same module instance tf.layers uses. */
export async function setUpTfjsWasm() {
  // setThreadsCount must come before the backend initializes; the SIMD build without threads
  // ignores it anyway, which the flags below show.
  tfwasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const oneCore = tf.engine() === tfcore.engine();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const line =
    `tfjs ${tf.version.tfjs} (tfjs-core ${tf.version['tfjs-core']}, tfjs-layers ${tf.version['tfjs-layers']}): ` +
    `backend ${tf.getBackend()} (${tf.engine().backend.constructor.name}), SIMD ${simd}, multithreaded build ${threaded}, ` +
    `XNNPACK threads ${tfwasm.getThreadsCount()}; @tensorflow/tfjs and @tensorflow/tfjs-core share one engine: ${oneCore}`;
  const ok = oneCore && tf.getBackend() === 'wasm' && simd && !threaded;
  return { line, ok };
}

/** Class ids -> one-hot rows. */
function oneHot(ids, classes) {
  const out = new Float32Array(ids.length * classes);
  ids.forEach((c, i) => (out[i * classes + c] = 1));
  return out;
}

/** [rows, cols] row-major -> [cols, rows]. */
function transpose(data, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/**
 * A case: the symbreak network, and the same weights (transposed to tfjs's [in, out]) in tfjs
 * variables for minimize and in a tf.layers model.
 */
function buildCase(c) {
  const net = new sb.Network({
    inputs: c.sizes[0],
    layers: c.sizes.slice(1).map((units, i) => ({ units, activation: c.activations[i] })),
    seed: 1,
  });
  const weights = net.getWeights();
  const vars = [];
  const layerWeights = [];
  weights.forEach((w, l) => {
    const kernel = tf.tensor2d(transpose(w.kernel.data, w.kernel.rows, w.kernel.cols), [w.kernel.cols, w.kernel.rows]);
    const bias = tf.tensor1d(w.bias);
    vars.push(tf.variable(kernel), tf.variable(bias));
    layerWeights.push(kernel, bias);
  });
  const model = tf.sequential();
  c.sizes.slice(1).forEach((units, i) => {
    model.add(
      tf.layers.dense({ units, activation: c.activations[i], ...(i === 0 ? { inputShape: [c.sizes[0]] } : {}) }),
    );
  });
  model.setWeights(layerWeights);
  tf.dispose(layerWeights);
  model.compile({ optimizer: tf.train.sgd(c.learningRate), loss: c.layersLoss });

  const xs = tf.tensor2d(c.x.data, [c.x.rows, c.x.cols]);
  const ys = tf.tensor2d(c.y.data, [c.y.rows, c.y.cols]);
  const opt = tf.train.sgd(c.learningRate);
  const options = { loss: c.loss, optimizer: { type: 'sgd', learningRate: c.learningRate } };
  const lossFn = () => c.tfLoss(xs, ys, vars);
  const fns = {
    symbreak: () => net.trainStep(c.x, c.y, options),
    minimize: () => {
      // The variables named, so tfjs does not search every registered variable for gradients.
      const cost = opt.minimize(lossFn, true, vars);
      const v = cost.dataSync()[0];
      cost.dispose();
      return v;
    },
    layers: () => model.trainOnBatch(xs, ys),
  };
  const dispose = () => {
    net.dispose();
    tf.dispose([xs, ys, ...vars]);
    model.dispose();
    opt.dispose();
  };
  return { net, fns, dispose, options };
}

const CASES = [
  {
    name: '784-128-10',
    sizes: [784, 128, 10],
    activations: ['relu', 'softmax'],
    loss: 'categoricalCrossEntropy',
    layersLoss: 'categoricalCrossentropy',
    learningRate: 0.01,
    data() {
      const B = 64;
      const x = testData(B * 784, 7).map((v) => 0.5 * (v + 1)); // pixel-like values in [0, 1)
      const ids = Array.from({ length: B }, (_, i) => (i * 7) % 10);
      return { x: { rows: B, cols: 784, data: x }, y: { rows: B, cols: 10, data: oneHot(ids, 10) } };
    },
    tfLoss(xs, ys, [w1, b1, w2, b2]) {
      const h = tf.fused.matMul({ a: xs, b: w1, bias: b1, activation: 'relu' });
      const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
      return tf.losses.softmaxCrossEntropy(ys, logits);
    },
  },
  {
    name: '2-4-1 (planar flower)',
    sizes: [2, 4, 1],
    activations: ['tanh', 'sigmoid'],
    loss: 'binaryCrossEntropy',
    layersLoss: 'binaryCrossentropy',
    // The lesson's learning rate.
    learningRate: 1.2,
    data() {
      return sb.datasets.planarFlower({ n: 400, seed: 1 });
    },
    tfLoss(xs, ys, [w1, b1, w2, b2]) {
      // tfjs's fused matMul has no gradient through a fused tanh, so tanh is its own op.
      const h = tf.tanh(tf.fused.matMul({ a: xs, b: w1, bias: b1 }));
      const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
      return tf.losses.sigmoidCrossEntropy(ys, logits);
    },
  },
];

const TARGETS = { '784-128-10': 8, '2-4-1 (planar flower)': 20 };

/**
 * The pieces of symbreak's trainStep, each timed alone on its own copy of the network (same
 * weights, batch and workspace as the step itself): the JS-side checks, the copy into the core,
 * then the core's calls grouped by kind. "whole - sum of pieces" is what is left: the JS glue
 * between the calls (and timing noise).
 */
function breakdown(c) {
  const net = new sb.Network({
    inputs: c.sizes[0],
    layers: c.sizes.slice(1).map((units, i) => ({ units, activation: c.activations[i] })),
    seed: 1,
  });
  const model = net.model;
  const { x, y } = c;
  const B = x.rows;
  const config = parseOptimizer(c.options.optimizer);
  net.trainStep(x, y, c.options); // the workspace and the optimizer state exist from here on
  const ws = model.workspace(B);
  const p = model.params;
  const L = model.layers;
  const last = L.length - 1;
  const state = optimizerFor(model, config);
  const inputOf = (l) => (l === 0 ? ws.x : ws.a[l - 1]);
  let fwdFlops = 0;
  let bwdFlops = 0;
  L.forEach((layer, l) => {
    fwdFlops += 2 * B * layer.units * layer.inputs;
    bwdFlops += 2 * B * layer.units * layer.inputs * (l > 0 ? 2 : 1);
  });
  const gf = (flops) => (ms) => ` (${fmt(flops / (ms * 1e6), 1)} GFLOP/s)`;
  const pieces = [
    ['trainStep (whole)', () => net.trainStep(x, y, c.options)],
    [
      'checks: x shape, targets, options',
      () => {
        toMatrix(x, 'x', { checkFinite: false });
        parseTargets(y, c.loss, L[last].units, B);
        parseOptimizer(c.options.optimizer);
      },
    ],
    [
      'copy x, y into the core; x finite (on the core)',
      () => {
        writeF32(ws.x, x.data);
        allFinitePtr(ws.x, x.data.length);
        writeF32(ws.y, y.data);
      },
    ],
    [
      'gemm, forward (bias fused)',
      () => {
        L.forEach((layer, l) => gemm(inputOf(l), p.kernel(l), ws.z[l], p.bias(l), B, layer.units, layer.inputs, false, true, false));
      },
      gf(fwdFlops),
    ],
    [
      'activations, forward',
      () => {
        L.forEach((layer, l) => {
          const { name, alpha } = layer.activation;
          if (name === 'softmax') softmaxRows(ws.z[l], ws.a[l], B, layer.units);
          else if (name !== 'linear') activationForward(name, ws.z[l], ws.a[l], B * layer.units, alpha);
        });
      },
    ],
    ['loss and its gradient (from the logits)', () => lossAndGradient(model, ws, c.loss, false, true)],
    [
      'gemm, backward (dW, and dA below the top layer)',
      () => {
        for (let l = last; l >= 0; l--) {
          const layer = L[l];
          gemm(ws.dz[l], inputOf(l), p.kernelGrad(l), 0, layer.units, layer.inputs, B, true, false, false);
          if (l > 0) gemm(ws.dz[l], p.kernel(l), ws.da, 0, B, layer.inputs, layer.units, false, false, false);
        }
      },
      gf(bwdFlops),
    ],
    [
      'bias gradients (column sums)',
      () => {
        L.forEach((layer, l) => colSumsPtr(ws.dz[l], p.biasGrad(l), B, layer.units));
      },
    ],
    [
      'activations, backward (hidden layers)',
      () => {
        for (let l = last - 1; l >= 0; l--) throughActivation(L[l], ws, l, ws.da);
      },
    ],
    [
      'non-finite guard (2 scans + backup copy of the parameters)',
      () => {
        allFinitePtr(p.grads, p.size);
        copyPtr(p.values, p.backup, p.size);
        allFinitePtr(p.values, p.size);
      },
    ],
    ['optimizer update', () => state.apply(p)],
  ];
  return { net, pieces };
}

export default async function run() {
  await sb.ready();
  const setup = await setUpTfjsWasm();
  console.log(setup.line);
  if (!setup.ok) console.log('WARNING: tfjs is not running its single-threaded SIMD wasm build on one engine');

  const rows = [];
  const checks = [];
  const profiles = [];
  for (const spec of CASES) {
    const { x, y } = spec.data();
    const c = { ...spec, x, y };
    const built = buildCase(c);
    c.options = built.options;
    // Same weights, same batch: two steps each, the first loss checks the forward pass and the
    // second the update (tf.layers clips its probabilities, so it may differ in the last digits).
    const first = {};
    for (const [name, fn] of Object.entries(built.fns)) first[name] = [await fn(), await fn()];
    const tensorsBefore = tf.memory().numTensors;
    const sbBytesBefore = sb.memory().liveBytes;
    // A longer budget than util's default: the ratio is a target, so it gets more samples.
    const ms = await timeInterleavedAsync(built.fns, { budgetMs: 1000 });
    const leaked = tf.memory().numTensors - tensorsBefore;
    const sbGrew = sb.memory().liveBytes - sbBytesBefore;
    built.dispose();
    gc();

    const B = x.rows;
    const sps = Object.fromEntries(Object.entries(ms).map(([n, t]) => [n, (1000 * B) / t]));
    rows.push([
      spec.name,
      String(B),
      `${fmt(sps.symbreak, 0)} (${fmt(1000 * ms.symbreak, 0)} µs)`,
      `${fmt(sps.minimize, 0)} (${fmt(1000 * ms.minimize, 0)} µs)`,
      `${fmt(sps.layers, 0)} (${fmt(1000 * ms.layers, 0)} µs)`,
      fmt(sps.symbreak / sps.minimize, 1),
      fmt(sps.symbreak / sps.layers, 1),
      ...[0, 1].map((s) => `${fmt(first.symbreak[s], 5)} / ${fmt(first.minimize[s], 5)} / ${fmt(first.layers[s], 5)}`),
    ]);
    if (leaked !== 0) console.log(`WARNING: tfjs tensors grew by ${leaked} during the ${spec.name} timing`);
    if (sbGrew !== 0) console.log(`WARNING: symbreak's live bytes grew by ${sbGrew} during the ${spec.name} timing`);
    const target = TARGETS[spec.name];
    const ratio = sps.symbreak / sps.minimize;
    checks.push([`${spec.name}: symbreak / tfjs minimize >= ${target}`, fmt(ratio, 1), ratio >= target ? 'yes' : 'NO']);

    const prof = breakdown(c);
    const pms = await timeInterleavedAsync(Object.fromEntries(prof.pieces.map(([n, f]) => [n, f])), { budgetMs: 200 });
    profiles.push({ name: spec.name, pieces: prof.pieces, pms });
    prof.net.dispose();
  }

  console.log('\nTraining steps: samples/s (median time per step in brackets; higher is better)\n');
  printTable(
    [
      'network',
      'batch',
      'symbreak trainStep',
      'tfjs-wasm minimize',
      'tfjs-wasm layers trainOnBatch',
      'sb / minimize',
      'sb / layers',
      'loss at step 1 (sb / min / layers)',
      'loss at step 2',
    ],
    rows,
  );
  console.log('\nTargets (from this run)\n');
  printTable(['target', 'measured', 'held'], checks);

  for (const { name, pieces, pms } of profiles) {
    console.log(`\nWhere symbreak's ${name} step goes (each piece timed alone, median µs)\n`);
    const whole = pms['trainStep (whole)'];
    let sum = 0;
    const rowsP = pieces.map(([piece, , note]) => {
      const t = pms[piece];
      if (piece !== 'trainStep (whole)') sum += t;
      return [piece + (note ? note(t) : ''), fmt(1000 * t, 1), fmt((100 * t) / whole, 0)];
    });
    rowsP.push(['whole - sum of pieces (JS glue between calls, noise)', fmt(1000 * (whole - sum), 1), fmt((100 * (whole - sum)) / whole, 0)]);
    printTable(['piece', 'µs', '% of trainStep'], rowsP);
  }
}
