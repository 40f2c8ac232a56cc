// Test helper: a fresh temporary folder per test file, removed afterwards.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function tmpDir(): { dir: () => string; write: (name: string, data: string | Uint8Array) => string } {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrfinder-datasets-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    write: (name, data) => {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
      return file;
    },
  };
}
