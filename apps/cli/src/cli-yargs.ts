// The yargs command line (yargs 18 is ESM-only: only this file and cli.ts import it; they are
// bundled by esbuild, never loaded by jest). Handlers are the plain functions in commands/.
import yargs, { type Argv } from 'yargs';
import { OPTIMIZER_NAMES } from '@lrfinder/core';
import type { CommandIO } from './io';
import type { RunArgs } from './commands/run-command';
import { DEFAULT_RUN_OPTIMIZERS, DEFAULT_TEST_OPTIONS, EXPORT_FORMATS } from './defaults';
import { parseThreads } from './run/test-options';
import { VERSION } from './version';

// (The internal `run-one` of parallel runs is parsed in cli.ts, without yargs.)
// Command modules are imported when their command runs: --help and show/export do not load
// the backends (wasm, webgpu), the data readers or React.
const commands = {
  run: () => import('./commands/run-command'),
  sweep: () => import('./commands/sweep-wiring'),
  show: () => import('./commands/show-command'),
  export: () => import('./commands/export-command'),
  doctor: () => import('./commands/doctor-command'),
  setup: () => import('./commands/setup-command'),
};

export const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

/** A handler's result, reported back to main(). */
export type Invoke = (name: string, fn: () => Promise<number>) => Promise<void>;

const d = DEFAULT_TEST_OPTIONS;

function numberOrInfinity(v: unknown): number {
  return v === 'Infinity' || v === 'inf' || v === 'off' ? Infinity : Number(v);
}

const THREADS_HELP = 'threads of the wasm backend: 1-8 or auto (one per core); default auto, and with --parallel each test gets floor(cores / tests at once)';

function runOptions(y: Argv) {
  return y
    .option('model', { type: 'string', default: d.model, describe: 'mnist-cnn | mlp | path of a TF.js Layers model.json (saved by model.save or converted from Keras)' })
    .option('loss', { type: 'string', describe: 'loss, e.g. sparseCategoricalCrossentropy, categoricalCrossentropy, meanSquaredError (needed when the model.json carries no training config)' })
    .option('data', { type: 'string', default: d.data, describe: 'mnist | fashion-mnist | synthetic:<name> | idx:<dir> | csv:<file> | npy:<x.npy>,<y.npy>' })
    .option('label', { type: 'string', describe: 'label column of a csv: data' })
    .option('task', { choices: ['classification', 'regression'] as const, describe: 'read the targets of csv:/npy: data as classes or as regression targets (default: the data source decides and says why)' })
    .option('start-lr', { type: 'number', default: d.startLr, describe: 'learning rate of the first step' })
    .option('end-lr', { type: 'number', default: d.endLr, describe: 'learning rate of the last step' })
    .option('num-iter', { type: 'number', describe: `number of steps (default ${d.numIter}; or give --epochs)` })
    .option('epochs', { type: 'number', describe: 'passes over the training data instead of --num-iter (the tutorial uses 5)' })
    .option('batch-size', { type: 'number', default: d.batchSize, describe: 'samples per step' })
    .option('schedule', { choices: ['exponential', 'linear'] as const, default: d.schedule })
    .option('smoothing', { type: 'number', default: d.smoothing, describe: 'EMA beta of the smoothed loss, in [0, 1)' })
    .option('diverge-threshold', { type: 'string', default: String(d.divergeThreshold), coerce: numberOrInfinity, describe: 'stop when the smoothed loss passes this x its best (Infinity disables)' })
    .option('val-split', { type: 'number', default: d.valSplit, describe: 'share of the data held out for a validation loss' })
    .option('optimizer', { type: 'string', default: DEFAULT_RUN_OPTIMIZERS, describe: `comma-separated, one test each: ${OPTIMIZER_NAMES.join(', ')}` })
    .option('backend', { choices: BACKENDS, default: d.backend })
    .option('threads', { type: 'string', coerce: parseThreads, describe: THREADS_HELP })
    .option('seed', { type: 'number', default: d.seed, describe: 'initial weights and shuffling' })
    .option('out', { type: 'string', default: 'runs', describe: 'folder of the run files' })
    .option('plot', { type: 'boolean', default: false, describe: 'SVG plots next to each run file (and an overlay when several)' })
    .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary on stdout, no progress' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress, only the result' })
    .option('parallel', { type: 'number', describe: 'tests at once, each in its own process (default: one per core, at most the number of tests; 1 = one after another)' })
    .option('repeats', { type: 'number', describe: 'K tests per optimizer with seeds derived from --seed, aggregated into <id>.group.json (median, band, stable suggestion)' })
    .option('reinit', { type: 'boolean', describe: "model.json: re-draw the weights from the model's initializers with each test's seed (built-in models always are)" });
}

