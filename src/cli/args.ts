// The command line: `symbreak [demo] [--experiment NAME]... [--seed N] [--html FILE]
// [--json FILE] [--quick] [--help]`. Anything else is a UsageError (one line, exit code 2).

export const EXPERIMENTS = ['symmetry', 'circles', 'depth'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

export interface DemoOptions {
  /** In the order given (duplicates dropped); all three by default. */
  experiments: ExperimentName[];
  seed: number;
  html?: string;
  json?: string;
  quick: boolean;
}

export type Command = { kind: 'help' } | { kind: 'demo'; options: DemoOptions };

export class UsageError extends Error {}

export const DEFAULT_SEED = 1;

export const HELP = `usage: symbreak demo [options]

Runs the lesson of symbreak as experiments, with numbers measured now on the WebAssembly core:
  symmetry  planar flower, 4 tanh units: zeros, constant, randn*0.01, randn*1, randn*100,
            xavier and he initializations (does the network break the symmetry and learn?)
  circles   the course's "Initialization" assignment: [2,10,5,1] relu net on make_circles,
            zeros, randn*10 and he, beside the published accuracies
  depth     20- and 50-layer tanh and relu nets of width 128: activation and gradient std at
            every layer for 0.01, xavier, he, orthogonal and LSUV, and what diagnose finds

options:
  --experiment NAME  run only these experiments (symmetry, circles, depth); repeat the flag
                     or give a comma list: --experiment symmetry,depth
  --seed N           seed of the data and of every network (an integer >= 0; default ${DEFAULT_SEED})
  --html FILE        write a self-contained HTML report with charts to FILE
  --json FILE        write every number of the report to FILE as JSON
  --quick            reduced sizes (a few seconds; for tests and CI)
  -h, --help         show this help

exit codes: 0 done, 1 failed while running, 2 bad command line`;

const FLAGS = ['--experiment', '--seed', '--html', '--json', '--quick', '--help'];

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--seed must be an integer >= 0, got '${text}'`);
  }
  return Number(text);
}

function parseExperiments(text: string, into: ExperimentName[]): void {
  for (const part of text.split(',')) {
    const name = part.trim();
    if (!(EXPERIMENTS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown experiment '${name}' (expected ${EXPERIMENTS.join(', ')})`);
    }
    if (!into.includes(name as ExperimentName)) into.push(name as ExperimentName);
  }
}

/** Parses argv (without node and the script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') return { kind: 'help' };
  if (args.length > 0 && !args[0]!.startsWith('-')) {
    const command = args.shift()!;
    if (command !== 'demo') throw new UsageError(`unknown command '${command}' (expected demo)`);
  }
  const experiments: ExperimentName[] = [];
  const seen = new Set<string>();
  const options: DemoOptions = { experiments, seed: DEFAULT_SEED, quick: false };
  while (args.length > 0) {
    const arg = args.shift()!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (!FLAGS.includes(flag)) throw new UsageError(`unknown option '${flag}'`);
    if (flag === '--quick') {
      if (eq >= 0) throw new UsageError('--quick takes no value');
      options.quick = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (args.length > 0 && !args[0]!.startsWith('--')) value = args.shift();
    if (value === undefined || value === '') {
      throw new UsageError(`${flag} needs a value (${flag === '--experiment' ? 'a NAME' : flag === '--seed' ? 'N' : 'a FILE'})`);
    }
    if (flag !== '--experiment') {
      if (seen.has(flag)) throw new UsageError(`${flag} given twice`);
      seen.add(flag);
    }
    if (flag === '--experiment') parseExperiments(value, experiments);
    else if (flag === '--seed') options.seed = parseSeed(value);
    else if (flag === '--html') options.html = value;
    else options.json = value;
  }
  if (experiments.length === 0) experiments.push(...EXPERIMENTS);
  if (options.html !== undefined && options.html === options.json) {
    throw new UsageError(`--html and --json name the same file '${options.html}'`);
  }
  return { kind: 'demo', options };
}
