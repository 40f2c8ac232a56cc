// How a DiskWriteError reaches the user: its own sentence on one line; exit 1 for a full disk,
// exit 2 (a path the user gave explains it) for a read-only folder or no permission.
import { bufferSink } from '../io';
import { invokeHandler } from '../invoke';
import { DiskWriteError } from './atomic-write';

describe('a DiskWriteError at the command line', () => {
  it.each([
    ['ENOSPC', 'no space left on device', 1],
    ['EROFS', 'read-only file system', 2],
    ['EACCES', 'permission denied', 2],
  ])('%s: exit %#, the writer\'s sentence on one line', async (code, reason) => {
    const stderr = bufferSink();
    const err = new DiskWriteError('/data/runs/x.json', code, reason);
    const exit = await invokeHandler('run', async () => {
      throw err;
    }, { stderr });
    expect(exit).toBe(code === 'ENOSPC' ? 1 : 2);
    expect(stderr.text()).toBe(`lrfinder run: ${err.message}${code === 'ENOSPC' ? ' (--debug shows the stack trace)' : ''}\n`);
  });
});
