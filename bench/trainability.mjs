// How well diagnose's at-initialization trainability verdict (report.trainability: the product
// of the mean-field χ through the network, src/diagnostics/trainability.ts)
// predicts whether a network actually trains. A grid of activations x initial scales x depths;
// each network is judged by diagnose at initialization, then trained briefly and judged by
// what it reached:
//
// - the task: sb.datasets.circles (256 points, factor 0.5, noise 0.05), standardized, one
//   sigmoid output with binary cross-entropy; every hidden layer of width 32;
// - the scales: every kernel (the output's too) drawn from N(0, (s·σ*)² / fanIn), σ* the
//   activation's critical σ_w (the edge of chaos with zero biases: χ₁ = σ_w² E[φ'(z)²] = 1 at
//   the fixed point of q ← σ_w² E[φ(z)²], z ~ N(0, q); computed here by quadrature, not taken
//   from the library), s from 0.01 to 10;
// - trains: full-batch SGD at learning rates 1, 0.3, 0.1, 0.03 and 0.01 (the theory's setting; Adam
//   rescales each gradient and hides some vanishing), STEPS steps each; it trains when one of
//   them reaches 90% training accuracy (the two-layer nets reach 100%).
//
// Slow by nature: a network whose signal vanishes computes on subnormal floats (WebAssembly has
// no flush-to-zero), 10-30x slower than on normal ones, and each untrainable network runs every
// learning rate to the end.
//
// Printed: the confusion matrix of predicted vs actual, the agreement overall and per
// activation, and the agreement the verdict would have with other bounds on the log10 product
// (how the library's bounds were chosen; they are fitted on this grid, so the agreement at
// other depths, widths and tasks is the honest test: run with other settings to see it).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import os from 'node:os';
import * as sb from '../dist/index.js';
import { QUICK, fmt, printTable } from './util.mjs';

const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'gelu'];
const SCALES = QUICK ? [0.1, 1, 10] : [0.01, 0.1, 0.3, 0.6, 1, 2, 3, 10];
const DEPTHS = QUICK ? [2, 10] : [2, 5, 10, 20, 50];
const WIDTH = QUICK ? 16 : 32;
const STEPS = QUICK ? 60 : 300;
const RATES = QUICK ? [1, 0.1] : [1, 0.3, 0.1, 0.03, 0.01];
const GOAL = 0.9;

// φ and φ' for the mean-field integrals (float64, the definitions the core's kernels implement).
const erf = (x) => {
  // Abramowitz-Stegun 7.1.26 is too coarse near the critical point; use the series/continued
  // fraction pair through the complementary error function of the incomplete gamma.
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    1 -
    t *
      Math.exp(
        -x * x -
          1.26551223 +
          t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
  return x >= 0 ? y : -y;
};
const PHI = {
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  relu: [(z) => Math.max(z, 0), (z) => (z > 0 ? 1 : 0)],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }],
  gelu: [
    (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)),
    (z) => 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI),
  ],
};

/** E[f(z)], z ~ N(0, q), by the midpoint rule on [-10σ, 10σ] (4001 points). */
function gaussian(f, q) {
  const s = Math.sqrt(q);
  const n = 4001;
  const h = 20 / (n - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = -10 + i * h;
    sum += f(s * u) * Math.exp(-0.5 * u * u);
  }
  return (sum * h) / Math.sqrt(2 * Math.PI);
}

/** χ₁ at the fixed point of the length map for σ_w (σ_b = 0), starting from q = 1. */
function chiAtFixedPoint(act, sw) {
  const [phi, dphi] = PHI[act];
  let q = 1;
  for (let i = 0; i < 200; i++) {
    const next = sw * sw * gaussian((z) => phi(z) ** 2, Math.max(q, 1e-12));
    if (Math.abs(next - q) <= 1e-10 * Math.max(q, 1e-10)) break;
    q = Math.min(next, 1e6);
  }
  return sw * sw * gaussian((z) => dphi(z) ** 2, Math.max(q, 1e-12));
}