function pickRunArgs(a: Record<string, unknown>): RunArgs {
  const keys = ['model', 'loss', 'data', 'label', 'task', 'startLr', 'endLr', 'numIter', 'epochs', 'batchSize', 'schedule', 'smoothing', 'divergeThreshold', 'valSplit', 'optimizer', 'backend', 'threads', 'seed', 'out', 'plot', 'json', 'quiet', 'parallel', 'repeats', 'reinit'];
  return Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, a[k]])) as unknown as RunArgs;
}

/** Builds the parser; `invoke` runs a handler and records its exit code. */
export function buildCli(argv: string[], io: CommandIO, invoke: Invoke): Argv {
  return yargs(argv)
    .scriptName('lrfinder')
    // A flag given twice: the last one wins (not an array).
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .usage('$0 <command> [options]\n\nThe Learning Rate Range Test (Smith 2015) for TensorFlow.js models.')
    .command(
      'run',
      'run range tests (one per optimizer) and write run files',
      (y) =>
        runOptions(y)
          .example('$0 run', 'the reference experiment: mnist-cnn on MNIST, batch 250, lr 1e-4 -> 1, SGD vs Adam')
          .example('$0 run --plot --epochs 5', 'the tutorial at full length, with SVG plots')
          .example('$0 run --model mlp --data synthetic:spirals --optimizer adam,rmsprop --num-iter 200', 'a small model on synthetic data')
          .example('$0 run --model ./my-model/model.json --loss categoricalCrossentropy --data csv:data.csv --label y', 'your own Keras/TF.js model and a CSV file')
          .example('$0 run --json --quiet > summary.json', 'machine-readable summary'),
      (a) => invoke('run', async () => (await commands.run()).runCommand(pickRunArgs(a), io)),
    )
    .command(
      'sweep',
      'run a sweep file (tests and/or grid) into one sweep folder; "sweep status <folder>" reports on one',
      (y) =>
        y
          .command(
            'status <folder>',
            'what a sweep folder holds: done / running / interrupted / failed / missing, per shard',
            (s) =>
              s
                .positional('folder', { type: 'string', describe: 'the sweep folder (<out>/<sweepId>)', demandOption: true })
                .option('shard-count', { type: 'number', describe: 'shard count to report on (default: from the shard markers)' })
                .option('stale-after', { type: 'number', describe: 'seconds after which a "running" file counts as interrupted (default 600)' })
                .option('json', { type: 'boolean', default: false, describe: 'JSON output' })
                .example('$0 sweep status runs/optimizers', 'done / running / interrupted / failed / missing, per shard')
                .example('$0 sweep status runs/optimizers --json', 'the same as JSON'),
            (a) => invoke('sweep', async () => (await commands.sweep()).sweepCommandFor({ ...(a as never as object), file: 'status', folder: a.folder as string } as never, io)),
          )
          .command(
            '$0 <file>',
            'run a sweep file (tests and/or grid) into one sweep folder',
            (r) =>
              r
                .positional('file', { type: 'string', describe: 'sweep file (JSON)', demandOption: true })
                .option('shard', { type: 'string', describe: 'run shard i of n (0-based), e.g. 0/4; default from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID' })
                .option('shard-count', { type: 'number', describe: 'shard count that goes with JOB_COMPLETION_INDEX' })
                .option('out', { type: 'string', default: 'runs', describe: 'the sweep folder is <out>/<sweepId>' })
                .option('resume', { type: 'boolean', default: false, describe: 'run only missing, interrupted and failed tests' })
                .option('list', { type: 'boolean', default: false, describe: "print this shard's tests and run nothing" })
                .option('plot', { type: 'boolean', default: false, describe: 'SVG plots next to each run file' })
                .option('threads', { type: 'string', coerce: parseThreads, describe: 'threads of the wasm backend: 1-8 or auto (one per core; the default)' })
                .option('stale-after', { type: 'number', describe: 'with --resume: seconds after which a "running" file counts as interrupted (default 600)' })
                .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress' })
                .example('$0 sweep sweeps/optimizers.json', 'every test of the sweep, one after another')
                .example('$0 sweep sweeps/optimizers.json --shard 1/4', 'the second of four shards')
                .example('$0 sweep sweeps/optimizers.json --resume', 'finish an interrupted sweep')
                .example('$0 sweep status runs/optimizers', 'done / running / interrupted / failed / missing, per shard (lrfinder sweep status --help)'),
            (a) => invoke('sweep', async () => (await commands.sweep()).sweepCommandFor(a as never, io)),
          ),
    )
    .command(
      'show <files..>',
      'summary of run files: config, status, suggestions, a text plot',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true })
          .option('json', { type: 'boolean', default: false, describe: 'print the validated records as JSON' })
          .option('width', { type: 'number', default: 60, describe: 'plot width in columns' })
          .example('$0 show runs/*.json', 'every run of the folder'),
      (a) => invoke('show', async () => (await commands.show()).showCommand({ files: a.files as string[], json: a.json, width: a.width }, io)),
    )
    .command(
      'export <file>',
      'a run as CSV (points) or SVG (plot)',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('format', { choices: EXPORT_FORMATS, demandOption: true })
          .option('chart', { choices: ['loss', 'delta'] as const, default: 'loss' as const, describe: 'svg: loss vs lr, or loss delta' })
          .option('sma', { type: 'number', default: 20, describe: 'moving average of the loss delta' })
          .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
          .example('$0 export runs/x.json --format csv > x.csv', 'points as CSV')
          .example('$0 export runs/x.json --format svg --chart delta -o x.delta.svg', 'loss-delta plot'),
      (a) => invoke('export', async () => (await commands.export()).exportCommand({ file: a.file as string, format: a.format as string, chart: a.chart, sma: a.sma, output: a.output }, io)),
    )
    .command(
      'doctor',
      'which TF.js backends are present, which one auto picks and why',
      (y) => y.option('json', { type: 'boolean', default: false }).example('$0 doctor', 'backends, versions, threads'),
      (a) => invoke('doctor', async () => (await commands.doctor()).doctorCommand({ json: a.json }, io)),
    )
    .command(
      'setup <what>',
      'set up native TensorFlow now (auto does it on first use): its C library from your TensorFlow or pip, the tfjs-node binding built once into ~/.cache/lrfinder',
      (y) =>
        y
          .positional('what', { choices: ['tensorflow'] as const, describe: 'what to set up' })
          .option('gpu', { type: 'boolean', default: false, describe: 'the CUDA 12 flavour (tensorflow + nvidia-* wheels, ~3 GB)' })
          .option('force', { type: 'boolean', default: false, describe: 'rebuild even when the existing setup checks out' })
          .example('$0 setup tensorflow', 'once per machine and user; then every run can use --backend tensorflow'),
      (a) => invoke('setup', async () => (await commands.setup()).setupCommand({ what: String(a.what), gpu: a.gpu, force: a.force }, io)),
    )
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of errors' })
    .demandCommand(1, 'give a command: run, sweep, show, export, doctor or setup')
    .strict()
    .recommendCommands()
    .epilogue('Exit codes: 0 done, 1 a test failed, 2 bad usage or input, 130 interrupted (Ctrl-C / SIGTERM).')
    .help()
    .alias('help', 'h')
    .version(VERSION)
    .wrap(Math.min(110, io.stdout.columns ?? 100));
}
