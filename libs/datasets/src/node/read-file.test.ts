// readDataFile: a file's exact bytes in one read (large and empty files, a FIFO), and what is
// wrong as a DatasetError.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { DatasetError } from '../errors';
import { readDataFile } from './read-file';
import { tmpDir } from './tmp-dir';

const tmp = tmpDir();
const at = (name: string) => path.join(tmp.dir(), name);

describe('readDataFile', () => {
  it('returns the exact bytes of a file larger than one 512 KiB piece, and of an empty file', async () => {
    const big = randomBytes(3 * 512 * 1024 + 17);
    tmp.write('big.bin', big);
    expect(Buffer.compare(Buffer.from(await readDataFile(at('big.bin'))), big)).toBe(0);
    tmp.write('empty.bin', new Uint8Array(0));
    expect((await readDataFile(at('empty.bin'))).length).toBe(0);
  });

  (process.platform === 'linux' ? it : it.skip)('reads a file whose size the system does not know (a FIFO) to its end', async () => {
    const fifo = at('fifo');
    execFileSync('mkfifo', [fifo]);
    const reading = readDataFile(fifo);
    writeFileSync(fifo, 'streamed bytes');
    expect(Buffer.from(await reading).toString()).toBe('streamed bytes');
  });

  it('a missing file or a folder is a DatasetError naming it', async () => {
    const missing = await readDataFile(at('nope.bin')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DatasetError);
    expect((missing as Error).message).toMatch(/nope\.bin.*file not found/);
    const folder = await readDataFile(path.dirname(at('big.bin'))).catch((e: unknown) => e);
    expect(folder).toBeInstanceOf(DatasetError);
    expect((folder as Error).message).toMatch(/cannot read file \(EISDIR\)/);
  });
});