/** The critical σ_w: χ₁ = 1, by bisection on [0.1, 20]. */
function criticalSigma(act) {
  let lo = 0.1;
  let hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (chiAtFixedPoint(act, mid) < 1) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

function standardized(m) {
  const out = new Float32Array(m.data.length);
  for (let c = 0; c < m.cols; c++) {
    let mean = 0;
    for (let r = 0; r < m.rows; r++) mean += m.data[r * m.cols + c];
    mean /= m.rows;
    let v = 0;
    for (let r = 0; r < m.rows; r++) v += (m.data[r * m.cols + c] - mean) ** 2;
    const s = Math.sqrt(v / m.rows) || 1;
    for (let r = 0; r < m.rows; r++) out[r * m.cols + c] = (m.data[r * m.cols + c] - mean) / s;
  }
  return { rows: m.rows, cols: m.cols, data: out };
}

function spec(act, depth, sigma) {
  const kernelInit = sb.init.lecunNormal({ gain: sigma });
  return {
    inputs: 2,
    layers: [...Array.from({ length: depth - 1 }, () => ({ units: WIDTH, activation: act, kernelInit })), { units: 1, activation: 'sigmoid', kernelInit }],
    seed: 1,
  };
}

/** The best training accuracy over the learning rates after STEPS full-batch SGD steps (fit stops at a non-finite step, keeping the last finite weights). */
async function trained(s, x, y) {
  let best = 0;
  for (const lr of RATES) {
    const net = new sb.Network(s);
    // Stops once it reaches the goal (the epoch's accuracy is that of the weights before its step).
    await net.fit(x, y, {
      loss: 'binaryCrossEntropy',
      optimizer: { type: 'sgd', learningRate: lr },
      epochs: STEPS,
      batchSize: x.rows,
      shuffle: false,
      onEpochEnd: (_epoch, logs) => !(logs.accuracy >= GOAL),
    });
    const accuracy = net.evaluate(x, y, { loss: 'binaryCrossEntropy' }).accuracy;
    net.dispose();
    if (Number.isFinite(accuracy)) best = Math.max(best, accuracy);
    if (best >= GOAL) break;
  }
  return best;
}

/** One grid point: diagnose's verdict at initialization, then what brief training reaches. */
async function measure(act, depth, scale, sigma, x, y) {
  const s = spec(act, depth, scale * sigma);
  const net = new sb.Network(s);
  const t = sb.diagnose(net, x).trainability;
  net.dispose();
  const accuracy = await trained(s, x, y);
  return { act, depth, scale, verdict: t.verdict, log10: Math.log10(t.product), chi: t.chi, accuracy, trains: accuracy >= GOAL };
}

function task() {
  const raw = sb.datasets.circles({ n: 256, noise: 0.05, factor: 0.5, seed: 1 });
  return { x: standardized(raw.x), y: raw.y };
}

// A worker runs every `of`-th grid point from `from` and posts its rows back.
if (!isMainThread && workerData?.trainability) {
  await sb.ready();
  const { x, y } = task();
  const rows = [];
  for (const [i, p] of workerData.points.entries()) {
    if (i % workerData.of === workerData.from) rows.push(await measure(p.act, p.depth, p.scale, p.sigma, x, y));
  }
  parentPort.postMessage(rows);
}

export default async function run() {
  await sb.ready();
  const critical = {};
  for (const act of ACTIVATIONS) critical[act] = criticalSigma(act);
  const points = ACTIVATIONS.flatMap((act) => DEPTHS.flatMap((depth) => SCALES.map((scale) => ({ act, depth, scale, sigma: critical[act] }))));
  const threads = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
  console.log(
    `critical σ_w (χ₁ = 1 at the fixed point, zero biases): ${ACTIVATIONS.map((a) => `${a} ${fmt(critical[a], 3)}`).join(', ')}; ` +
      `${ACTIVATIONS.length} activations x ${SCALES.length} scales x ${DEPTHS.length} depths, width ${WIDTH}, ${STEPS} SGD steps at lr ${RATES.join('/')}; ` +
      `${threads} worker threads\n`,
  );
  // The grid is split over worker threads (each its own core instance): the results do not
  // depend on the split, only the wall time does.
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, from) =>
      new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { trainability: true, points, from, of: threads } });
        w.once('message', resolve);
        w.once('error', reject);
      }),
    ),
  );
  const order = (r) => points.findIndex((p) => p.act === r.act && p.depth === r.depth && p.scale === r.scale);
  const rows = parts.flat().sort((a, b) => order(a) - order(b));
  if (process.env.SB_TRAINABILITY_JSON) (await import('node:fs')).writeFileSync(process.env.SB_TRAINABILITY_JSON, JSON.stringify(rows));

  const verdicts = ['trainable', 'vanishing', 'exploding'];
  const agree = (r, verdict = r.verdict) => (verdict === 'trainable') === r.trains;
  printTable(
    ['predicted \\ actual', 'trains', 'does not train'],
    verdicts.map((v) => [v, String(rows.filter((r) => r.verdict === v && r.trains).length), String(rows.filter((r) => r.verdict === v && !r.trains).length)]),
  );
  const share = (rs) => `${fmt((100 * rs.filter((r) => agree(r)).length) / rs.length, 1)}% (${rs.filter((r) => agree(r)).length} of ${rs.length})`;
  console.log(`\nagreement: ${share(rows)}; ` + ACTIVATIONS.map((a) => `${a} ${share(rows.filter((r) => r.act === a))}`).join(', '));

  // How much the figure depends on the ground truth's bar: the same verdicts against other
  // accuracies reached (chance is 50%; a linear model gets no further on circles).
  console.log(
    '\nthe same verdicts against other bars for "trains": ' +
      [0.75, 0.8, 0.85, 0.9, 0.95]
        .map((g) => `${Math.round(100 * g)}% accuracy: ${fmt((100 * rows.filter((r) => (r.verdict === 'trainable') === (r.accuracy >= g)).length) / rows.length, 1)}%`)
        .join(', '),
  );
  // Other bounds, on the product through the network (the library's) and over the
  // hidden-to-hidden layers only (the mean-field analyses' stack, without the input layer and
  // the logits).
  const inner = (r) => r.chi.slice(1, -1).reduce((p, c) => p + Math.log10(c), 0);
  for (const [what, of] of [
    ['every layer', (r) => r.log10],
    ['hidden-to-hidden layers', inner],
  ]) {
    const sweep = [];
    for (const lo of [-1, -2, -3, -4, -5, -6, -8]) {
      for (const hi of [1, 2, 3, 4, 5, 6, 8]) {
        const n = rows.filter((r) => {
          const l = of(r);
          return agree(r, Number.isNaN(l) || l < lo ? 'vanishing' : l > hi ? 'exploding' : 'trainable');
        }).length;
        sweep.push({ lo, hi, n });
      }
    }
    sweep.sort((a, b) => b.n - a.n);
    console.log(
      `\nagreement with other bounds on log10 Π χ over ${what} (vanishing below lo, exploding above hi): ` +
        sweep
          .slice(0, 5)
          .map((q) => `[${q.lo}, ${q.hi}] ${fmt((100 * q.n) / rows.length, 1)}%`)
          .join(', '),
    );
  }
  const wrong = rows.filter((r) => !agree(r));
  if (wrong.length) {
    console.log('\ndisagreements (activation, depth, scale x critical: verdict, log10 Π χ, best accuracy):');
    for (const r of wrong) console.log(`  ${r.act} depth ${r.depth} x${r.scale}: ${r.verdict}, ${fmt(r.log10, 2)}, ${fmt(r.accuracy, 3)}`);
  }
}
