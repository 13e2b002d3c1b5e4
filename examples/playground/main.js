// The symbreak playground: the lesson's network (2 -> n hidden -> 1 sigmoid) on the planar
// flower, trained in the page by full-batch gradient descent, drawn live: loss, decision
// boundary, each hidden unit's incoming weights and what sb.diagnose finds.
//
// One fit() call per run, with the same options as `symbreak demo --experiment symmetry`
// (src/cli/symmetry.ts, src/cli/train.ts): numpy's generator with the notebook's seeds (the data
// from seed, the network from seed + 1: 1 and 2 are the course's), the chosen
// initializer on both kernels, zero biases, SGD without momentum, batch = all 400 points, no
// shuffling. So the same settings give the same run, to the bit, as the CLI in Node.
// fit's onEpochEnd waits for the next animation frame every `speed` steps and repaints there:
// the page stays responsive and the drawing is paced by the display.
import * as sb from 'symbreak';
import { drawBoundary, drawLoss, drawWeights, gridOver, renderUnitTable, unitsOf } from './draw.js';

const POINTS = 400;
/** Run sb.diagnose every this many steps (and before and after training). */
const DIAGNOSE_EVERY = 100;
/** "as fast as possible" repaints at most this often. */
const FRAME_MS = 33;
const GRID = 90;

// The CLI's seven initializations first (same names, same calls), then the playground's extras.
const INITS = {
  zeros: { code: 'sb.init.zeros()', make: () => sb.init.zeros() },
  constant: { code: 'sb.init.constant({ value: 0.5 })', make: () => sb.init.constant({ value: 0.5 }) },
  'randn*0.01': { code: 'sb.init.scaledNormal({ scale: 0.01 })', make: () => sb.init.scaledNormal({ scale: 0.01 }) },
  'randn*1': { code: 'sb.init.scaledNormal({ scale: 1 })', make: () => sb.init.scaledNormal({ scale: 1 }) },
  'randn*100': { code: 'sb.init.scaledNormal({ scale: 100 })', make: () => sb.init.scaledNormal({ scale: 100 }) },
  xavier: { code: 'sb.init.glorotNormal()', make: () => sb.init.glorotNormal() },
  he: { code: 'sb.init.heNormal()', make: () => sb.init.heNormal() },
  orthogonal: { code: 'sb.init.orthogonal()', make: () => sb.init.orthogonal() },
  // sb.lsuv starts from orthogonal kernels, then rescales each layer to unit pre-activation variance on x.
  lsuv: { code: 'sb.init.orthogonal()', make: () => sb.init.orthogonal(), lsuv: true },
};
const CLI_INITS = ['zeros', 'constant', 'randn*0.01', 'randn*1', 'randn*100', 'xavier', 'he'];

const $ = (id) => document.getElementById(id);
const app = $('app');
const form = $('settings');

// The activation menu: tanh (the lesson's) first, then every other activation a hidden layer
// can use, from the library itself, so a new activation appears here with no edit.
for (const name of sb.activations) {
  const menu = form.elements.activation;
  if (name !== 'softmax' && ![...menu.options].some((o) => o.value === name)) menu.add(new Option(name));
}

// ---------------------------------------------------------------- settings (form <-> URL)

const KEYS = ['init', 'width', 'activation', 'seed', 'lr', 'steps', 'speed'];

function readSettings() {
  const f = form.elements;
  const int = (v, min, fallback) => (Number.isSafeInteger(Number(v)) && Number(v) >= min ? Number(v) : fallback);
  const lr = Number(f.lr.value);
  return {
    init: f.init.value,
    width: int(f.width.value, 1, 4),
    activation: f.activation.value,
    seed: int(f.seed.value, 0, 1),
    lr: Number.isFinite(lr) && lr > 0 ? lr : 1.2,
    steps: int(f.steps.value, 1, 10000),
    speed: f.speed.value === 'max' ? 'max' : Number(f.speed.value),
  };
}

/** Steps per frame, or 'max': read at every step, so it can change during a run. */
const speedSetting = () => readSettings().speed;

/** URL parameters (?init=he&width=8&seed=3&steps=300&speed=max&run=1) fill the form. */
function applyUrl() {
  const params = new URLSearchParams(location.search);
  for (const key of KEYS) {
    const value = params.get(key);
    const field = form.elements[key];
    if (value === null) continue;
    if (field instanceof HTMLSelectElement && ![...field.options].some((o) => o.value === value)) continue;
    field.value = value;
  }
  form.elements.widthOut.value = form.elements.width.value;
  return params.get('run') === '1';
}

function writeUrl(s) {
  const params = new URLSearchParams();
  for (const key of KEYS) params.set(key, String(s[key]));
  history.replaceState(null, '', `?${params}`);
}

// ---------------------------------------------------------------- the run

let session = null; // { settings, net, x, y, grid, curve, lo, hi, step, loss, firstLoss, accuracy, report, reportStep }
let running = null; // the promise of the training run in progress
let stopRequested = false;

function setState(state, message) {
  app.dataset.state = state;
  $('status').textContent = message;
  $('train').disabled = state === 'training' || state === 'loading';
  $('stop').disabled = state !== 'training';
}

