// The child's command line, read without yargs.
import { CliInputError } from '../io';
import { parseRunOneArgs } from './run-one-args';

describe('run-one --job <json>', () => {
  it('takes the job as parallel.ts passes it, or as --job=', () => {
    expect(parseRunOneArgs(['run-one', '--job', '{"a":1}'])).toEqual({ job: '{"a":1}' });
    expect(parseRunOneArgs(['run-one', '--job={"a":1}'])).toEqual({ job: '{"a":1}' });
    expect(parseRunOneArgs(['run-one', '--debug', '--job', '{}'])).toEqual({ job: '{}' });
  });

  it('anything else is one usage error naming what it got', () => {
    for (const argv of [['run-one'], ['run-one', '--job'], ['run-one', '--jobs', '{}'], ['run-one', '--job', '{}', 'extra']]) {
      expect(() => parseRunOneArgs(argv)).toThrow(CliInputError);
    }
    expect(() => parseRunOneArgs(['run-one', 'x'])).toThrow(/run-one is internal to lrfinder run --parallel and takes exactly --job <json>; got "x"/);
  });
});
