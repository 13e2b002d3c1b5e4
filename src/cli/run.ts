// `symbreak demo`: parse the command line, run the chosen experiments in order (printing each
// one's tables as soon as it is done), then write the JSON and HTML reports. Returns the exit
// code instead of exiting, so tests run it in-process with their own outputs.
import { ready } from '../index.js';
import { HELP, UsageError, parseArgs, type DemoOptions, type ExperimentName } from './args.js';
import { circlesText, runCircles } from './circles.js';
import type { ExperimentContext } from './context.js';
import { depthText, runDepth } from './depth.js';
import { fmtSeconds } from './format.js';
import { renderHtml } from './html.js';
import { processIo, type CliIo } from './io.js';
import { progressLine } from './progress.js';
import { reportJson, type DemoReport } from './report.js';
import { runSymmetry, symmetryText } from './symmetry.js';

/** Runs `symbreak` with argv (without node and the script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const out: CliIo = { ...processIo(), ...io };
  let options: DemoOptions;
  try {
    const command = parseArgs(argv);
    if (command.kind === 'help') {
      out.stdout.write(`${HELP}\n`);
      return 0;
    }
    options = command.options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.stderr.write(`symbreak: ${error.message} (see symbreak --help)\n`);
    return 2;
  }
  try {
    await demo(options, out);
    return 0;
  } catch (error) {
    out.stderr.write(`symbreak: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function demo(options: DemoOptions, io: CliIo): Promise<DemoReport> {
  const start = performance.now();
  await ready();
  const print = (lines: string[]): void => {
    io.stdout.write(`${lines.join('\n')}\n`);
  };
  const ctx: ExperimentContext = { seed: options.seed, quick: options.quick, progress: progressLine(io.stdout) };
  const report: DemoReport = {
    command: ['symbreak demo', ...(options.quick ? ['--quick'] : []), `--seed ${options.seed}`].join(' '),
    seed: options.seed,
    quick: options.quick,
    experiments: options.experiments,
    seconds: { total: 0 },
  };
  print([
    'symbreak demo: how the initial weights decide whether a network can learn',
    `experiments: ${options.experiments.join(', ')}; seed ${options.seed}${options.quick ? '; --quick (reduced sizes)' : ''}`,
    '',
  ]);
  const steps: Record<ExperimentName, () => Promise<string[]>> = {
    symmetry: async () => symmetryText((report.symmetry = await runSymmetry(ctx))),
    circles: async () => circlesText((report.circles = await runCircles(ctx))),
    depth: async () => depthText((report.depth = await runDepth(ctx))),
  };
  for (const name of options.experiments) {
    const t0 = performance.now();
    const lines = await steps[name]();
    report.seconds[name] = (performance.now() - t0) / 1000;
    print([...lines, `  (${name}: ${fmtSeconds(report.seconds[name]!)})`, '']);
  }
  report.seconds.total = (performance.now() - start) / 1000;
  const written: string[] = [];
  if (options.json !== undefined) {
    await io.writeFile(options.json, `${reportJson(report)}\n`);
    written.push(`JSON: ${options.json}`);
  }
  if (options.html !== undefined) {
    await io.writeFile(options.html, renderHtml(report));
    written.push(`HTML report: ${options.html}`);
  }
  print([`done in ${fmtSeconds(report.seconds.total)}${written.length > 0 ? `; wrote ${written.join(', ')}` : ''}`]);
  return report;
}