let generation = 0;

/** A fresh, seeded network for the settings, at step 0. False when a newer rebuild overtook it. */
async function rebuild() {
  const mine = ++generation;
  await stop();
  const s = readSettings();
  writeUrl(s);
  const { x, y } = sb.datasets.planarFlower({ n: POINTS, seed: s.seed, rng: 'numpy' });
  const init = INITS[s.init];
  const net = new sb.Network({
    inputs: 2,
    layers: [
      { units: s.width, activation: s.activation, kernelInit: init.make() },
      { units: 1, activation: 'sigmoid', kernelInit: init.make() },
    ],
    seed: s.seed + 1,
    rng: 'numpy',
  });
  if (init.lsuv) await sb.lsuv(net, x);
  if (mine !== generation) {
    net.dispose();
    return false;
  }
  session?.net.dispose();
  session = { settings: s, net, x, y, grid: gridOver(x, GRID), curve: [], step: 0, lo: Infinity, hi: -Infinity };
  measure();
  session.firstLoss = session.loss;
  diagnoseNow();
  $('arch-width').textContent = String(s.width);
  $('arch-act').textContent = s.activation;
  renderCode(s);
  paint();
  setState('ready', 'Ready: the network as initialized (step 0). Press Train.');
  return true;
}

async function train() {
  if (!(await rebuild())) return;
  const s = session;
  const { steps, lr } = s.settings;
  stopRequested = false;
  setState('training', 'Training…');
  const t0 = performance.now();
  let lastPaint = t0;
  running = s.net.fit(s.x, s.y, {
    loss: 'binaryCrossEntropy',
    optimizer: { type: 'sgd', learningRate: lr },
    epochs: steps,
    batchSize: POINTS,
    shuffle: false,
    onEpochEnd: async (epoch, logs) => {
      s.curve.push(logs.loss); // the loss of the weights before this step, as in history.loss
      record(logs.loss);
      s.step = epoch + 1;
      if (s.step % DIAGNOSE_EVERY === 0) diagnoseNow();
      s.stepsPerSecond = s.step / ((performance.now() - t0) / 1000);
      const speed = speedSetting();
      const due = speed === 'max' ? performance.now() - lastPaint >= FRAME_MS : s.step % speed === 0;
      if (due && s.step < steps) {
        await nextFrame();
        if (!stopRequested) {
          measure();
          paint();
        }
        lastPaint = performance.now();
      }
      return !stopRequested;
    },
  });
  let result;
  try {
    result = await running;
  } finally {
    running = null;
  }
  if (session !== s) return; // rebuilt while the last step finished
  measure();
  diagnoseNow();
  paint();
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (!result.stopped) setState('done', `Done: ${s.step} steps in ${seconds} s.`);
  else if (stopRequested) setState('stopped', `Stopped at step ${s.step}.`);
  else setState('stopped', `fit stopped at step ${s.step}: ${result.stopped.message}`);
}

