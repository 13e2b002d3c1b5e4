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
import { fmt, gc, matrix, printTable, relDiff, testData, timeInterleavedAsync, transpose } from './util.mjs';

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

/** The case's symbreak network, seed 1. */
function networkOf(c) {
  return new sb.Network({
    inputs: c.sizes[0],
    layers: c.sizes.slice(1).map((units, i) => ({ units, activation: c.activations[i] })),
    seed: 1,
  });
}

/**
 * A case: the symbreak network, and the same weights (transposed to tfjs's [in, out]) in tfjs
 * variables for minimize and in a tf.layers model.
 */
function buildCase(c) {
  const net = networkOf(c);
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

const WHOLE = 'trainStep (whole)';

/**
 * Where symbreak's trainStep goes, from the public API only: beside the whole step (net.trainStep on
 * its own copy of the network), each phase that has a public equivalent is timed alone
 * with sb.ops on Tensors of the step's shapes (the network's weights after one step, the same
 * batch), every result written into an `out` Tensor so nothing is allocated. The rest of the
 * step (the checks, the copies of x and y into the core, the loss and its gradient, the
 * non-finite guard, the optimizer update) is the last row: the whole step minus the phases,
 * derived by subtraction. Each sb.ops call checks its options and shapes, which the step does
 * once per step, so on a tiny network the phases carry more overhead than inside the step.
 */
function breakdown(c) {
  const net = networkOf(c);
  const { x, y } = c;
  const B = x.rows;
  net.trainStep(x, y, c.options); // the workspace and the optimizer state exist from here on
  const X = sb.tensor(x);
  const Y = sb.tensor(y);
  const tensors = [X, Y];
  const t = (rows, cols, data) => {
    const v = sb.tensor(matrix(rows, cols, data));
    tensors.push(v);
    return v;
  };
  // Layer l: W [units, inputs] (getWeights' orientation), b [1, units], Z = A_{l-1}·Wᵀ + b and
  // A = f(Z) [B, units] (one Tensor for a linear layer, as in the step), dZ, dW, db, and below
  // the top layer dPrev = dA_{l-1} [B, inputs] and g = f'(Z) of a hidden layer.
  const weights = net.getWeights();
  const last = weights.length - 1;
  const L = weights.map((w, l) => {
    const units = w.kernel.rows;
    const inputs = w.kernel.cols;
    const spec = c.activations[l];
    const act = typeof spec === 'string' ? { name: spec } : spec;
    const z = t(B, units);
    const a = act.name === 'linear' ? z : t(B, units);
    return {
      units,
      inputs,
      act,
      W: t(units, inputs, w.kernel.data),
      b: t(1, units, w.bias),
      z,
      a,
      dz: t(B, units),
      dW: t(units, inputs),
      db: t(1, units),
      dPrev: l > 0 ? t(B, inputs) : undefined,
      g: l < last ? t(B, units) : undefined,
    };
  });
  const inputOf = (l) => (l === 0 ? X : L[l - 1].a);
  const withAlpha = (act, o) => (act.alpha === undefined ? o : { ...o, alpha: act.alpha });
  // Every options object built once: the timed calls allocate nothing.
  L.forEach((layer, l) => {
    layer.fwd = { transposeB: true, bias: layer.b, out: layer.z };
    layer.actOut = withAlpha(layer.act, { out: layer.a });
    layer.dwOpts = { transposeA: true, out: layer.dW };
    if (layer.dPrev) layer.daOpts = { out: layer.dPrev };
    layer.sumOpts = { out: layer.db };
    if (layer.g) layer.gradOut = withAlpha(layer.act, { out: layer.g });
    layer.mulOut = { out: layer.dz };
  });
  const { ops } = sb;
  const forwardGemm = () => {
    for (let l = 0; l <= last; l++) ops.matmul(inputOf(l), L[l].W, L[l].fwd);
  };
  const forwardActivations = () => {
    for (const layer of L) {
      const { name } = layer.act;
      if (name === 'softmax') ops.softmax(layer.z, layer.actOut);
      else if (name !== 'linear') ops[name](layer.z, layer.actOut);
    }
  };
  const backwardGemm = () => {
    for (let l = last; l >= 0; l--) {
      ops.matmul(L[l].dz, inputOf(l), L[l].dwOpts);
      if (l > 0) ops.matmul(L[l].dz, L[l].W, L[l].daOpts);
    }
  };
  const biasGradients = () => {
    for (const layer of L) ops.sum(layer.dz, 0, layer.sumOpts);
  };
  const activationsBackward = () => {
    for (let l = last - 1; l >= 0; l--) {
      const layer = L[l];
      ops[`${layer.act.name}Grad`](layer.z, layer.gradOut);
      ops.mul(layer.g, L[l + 1].dPrev, layer.mulOut);
    }
  };

  // Fill the Tensors with the step's values: forward, then the top layer's dZ as both losses here
  // write it from the logits, (A - Y) / (the count the loss averages over), then backward. Each
  // phase runs over all layers, so a pass of the phases settles one more layer: one pass a layer.
  for (let i = 0; i <= last; i++) {
    forwardGemm();
    forwardActivations();
  }
  const top = L[last];
  const count = c.loss === 'categoricalCrossEntropy' ? B : B * top.units;
  ops.sub(top.a, Y, { out: top.dz });
  ops.scale(top.dz, 1 / count, { out: top.dz });
  for (let i = 0; i <= last; i++) {
    backwardGemm();
    activationsBackward();
  }
  biasGradients();
  // The phases compute the step's gradients: checked against net.gradients on the same weights.
  const expected = net.gradients(x, y, c.loss);
  const agree = Math.max(
    ...L.flatMap((layer, l) => [
      relDiff(layer.dW.read().data, expected[l].kernel.data),
      relDiff(layer.db.read().data, expected[l].bias),
    ]),
  );

  let fwdFlops = 0;
  let bwdFlops = 0;
  L.forEach((layer, l) => {
    fwdFlops += 2 * B * layer.units * layer.inputs;
    bwdFlops += 2 * B * layer.units * layer.inputs * (l > 0 ? 2 : 1);
  });
  const gf = (flops) => (ms) => ` (${fmt(flops / (ms * 1e6), 1)} GFLOP/s)`;
  const hidden = [...new Set(L.slice(0, last).map((layer) => `${layer.act.name}Grad`))].join('/');
  const pieces = [
    [WHOLE, () => net.trainStep(x, y, c.options)],
    ['matmul, forward: A·Wᵀ + b (transposeB, bias fused)', forwardGemm, gf(fwdFlops)],
    ['activations, forward', forwardActivations],
    ['matmul, backward: dW = dZᵀ·A (transposeA), and dA = dZ·W below the top layer', backwardGemm, gf(bwdFlops)],
    ['bias gradients: sum(dZ, 0)', biasGradients],
    [
      `activations, backward (hidden layers): ${hidden} then mul, 2 ops where the step fuses 1`,
      activationsBackward,
    ],
  ];
  const dispose = () => {
    for (const v of tensors) v.dispose();
    net.dispose();
  };
  return { pieces, agree, dispose };
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
    profiles.push({ name: spec.name, pieces: prof.pieces, pms, agree: prof.agree });
    prof.dispose();
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

  for (const { name, pieces, pms, agree } of profiles) {
    console.log(
      `\nWhere symbreak's ${name} step goes (each phase timed alone with sb.ops on Tensors of the step's shapes, ` +
        `median µs; the gradients they compute match net.gradients to ${agree.toExponential(0)} relative)\n`,
    );
    const whole = pms[WHOLE];
    let sum = 0;
    const rowsP = pieces.map(([piece, , note]) => {
      const t = pms[piece];
      if (piece !== WHOLE) sum += t;
      return [piece + (note ? note(t) : ''), fmt(1000 * t, 1), fmt((100 * t) / whole, 0)];
    });
    rowsP.push([
      'the rest (checks, copies, loss, guard, optimizer update): derived by subtraction, trainStep - sum of the phases above',
      fmt(1000 * (whole - sum), 1),
      fmt((100 * (whole - sum)) / whole, 0),
    ]);
    printTable(['piece', 'µs', '% of trainStep'], rowsP);
  }
}

