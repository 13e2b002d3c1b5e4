// Experiment 1, the lesson's own setting: the course's planar flower, one hidden layer of 4 tanh
// units, a sigmoid output, full-batch gradient descent with lr 1.2 (deeplearning.ai, Neural
// Networks and Deep Learning, week 3). Only the initialization changes between runs; every
// layer's kernel gets it, biases start at zero. diagnose() counts the distinct hidden units.
import { Network, datasets, init, type Initializer } from '../index.js';
import { diagnose } from '../diagnostics/index.js';
import type { ExperimentContext } from './context.js';
import { explainFindings, findingsLine } from './findings.js';
import { fmtLoss, fmtPct, fmtRate } from './format.js';
import type { SymmetryResult, SymmetryRun } from './report.js';
import { right, table } from './table.js';
import { boundaryOf, columnSimilarity, gridOver, pointsOf, round, trainFullBatch } from './train.js';

interface InitChoice {
  init: string;
  code: string;
  make: () => Initializer;
}

export const SYMMETRY_INITS: readonly InitChoice[] = [
  { init: 'zeros', code: 'sb.init.zeros()', make: () => init.zeros() },
  { init: 'constant', code: 'sb.init.constant({ value: 0.5 })', make: () => init.constant({ value: 0.5 }) },
  { init: 'randn*0.01', code: 'sb.init.scaledNormal({ scale: 0.01 })', make: () => init.scaledNormal({ scale: 0.01 }) },
  { init: 'randn*1', code: 'sb.init.scaledNormal({ scale: 1 })', make: () => init.scaledNormal({ scale: 1 }) },
  { init: 'randn*100', code: 'sb.init.scaledNormal({ scale: 100 })', make: () => init.scaledNormal({ scale: 100 }) },
  { init: 'xavier', code: 'sb.init.glorotNormal()', make: () => init.glorotNormal() },
  { init: 'he', code: 'sb.init.heNormal()', make: () => init.heNormal() },
];

const HIDDEN = 4;
const LR = 1.2;
/** More than this share of saturated activations at the start: the run "crawls". */
const SATURATED = 0.5;

/** The notebook's iterations (Neural Networks and Deep Learning, week 3). */
const COURSE_ITERATIONS = 10_000;

function sizes(quick: boolean): { samples: number; iterations: number; gridCols: number } {
  return quick ? { samples: 400, iterations: 300, gridCols: 24 } : { samples: 400, iterations: COURSE_ITERATIONS, gridCols: 60 };
}

function verdictOf(r: Pick<SymmetryRun, 'distinctUnits' | 'units' | 'saturationInit' | 'accuracy'>): string {
  if (r.units > 1 && r.distinctUnits === 1) return 'symmetric: stalls';
  if (r.saturationInit > SATURATED) return 'saturated: crawls';
  return r.accuracy >= 0.85 ? 'learns' : 'learns slowly';
}

export async function runSymmetry(ctx: ExperimentContext): Promise<SymmetryResult> {
  const { samples, iterations, gridCols } = sizes(ctx.quick);
  // The notebook's draws: load_planar_dataset() seeds numpy with 1, initialize_parameters with
  // 2 (--seed N shifts both: N and N + 1).
  const { x, y } = datasets.planarFlower({ n: samples, seed: ctx.seed, rng: 'numpy' });
  const data = pointsOf(x, y);
  const grid = gridOver(data, gridCols, 1);
  const runs: SymmetryRun[] = [];
  const every = Math.max(1, Math.round(iterations / 100));
  ctx.progress.start('symmetry', SYMMETRY_INITS.length * iterations);
  for (const [k, choice] of SYMMETRY_INITS.entries()) {
    const net = new Network({
      inputs: 2,
      layers: [
        { units: HIDDEN, activation: 'tanh', kernelInit: choice.make() },
        { units: 1, activation: 'sigmoid', kernelInit: choice.make() },
      ],
      seed: ctx.seed + 1,
      rng: 'numpy',
    });
    try {
      const before = diagnose(net, x, y);
      const weights = { iteration: [0], kernel: [Array.from(net.getWeights()[0]!.kernel.data)] };
      const trained = await trainFullBatch(net, x, y, {
        learningRate: LR,
        iterations,
        every,
        onIterations: (done) => {
          weights.iteration.push(done);
          weights.kernel.push(Array.from(net.getWeights()[0]!.kernel.data));
          ctx.progress.update(k * iterations + done);
        },
      });
      const after = diagnose(net, x, y, { history: trained.history });
      const hidden = after.layers[0]!;
      const run: SymmetryRun = {
        init: choice.init,
        code: choice.code,
        loss: trained.loss,
        accuracy: trained.accuracy,
        units: HIDDEN,
        distinctUnits: hidden.symmetry.distinctUnits,
        groups: hidden.symmetry.groups,
        lockedGroups: hidden.symmetry.locked.filter(Boolean).length,
        saturationInit: before.layers[0]!.saturation.fraction,
        saturationFinal: hidden.saturation.fraction,
        stepsPerSecond: trained.stepsPerSecond,
        seconds: trained.seconds,
        verdict: '',
        curve: trained.curve,
        weights: { iteration: weights.iteration, kernel: weights.kernel.map((w) => w.map((v) => round(v, 5))) },
        similarity: columnSimilarity(net.forward(x).activations[0]!),
        boundary: boundaryOf(net, grid),
        findings: after.findings,
      };
      run.verdict = verdictOf(run);
      runs.push(run);
    } finally {
      net.dispose();
    }
  }
  ctx.progress.clear();
  return {
    settings: {
      data: 'planarFlower',
      samples,
      hiddenUnits: HIDDEN,
      hiddenActivation: 'tanh',
      outputActivation: 'sigmoid',
      learningRate: LR,
      iterations,
      seed: ctx.seed,
    },
    runs,
    data,
    grid,
  };
}

