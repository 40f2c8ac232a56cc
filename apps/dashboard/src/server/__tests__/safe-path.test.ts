import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { realInside, refFromPath, refFromSegments, runFilePath, UnsafePathError } from '../safe-path';
import { tmpRunsDir } from './helpers';

describe('refFromSegments', () => {
  test('accepts an id, an id.json and sweepId/id', () => {
    expect(refFromSegments(['run-1'])).toEqual({ sweepId: null, id: 'run-1' });
    expect(refFromSegments(['run-1.json'])).toEqual({ sweepId: null, id: 'run-1' });
    expect(refFromSegments(['sweep_a', 'r.2'])).toEqual({ sweepId: 'sweep_a', id: 'r.2' });
    expect(refFromPath('sweep_a/r.2')).toEqual({ sweepId: 'sweep_a', id: 'r.2' });
  });

  const attempts: [string, string[]][] = [
    ['dot-dot', ['..']],
    ['dot-dot then name', ['..', 'etc']],
    ['dot', ['.']],
    ['three levels', ['a', 'b', 'c']],
    ['absolute path in a segment', ['/etc/passwd']],
    ['empty first segment (absolute URL path)', ['', 'etc']],
    ['empty', []],
    ['encoded slash', ['..%2Fsecret']],
    ['encoded slash, upper case', ['a%2F..%2F..%2Fetc']],
    ['encoded dots', ['%2e%2e']],
    ['encoded dots and slash', ['%2e%2e%2fsecret']],
    ['double-encoded slash', ['..%252Fsecret']],
    ['backslash', ['..\\secret']],
    ['encoded backslash', ['..%5Csecret']],
    ['windows drive', ['C:\\Windows']],
    ['NUL byte', ['run\0.json']],
    ['hidden file', ['.hidden']],
    ['bad percent-encoding', ['%E0%A4%A']],
    ['slash inside a decoded segment', ['sweep/../../x']],
    ['dot-dot as sweep id', ['..', 'run']],
  ];
  test.each(attempts)('refuses %s', (_what, segments) => {
    expect(() => refFromSegments(segments)).toThrow(UnsafePathError);
  });
});

describe('realInside', () => {
  test('refuses a symlink that points out of the runs folder, accepts one inside', async () => {
    const t = await tmpRunsDir();
    try {
      await fs.writeFile(path.join(t.root, 'secret.json'), '{}');
      await fs.writeFile(path.join(t.dir, 'inside.json'), '{}');
      await fs.symlink(path.join(t.root, 'secret.json'), path.join(t.dir, 'out.json'));
      await fs.symlink(path.join(t.dir, 'inside.json'), path.join(t.dir, 'alias.json'));
      await fs.symlink(t.root, path.join(t.dir, 'outdir'));
      await expect(realInside(t.dir, runFilePath(t.dir, { sweepId: null, id: 'out' }))).rejects.toThrow(UnsafePathError);
      await expect(realInside(t.dir, runFilePath(t.dir, { sweepId: 'outdir', id: 'secret' }))).rejects.toThrow(UnsafePathError);
      expect(await realInside(t.dir, runFilePath(t.dir, { sweepId: null, id: 'alias' }))).toBe(
        await fs.realpath(path.join(t.dir, 'inside.json')),
      );
    } finally {
      await t.cleanup();
    }
  });
});
