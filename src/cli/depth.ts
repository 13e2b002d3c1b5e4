// Experiment 3, why deep nets need better than 0.01 (the lesson's last paragraph): deep tanh and
// relu nets of width 128, measured on one batch at initialization. For each initialization the
// std of every hidden layer's activations and of its kernel gradient (binary cross-entropy on a
// sigmoid output, labels = sign of the first input), and what diagnose() finds.
import { Network, calculateGain, init, randomStream, type Initializer, type Matrix } from '../index.js';
import { diagnose, lsuv } from '../diagnostics/index.js';
import { EXPLODING_LOG10, VANISHING_LOG10 } from '../diagnostics/trainability.js';
import type { ExperimentContext } from './context.js';
import { explainFindings, findingsLine } from './findings.js';
import { fmtSci } from './format.js';
import type { DepthResult, DepthRun } from './report.js';
import { right, table } from './table.js';
import { stdOf } from './train.js';

type Act = 'tanh' | 'relu';

interface InitChoice {
  init: string;
  /** The initializer as code; without an activation, generic ("sb.calculateGain(activation)"). */
  code: (act?: Act) => string;
  make: (act: Act) => Initializer;
  /** Run LSUV on the batch after construction. */
  lsuv?: boolean;
}

export const DEPTH_INITS: readonly InitChoice[] = [
  { init: 'randn*0.01', code: () => 'sb.init.scaledNormal({ scale: 0.01 })', make: () => init.scaledNormal({ scale: 0.01 }) },
  { init: 'xavier', code: () => 'sb.init.glorotNormal()', make: () => init.glorotNormal() },
  { init: 'he', code: () => 'sb.init.heNormal()', make: () => init.heNormal() },
  {
    init: 'orthogonal',
    code: (act) => `sb.init.orthogonal({ gain: sb.calculateGain(${act ? `'${act}'` : 'activation'}) })`,
    make: (act) => init.orthogonal({ gain: calculateGain(act) }),
  },
  { init: 'lsuv', code: () => 'await sb.lsuv(net, x)', make: () => init.glorotUniform(), lsuv: true },
];

const ACTIVATIONS: readonly Act[] = ['tanh', 'relu'];

function sizes(quick: boolean): { width: number; depths: number[]; batch: number } {
  return quick ? { width: 32, depths: [6, 12], batch: 64 } : { width: 128, depths: [20, 50], batch: 256 };
}

/** The probe batch: x ~ N(0, 1), y = 1 where the first feature is positive. */
function probeBatch(seed: number, rows: number, cols: number): { x: Matrix; y: Matrix } {
  const rng = randomStream(seed).child('depth');
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = x[i * cols]! > 0 ? 1 : 0;
  return { x: { rows, cols, data: x }, y: { rows, cols: 1, data: y } };
}

export async function runDepth(ctx: ExperimentContext): Promise<DepthResult> {
  const { width, depths, batch } = sizes(ctx.quick);
  const { x, y } = probeBatch(ctx.seed, batch, width);
  const runs: DepthRun[] = [];
  const total = depths.length * ACTIVATIONS.length * DEPTH_INITS.length;
  ctx.progress.start('depth', total);
  for (const depth of depths) {
    for (const act of ACTIVATIONS) {
      for (const choice of DEPTH_INITS) {
        const kernelInit = choice.make(act);
        const net = new Network({
          inputs: width,
          layers: [
            ...Array.from({ length: depth }, () => ({ units: width, activation: act, kernelInit })),
            { units: 1, activation: 'sigmoid' as const, kernelInit },
          ],
          seed: ctx.seed,
        });
        try {
          const fitted = choice.lsuv ? await lsuv(net, x) : undefined;
          const report = diagnose(net, x, y);
          const grads = net.gradients(x, y, 'binaryCrossEntropy');
          const run: DepthRun = {
            activation: act,
            depth,
            init: choice.init,
            code: choice.code(act),
            activationStd: report.layers.slice(0, depth).map((l) => l.activation.std),
            gradientStd: grads.slice(0, depth).map((g) => stdOf(g.kernel.data)),
            trainability: { verdict: report.trainability.verdict, product: report.trainability.product, depthScale: report.trainability.depthScale },
            findings: report.findings,
          };
          if (fitted) run.lsuvIterations = fitted.slice(0, depth).map((f) => f.iterations);
          runs.push(run);
        } finally {
          net.dispose();
        }
        ctx.progress.update(runs.length);
      }
    }
  }
  ctx.progress.clear();
  const inits = DEPTH_INITS.map((c) => ({ init: c.init, code: c.code() }));
  return { settings: { width, depths, activations: [...ACTIVATIONS], batch, seed: ctx.seed, inits }, runs };
}

/** About five evenly spaced layers to print, always the first and the last (0-based). */
export function sampleLayers(depth: number): number[] {
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => depth / s <= 5.5) ?? Math.ceil(depth / 5);
  const out: number[] = [];
  for (let l = 0; l < depth - 1; l += step) out.push(l);
  out.push(depth - 1);
  return out;
}

