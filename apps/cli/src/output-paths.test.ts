import { promises as fs } from 'fs';
import * as path from 'path';
import { CliInputError } from './io';
import { invokeHandler } from './invoke';
import { bufferSink } from './io';
import { checkOutFile, checkOutFolder, fsErrorSentence, type PathFs } from './output-paths';
import { tempDir } from './testing/fixtures';

const errno = (code: string, p: string) => Object.assign(new Error(`${code}: raw, '${p}'`), { code, path: p, syscall: 'open' });

/** A file system where `/data` is a folder whose access(W_OK) fails with `code`. */
function fakeFs(code: string): PathFs {
  return {
    stat: async (p) => {
      if (p === '/data' || p === '/') return { isDirectory: () => true };
      throw errno('ENOENT', p);
    },
    access: async (p) => {
      if (p === '/data') throw errno(code, p);
    },
  };
}

describe('output paths', () => {
  // Root ignores permission bits, and no read-only mount can be made here: the access
  // failures a user meets are exercised through an injected file system.
  it('a read-only mount and a folder without write permission are one sentence naming the folder', async () => {
    await expect(checkOutFolder('/data/runs', '--out', 'runs', fakeFs('EROFS'))).rejects.toThrow(new CliInputError('--out runs: /data is on a read-only file system'));
    await expect(checkOutFolder('/data', '--out', '/data', fakeFs('EACCES'))).rejects.toThrow(new CliInputError('--out /data: the folder is not writable (permission denied)'));
    await expect(checkOutFile('/data/x.csv', '-o', 'x.csv', fakeFs('EACCES'))).rejects.toThrow(new CliInputError('-o x.csv: /data is not writable (permission denied)'));
  });

  it('a file in the way, long names and long paths, on the real file system', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'f'), 'x');
    await expect(checkOutFolder(path.join(dir, 'f'), '--out', 'f')).rejects.toThrow('--out f is a file, not a folder');
    await expect(checkOutFolder(path.join(dir, 'f', 'sub'), '--out', 'f/sub')).rejects.toThrow(`--out f/sub: ${path.join(dir, 'f')} is a file, not a folder`);
    await expect(checkOutFolder(path.join(dir, 'n'.repeat(256)), '--out', 'long')).rejects.toThrow(/is 256 bytes long; at most 255 per folder or file name/);
    await expect(checkOutFolder(path.join(dir, ...Array(50).fill('d'.repeat(99))), '--out', 'deep')).rejects.toThrow(/the path is \d+ bytes long; at most 4095/);
    await expect(checkOutFile(dir, '-o', 'd')).rejects.toThrow('-o d is a folder; give a file name');
    await expect(checkOutFolder(path.join(dir, 'new', 'deeper'), '--out', 'new/deeper')).resolves.toBeUndefined();
    await expect(fs.access(path.join(dir, 'new'))).rejects.toThrow();
  });

  it('an fs error escaping a handler is exit 2 and a sentence, never the raw code', async () => {
    expect(fsErrorSentence(errno('EROFS', '/mnt/ro/x.json'))).toBe('cannot write /mnt/ro/x.json: is on a read-only file system');
    const stderr = bufferSink();
    const code = await invokeHandler('run', async () => { throw errno('EACCES', '/srv/runs/x.json'); }, { stderr });
    expect(code).toBe(2);
    expect(stderr.text()).toBe('lrfinder run: cannot write /srv/runs/x.json: permission denied\n');
    const other = bufferSink();
    expect(await invokeHandler('run', async () => { throw new Error('boom\nsecond line'); }, { stderr: other })).toBe(1);
    expect(other.text()).toBe('lrfinder run: boom second line (--debug shows the stack trace)\n');
  });
});
