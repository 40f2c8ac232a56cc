// One command handler run to its exit code and at most one line on stderr: bad input
// (CliInputError, or a file-system error a path the user gave explains) is exit 2, anything
// else exit 1; --debug adds the stack trace. yargs-free, so tests run handlers through it.
import { CliInputError, EXIT, type TextSink } from './io';
import { fsErrorSentence, PATH_ERROR_CODES } from './output-paths';

/** A message as one line: parsers' excerpts and library errors may carry newlines. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Runs `fn` (a command handler); reports its error as one line; resolves with the exit code. */
export async function invokeHandler(name: string, fn: () => Promise<number>, o: { stderr: TextSink; debug?: boolean }): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (e as NodeJS.ErrnoException).code;
    // The atomic writer's DiskWriteError is already a sentence (path, reason, what to do).
    const sentence = (e: unknown) => (err.name === 'DiskWriteError' ? err.message : fsErrorSentence(e));
    const pathError = typeof code === 'string' && (PATH_ERROR_CODES as readonly string[]).includes(code) ? sentence(e) : null;
    if (e instanceof CliInputError || pathError) {
      o.stderr.write(`lrfinder ${name}: ${oneLine(pathError ?? err.message)}\n`);
      if (o.debug && err.stack) o.stderr.write(`${err.stack}\n`);
      return EXIT.badInput;
    }
    o.stderr.write(`lrfinder ${name}: ${oneLine(sentence(e) ?? err.message)}${o.debug ? '' : ' (--debug shows the stack trace)'}\n`);
    if (o.debug && err.stack) o.stderr.write(`${err.stack}\n`);
    return EXIT.failed;
  }
}