/** Ends the run in progress (after its current step) and waits for it. */
async function stop() {
  if (!running) return;
  stopRequested = true;
  await running.catch(() => {});
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** The loss and accuracy of the current weights on the 400 points. */
function measure() {
  const { loss, accuracy } = session.net.evaluate(session.x, session.y, { loss: 'binaryCrossEntropy' });
  session.loss = loss;
  session.accuracy = accuracy;
  record(loss);
}

/** Keeps the range of the losses seen, for the chart's scale. */
function record(loss) {
  if (!(Number.isFinite(loss) && loss > 0)) return;
  session.lo = Math.min(session.lo, loss);
  session.hi = Math.max(session.hi, loss);
}

function diagnoseNow() {
  // The losses so far are the history: diagnose then judges a run that is learning as one.
  const options = session.curve.length > 0 ? { history: session.curve } : undefined;
  session.report = sb.diagnose(session.net, session.x, session.y, options);
  session.reportStep = session.step;
}

// ---------------------------------------------------------------- the panels

function paint() {
  const s = session;
  const units = unitsOf(s.net.getWeights());
  drawBoundary($('boundary'), { grid: s.grid, probabilities: s.net.predict(s.grid.inputs).data, x: s.x, y: s.y, units });
  const flat = units.filter((u) => u.w1 === 0 && u.w2 === 0).length;
  $('lines').textContent =
    flat === units.length
      ? 'No unit lines: every incoming weight is 0, so each unit gives the same value for every point.'
      : "Background: the network's probability of blue. Lines: where each unit's pre-activation is 0" +
        (flat > 0 ? ` (${flat} units with zero weights have none).` : '.');

  const groups = drawWeights($('weights'), units);
  const same = groups.filter((g) => g.length > 1);
  $('coincide').textContent =
    units.length === 1
      ? 'One hidden unit.'
      : same.length === 0
        ? `All ${units.length} units have different weights.`
        : `${same.map((g) => g.map((u) => `u${u.j}`).join(', ')).join('; ')}: identical weights and bias, drawn as one arrow` +
          (groups.length === 1 ? ' (the layer acts as a single unit).' : '.');
  renderUnitTable($('units'), units);

  drawLoss($('loss'), { curve: s.curve, step: s.step, loss: s.loss, steps: s.settings.steps, lo: s.lo, hi: s.hi });
  renderNumbers();
  renderDiagnostics();
}

function renderNumbers() {
  const s = session;
  const el = $('numbers');
  el.dataset.step = String(s.step);
  el.dataset.loss = String(s.loss);
  el.dataset.firstLoss = String(s.firstLoss);
  el.dataset.accuracy = String(s.accuracy);
  const rate = s.stepsPerSecond ? ` · ${Math.round(s.stepsPerSecond)} steps/s` : '';
  el.textContent =
    `step ${s.step} / ${s.settings.steps} · loss ${s.loss.toFixed(4)} (from ${s.firstLoss.toFixed(4)})` +
    ` · accuracy ${(100 * s.accuracy).toFixed(1)}%${rate}`;
}

let shownReport = null;

function renderDiagnostics() {
  const report = session.report;
  if (report === shownReport) return;
  shownReport = report;
  const hidden = report.layers[0];
  const out = $('distinct');
  out.dataset.distinct = String(hidden.symmetry.distinctUnits);
  out.dataset.units = String(hidden.units);
  out.textContent = `${hidden.symmetry.distinctUnits} of ${hidden.units}`;
  out.className = hidden.symmetry.distinctUnits < hidden.units ? 'bad' : 'good';
  const groups = hidden.symmetry.groups
    .map((g, i) => `{${g.map((j) => `u${j}`).join(', ')}}${hidden.symmetry.locked[i] ? ' locked' : ''}`)
    .join('; ');
  $('health').textContent =
    `At step ${session.reportStep}. ` +
    (groups ? `Same function on x: ${groups}. ` : '') +
    `Saturated activations ${(100 * hidden.saturation.fraction).toFixed(1)}%, dead units ${(100 * hidden.dead.fraction).toFixed(0)}%.`;
  $('findings').innerHTML =
    report.findings.length === 0
      ? '<li class="none">No findings: nothing looks wrong.</li>'
      : report.findings
          .map(
            (f) =>
              `<li class="${f.severity}" data-code="${f.code}"><b>${f.severity}</b> <code>${f.code}</code> layer ${f.layer}` +
              `<p>${escapeHtml(f.message)}</p>` +
              (f.fix ? `<p class="fix">fix: ${escapeHtml(f.fix.text)}</p>` : '') +
              '</li>',
          )
          .join('');
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** The run as a script for Node or a bundler, and whether it is a row of the CLI's experiment. */
function renderCode(s) {
  const init = INITS[s.init];
  $('code').textContent = `import * as sb from 'symbreak';
import { drawBoundary, drawLoss, drawWeights, gridOver, renderUnitTable, unitsOf } from './draw.js';

await sb.ready();
const { x, y } = sb.datasets.planarFlower({ n: ${POINTS}, seed: ${s.seed}, rng: 'numpy' });
const net = new sb.Network({
  inputs: 2,
  layers: [
    { units: ${s.width}, activation: '${s.activation}', kernelInit: ${init.code} },
    { units: 1, activation: 'sigmoid', kernelInit: ${init.code} },
  ],
  seed: ${s.seed + 1},
  rng: 'numpy',
});${init.lsuv ? '\nawait sb.lsuv(net, x);' : ''}
await net.fit(x, y, {
  loss: 'binaryCrossEntropy',
  optimizer: { type: 'sgd', learningRate: ${s.lr} },
  epochs: ${s.steps}, batchSize: ${POINTS}, shuffle: false,
});
console.log(net.evaluate(x, y, { loss: 'binaryCrossEntropy' }));
console.log(sb.formatReport(sb.diagnose(net, x, y)));`;
  const cliRow = CLI_INITS.includes(s.init) && s.width === 4 && s.activation === 'tanh' && s.lr === 1.2;
  const quick = s.steps === 300 ? ' --quick' : s.steps === 10000 ? '' : null;
  $('cli').innerHTML =
    cliRow && quick !== null
      ? `This is row <b>${s.init}</b> of <code>symbreak demo --experiment symmetry --seed ${s.seed}${quick}</code>: ` +
        'its final loss is the loss shown above, to the bit.'
      : '<code>symbreak demo --experiment symmetry</code> runs 4 tanh units at learning rate 1.2 for 10000 steps ' +
        '(300 with <code>--quick</code>) with the first seven initializers; with those settings this page repeats its rows.';
}

// ---------------------------------------------------------------- wiring

function fail(error) {
  console.error(error);
  setState('error', `Error: ${error && error.message ? error.message : error}`);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  train().catch(fail);
});
$('stop').addEventListener('click', () => {
  stopRequested = true;
});
form.addEventListener('input', (event) => {
  form.elements.widthOut.value = form.elements.width.value;
  if (event.target.name === 'speed') {
    writeUrl({ ...session?.settings, speed: speedSetting() }); // takes effect at the next step
    return;
  }
  rebuild().catch(fail);
});

try {
  const autostart = applyUrl();
  await sb.ready();
  await rebuild();
  if (autostart) await train();
} catch (error) {
  fail(error);
}
