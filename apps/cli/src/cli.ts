// The `lrfinder` executable: process wiring (signals, exit codes, error lines) around the yargs
// parser. Bundled to dist/lrfinder.mjs by build.mjs. The children of a parallel run (the internal
// `run-one`) start without yargs: it and its help text cost each child ~0.15 s of CPU.
import * as tf from '@tensorflow/tfjs-core';
import { CliInputError, EXIT, type CommandIO } from './io';
import { tidyUsageError } from './usage-error';
import { invokeHandler } from './invoke';
import { mark } from './timing';
import { parseRunOneArgs, RUN_ONE } from './run/run-one-args';

/** Runs the CLI with these arguments; resolves with the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const debug = argv.includes('--debug');
  if (argv[0] === RUN_ONE) {
    return invokeHandler(RUN_ONE, async () => (await import('./run/run-one-command')).runOneCommand(parseRunOneArgs(argv), io), { stderr: io.stderr, debug });
  }
  let code: number = EXIT.ok;
  const invoke = async (name: string, fn: () => Promise<number>) => {
    code = await invokeHandler(name, fn, { stderr: io.stderr, debug });
  };
  let usageError: string | null = null;
  const { buildCli } = await import('./cli-yargs');
  const cli = buildCli(argv, io, invoke)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // The instance holds the options of the command being parsed (yargs' getOptions is untyped).
      const options = (cli as unknown as { getOptions?: () => { key?: Record<string, unknown> } }).getOptions?.();
      usageError = tidyUsageError(msg, argv, Object.keys(options?.key ?? {}));
      // Throwing stops yargs before it runs the command's handler.
      throw new CliInputError(usageError);
    });
  try {
    await cli.parseAsync(argv, {}, (err, _argv, output) => {
      // Help text (--help); on a usage error only the one line below is printed.
      if (output && !err && !usageError) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    });
  } catch (e) {
    if (!usageError) {
      io.stderr.write(`lrfinder: ${(e as Error).message}\n`);
      if (debug) io.stderr.write(`${(e as Error).stack}\n`);
      return EXIT.failed;
    }
  }
  if (usageError) {
    io.stderr.write(`lrfinder: ${usageError} (see npx lrfinder --help)\n`);
    return EXIT.badInput;
  }
  return code;
}

function start(): void {
  mark('cli modules loaded');
  // No console banners from TF.js ("looks like you are running in Node.js"): output is ours.
  tf.env().set('PROD', true);
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(EXIT.interrupted);
    process.stderr.write(`\n${signal}: stopping after the current step (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CommandIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal, cwd: process.cwd() };
  const argv = process.argv[2] === RUN_ONE ? Promise.resolve(process.argv.slice(2)) : import('yargs/helpers').then(({ hideBin }) => hideBin(process.argv));
  argv.then((args) => main(args, io)).then(
    (code) => {
      process.exitCode = code;
      // Something (a worker pool, a timer of a backend) may keep the loop alive: leave anyway.
      setTimeout(() => process.exit(code), 1500).unref();
    },
    (e) => {
      process.stderr.write(`lrfinder: ${(e as Error).stack ?? e}\n`);
      process.exit(EXIT.failed);
    },
  );
}

start();
