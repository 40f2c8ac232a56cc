// The command line of a parallel run's child, `run-one --job <json>` (parallel.ts writes it),
// read without yargs so that children start faster; anything else is a usage error (exit 2).
import { CliInputError } from '../io';

/** The internal command name (never typed by a user; hidden from --help). */
export const RUN_ONE = 'run-one';

/** `['run-one', '--job', json]` (or `--job=json`) -> `{ job }`. */
export function parseRunOneArgs(argv: string[]): { job: string } {
  const rest = argv.slice(1).filter((a) => a !== '--debug');
  if (rest.length === 2 && rest[0] === '--job') return { job: rest[1] };
  if (rest.length === 1 && rest[0].startsWith('--job=')) return { job: rest[0].slice('--job='.length) };
  throw new CliInputError(`${RUN_ONE} is internal to lrfinder run --parallel and takes exactly --job <json>; got ${JSON.stringify(rest.join(' ').slice(0, 80))}`, 'job');
}