/** The lesson, read off the deepest nets: what 0.01 does to the signal, and what keeps it. */
export function depthLessonLines(r: DepthResult): string[] {
  const depth = Math.max(...r.settings.depths);
  const find = (act: string, init: string): DepthRun | undefined =>
    r.runs.find((run) => run.depth === depth && run.activation === act && run.init === init);
  const last = (v: readonly number[]): number => v[v.length - 1]!;
  const lines: string[] = [];
  const at = `at layer ${depth - 1}`;
  const [tanh01, relu01] = [find('tanh', 'randn*0.01'), find('relu', 'randn*0.01')];
  if (tanh01 && relu01) {
    const mid = sampleLayers(depth)[1] ?? 0;
    const ends = [last(tanh01.activationStd), last(relu01.activationStd), tanh01.gradientStd[0]!, relu01.gradientStd[0]!];
    const tail = ends.every((v) => v === 0)
      ? `by layer ${depth - 1} activations and gradients have underflowed to 0`
      : `by layer ${depth - 1} ${fmtSci(ends[0]!)} and ${fmtSci(ends[1]!)}, with first-layer gradient std ${fmtSci(ends[2]!)} and ${fmtSci(ends[3]!)}`;
    lines.push(
      `randn*0.01 shrinks the signal at every layer: by layer ${mid} the activation std is ` +
        `${fmtSci(tanh01.activationStd[mid]!)} (tanh) and ${fmtSci(relu01.activationStd[mid]!)} (relu); ${tail}. ` +
        `Fine for one hidden layer, hopeless for ${depth}.`,
    );
  }
  const [tanhX, reluX, reluHe] = [find('tanh', 'xavier'), find('relu', 'xavier'), find('relu', 'he')];
  if (tanhX && reluX && reluHe) {
    lines.push(
      `xavier keeps tanh at ${fmtSci(last(tanhX.activationStd))} ${at} but lets relu fade to ${fmtSci(last(reluX.activationStd))}: ` +
        `relu zeroes about half of each layer's input, which he's factor 2 makes up for (${fmtSci(last(reluHe.activationStd))}).`,
    );
  }
  const steady = ['orthogonal', 'lsuv'].flatMap((init) =>
    r.settings.activations.map((act) => find(act, init)).filter((run): run is DepthRun => run !== undefined),
  );
  if (steady.length > 0) {
    const all = steady.flatMap((run) => run.activationStd);
    lines.push(
      `orthogonal (with the activation's gain) and lsuv keep every layer's activation std between ` +
        `${fmtSci(Math.min(...all))} and ${fmtSci(Math.max(...all))}.`,
    );
  }
  const deadGood = r.runs.filter(
    (run) => run.activation === 'relu' && run.init !== 'randn*0.01' && run.findings.some((f) => f.code === 'DEAD_UNITS'),
  );
  if (deadGood.length > 0) {
    lines.push(
      'DEAD_UNITS in the deep relu nets whatever the scale: with zero biases, deeper relu layers see ever more similar ' +
        'inputs, so some units are negative for the whole batch; that is depth, not the initialization.',
    );
  }
  return lines;
}

/** The std table, with the at-initialization verdict beside it: what theory predicts, then what the batch shows. */
function stdTable(runs: readonly DepthRun[], layers: readonly number[], pick: (r: DepthRun) => number[]): string[] {
  return table(
    [{ header: 'act' }, { header: 'init' }, { header: 'verdict' }, ...right('prod chi', ...layers.map((l) => `layer ${l}`))],
    runs.map((r) => [r.activation, r.init, r.trainability.verdict, fmtSci(r.trainability.product), ...layers.map((l) => fmtSci(pick(r)[l]!))]),
    4,
  );
}

export function depthText(r: DepthResult): string[] {
  const s = r.settings;
  const lines = [
    `3. depth: why deep nets need better than 0.01 (one batch of ${s.batch} samples, x ~ N(0, 1), at initialization)`,
    `   ${s.depths.join(' and ')} hidden layers of ${s.width} ${s.activations.join(' or ')} units + a sigmoid output; seed ${s.seed}`,
    '   verdict: diagnose\'s at-initialization trainability from mean-field theory (prod chi: the product through',
    `   the network of each layer's chi = mean squared singular value of its Jacobian on the batch; below 1e${VANISHING_LOG10}`,
    `   the signal and gradients vanish, above 1e${EXPLODING_LOG10} they explode)`,
  ];
  for (const depth of s.depths) {
    const runs = r.runs.filter((run) => run.depth === depth);
    const layers = sampleLayers(depth);
    lines.push(
      '',
      `  ${depth} hidden layers: std of the activations`,
      ...stdTable(runs, layers, (run) => run.activationStd),
      '',
      `  ${depth} hidden layers: std of the kernel gradients`,
      ...stdTable(runs, layers, (run) => run.gradientStd),
    );
  }
  lines.push('', ...depthLessonLines(r).map((l) => `  ${l}`));
  const label = (run: DepthRun): string => `${run.activation} x${run.depth} ${run.init}`;
  const width = Math.max(...r.runs.map((run) => label(run).length));
  lines.push(
    '',
    '  diagnose() on the batch (layers counted from 0; the last layer is the sigmoid output):',
    ...r.runs.map((run) => `    ${label(run).padEnd(width)}  ${findingsLine(run.findings)}`),
    '',
    ...explainFindings(r.runs.map((run) => ({ label: label(run), findings: run.findings }))).map((l) => `    ${l}`),
  );
  return lines;
}
