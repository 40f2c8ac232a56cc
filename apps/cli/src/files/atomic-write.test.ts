import { promises as fs } from 'fs';
import * as path from 'path';
import { tempDir } from '../testing/fixtures';
import { fullDisk, refusingDisk } from '../testing/faulty-fs';
import { mountTmpfs } from '../testing/tmpfs';
import { DiskWriteError, FileExistsError, overwriteInPlace, writeFileAtomic, type WriteFs } from './atomic-write';

/** fs.promises with every call recorded, as `open:<file>`, `sync:<file>`, `rename:<a>-><b>`. */
function recordingFs(log: string[]): WriteFs {
  return {
    mkdir: fs.mkdir,
    access: fs.access,
    rm: fs.rm,
    link: async (a, b) => {
      log.push(`link:${path.basename(String(b))}`);
      return fs.link(a, b);
    },
    rename: async (a, b) => {
      log.push(`rename:${path.basename(String(b))}`);
      return fs.rename(a, b);
    },
    open: (async (file: string, flags?: string, mode?: number) => {
      const h = await fs.open(file, flags, mode);
      const name = path.basename(file).startsWith('.') ? 'tmp' : path.basename(file);
      const sync = h.sync.bind(h);
      h.sync = async () => {
        log.push(`sync:${name}`);
        return sync();
      };
      return h;
    }) as WriteFs['open'],
  };
}

describe('writeFileAtomic', () => {
  it('fsyncs the temp file before the rename and the folder after it', async () => {
    const dir = await tempDir();
    const log: string[] = [];
    await writeFileAtomic(path.join(dir, 'a.json'), 'one', { fs: recordingFs(log) });
    expect(log).toEqual(['sync:tmp', 'rename:a.json', `sync:${path.basename(dir)}`]);
    log.length = 0;
    await writeFileAtomic(path.join(dir, 'b.json'), 'two', { fs: recordingFs(log), exclusive: true });
    expect(log).toEqual(['sync:tmp', 'link:b.json', `sync:${path.basename(dir)}`]);
    expect(await fs.readFile(path.join(dir, 'b.json'), 'utf8')).toBe('two');
    expect((await fs.readdir(dir)).sort()).toEqual(['a.json', 'b.json']);
  });

  it('refuses to replace an existing file when exclusive, keeping it and leaving no temp file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'taken.json');
    await fs.writeFile(file, 'theirs');
    await expect(writeFileAtomic(file, 'mine', { exclusive: true })).rejects.toBeInstanceOf(FileExistsError);
    expect(await fs.readFile(file, 'utf8')).toBe('theirs');
    expect(await fs.readdir(dir)).toEqual(['taken.json']);
  });

  it('on a full disk: one line naming the file and "no space left on device", old content kept, no temp file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'run.json');
    await fs.writeFile(file, 'last good');
    const disk = fullDisk(10);
    const err = await writeFileAtomic(file, 'x'.repeat(1000), { fs: disk }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiskWriteError);
    expect((err as DiskWriteError).message).toBe(`cannot write ${file}: no space left on device (ENOSPC); free some space or write elsewhere (--out)`);
    expect((err as DiskWriteError).reason).toBe('no space left on device');
    expect(await fs.readFile(file, 'utf8')).toBe('last good');
    expect(await fs.readdir(dir)).toEqual(['run.json']);
    // The partial temp file was written (10 bytes) and then removed: its space is back.
    expect([...disk.written].some((f) => f.endsWith('.tmp'))).toBe(true);
    expect(disk.free()).toBe(10);
  });

  it.each([
    ['EROFS', 'read-only file system'],
    ['EACCES', 'permission denied'],
  ])('maps %s to one line and writes nothing', async (code, reason) => {
    const dir = await tempDir();
    const file = path.join(dir, 'x.json');
    const err = (await writeFileAtomic(file, 'x', { fs: refusingDisk(code) }).catch((e: unknown) => e)) as DiskWriteError;
    expect(err).toBeInstanceOf(DiskWriteError);
    expect(err.message).toContain(`cannot write ${file}: ${reason} (${code})`);
    expect(err.message).not.toContain('\n');
    expect(await fs.readdir(dir)).toEqual([]);
    // A folder that does not exist yet cannot be made either: the folder is named.
    const deeper = path.join(dir, 'new', 'x.json');
    const e2 = (await writeFileAtomic(deeper, 'x', { fs: refusingDisk(code) }).catch((e: unknown) => e)) as DiskWriteError;
    expect(e2.message).toContain(`cannot write ${path.join(dir, 'new')}: ${reason}`);
  });

  it('passes through errors it has no words for', async () => {
    const dir = await tempDir();
    const boom = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    const disk: WriteFs = { ...recordingFs([]), rename: async () => { throw boom; } };
    await expect(writeFileAtomic(path.join(dir, 'x'), 'x', { fs: disk })).rejects.toBe(boom);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('overwriteInPlace', () => {
  it('rewrites a file with shorter text using no new space, and refuses longer text', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'r.json');
    await fs.writeFile(file, '0123456789');
    const disk = fullDisk(0);
    expect(await overwriteInPlace(file, 'abc', { fs: disk })).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe('abc');
    expect(await overwriteInPlace(file, 'abcd', { fs: disk })).toBe(false);
    expect(await fs.readFile(file, 'utf8')).toBe('abc');
  });
});

describe('on a real tmpfs (when this process may mount one)', () => {
  it('a full 64 KiB tmpfs: DiskWriteError ENOSPC, no temp file, old content kept; read-only: EROFS', async () => {
    const why: { reason?: string } = {};
    const tmpfs = await mountTmpfs(64, why);
    if (!tmpfs) {
      // eslint-disable-next-line no-console
      console.warn(`tmpfs disk-full test skipped (${why.reason}); the fake-disk tests above cover it`);
      return;
    }
    try {
      const file = path.join(tmpfs.dir, 'run.json');
      await writeFileAtomic(file, 'last good');
      const err = (await writeFileAtomic(file, 'y'.repeat(200 * 1024)).catch((e: unknown) => e)) as DiskWriteError;
      expect(err).toBeInstanceOf(DiskWriteError);
      expect(err.code).toBe('ENOSPC');
      expect(await fs.readdir(tmpfs.dir)).toEqual(['run.json']);
      expect(await fs.readFile(file, 'utf8')).toBe('last good');
      tmpfs.readOnly();
      const ro = (await writeFileAtomic(file, 'z').catch((e: unknown) => e)) as DiskWriteError;
      expect(ro).toBeInstanceOf(DiskWriteError);
      expect(ro.code).toBe('EROFS');
      expect(await fs.readFile(file, 'utf8')).toBe('last good');
      // A folder to create there: EROFS too (Node's recursive mkdir alone says ENOENT).
      const deeper = path.join(tmpfs.dir, 'a', 'b', 'run.json');
      const ro2 = (await writeFileAtomic(deeper, 'z').catch((e: unknown) => e)) as DiskWriteError;
      expect(ro2.message).toBe(`cannot write ${path.dirname(deeper)}: read-only file system (EROFS); choose a writable folder (--out)`);
    } finally {
      await tmpfs.unmount();
    }
  });
});