/** The lesson, read off the numbers: which runs stayed symmetric, which learned, which crawled. */
export function lessonLines(r: SymmetryResult): string[] {
  const n = r.settings.iterations;
  const lines: string[] = [];
  const stuck = r.runs.filter((run) => run.verdict.startsWith('symmetric'));
  if (stuck.length > 0) {
    lines.push(
      `${stuck.map((s) => s.init).join(' and ')}: 1 distinct hidden unit of ${r.settings.hiddenUnits} after ${n} steps ` +
        `(loss ${stuck.map((s) => fmtLoss(s.loss)).join(', ')}): the units get equal gradients and never separate.`,
    );
  }
  const small = r.runs.find((run) => run.init === 'randn*0.01');
  if (small) {
    lines.push(
      `randn*0.01 breaks the symmetry: ${small.distinctUnits} distinct units, accuracy ${fmtPct(small.accuracy)}` +
        (r.settings.seed === 1 && r.settings.iterations === COURSE_ITERATIONS
          ? ` (the notebook prints "Accuracy: ${Math.floor(100 * small.accuracy)}%" for this run: the same data, weights and ${COURSE_ITERATIONS} steps).`
          : '.'),
    );
  }
  for (const run of r.runs.filter((x) => x.verdict.startsWith('saturated'))) {
    lines.push(
      `${run.init} starts with ${fmtPct(run.saturationInit)} of the tanh activations saturated: ` +
        `after ${n} steps the accuracy is ${fmtPct(run.accuracy)} (loss ${fmtLoss(run.loss)}).`,
    );
  }
  const he = r.runs.find((run) => run.init === 'he');
  const one = r.runs.find((run) => run.init === 'randn*1');
  if (he && one && he.saturationInit === one.saturationInit) {
    lines.push('he draws randn*sqrt(2/fanIn): with 2 inputs that is randn*1 for the hidden layer, hence the same start as randn*1.');
  }
  return lines;
}

export function symmetryText(r: SymmetryResult): string[] {
  const s = r.settings;
  const rows = r.runs.map((run) => [
    run.init,
    fmtLoss(run.loss),
    fmtPct(run.accuracy),
    `${run.distinctUnits} of ${run.units}`,
    String(run.lockedGroups),
    fmtPct(run.saturationInit),
    fmtPct(run.saturationFinal),
    fmtRate(run.stepsPerSecond),
    run.verdict,
  ]);
  return [
    `1. symmetry: the lesson's network on the planar flower (${s.samples} points)`,
    `   2 -> ${s.hiddenUnits} tanh -> 1 sigmoid, full-batch gradient descent, lr ${s.learningRate}, ${s.iterations} iterations, seed ${s.seed}`,
    '',
    ...table(
      [
        { header: 'init' },
        ...right('loss', 'accuracy', 'distinct units', 'locked groups', 'saturated at start', 'at end', 'steps/s'),
        { header: 'verdict' },
      ],
      rows,
    ),
    '',
    ...lessonLines(r).map((l) => `  ${l}`),
    '',
    '  diagnose() after training (layers counted from 0):',
    ...table(
      [{ header: 'init' }, { header: 'findings' }],
      r.runs.map((run) => [run.init, findingsLine(run.findings)]),
      4,
    ).slice(2),
    '',
    ...explainFindings(r.runs.map((run) => ({ label: run.init, findings: run.findings }))).map((l) => `    ${l}`),
  ];
}
