import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { vulkanLoaderMissing } from '../probes';

describe('vulkanLoaderMissing (checked before Dawn is loaded)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vulkan-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is never missing off Linux', () => {
    expect(vulkanLoaderMissing('darwin', '', path.join(dir, 'none'))).toBe(false);
  });

  it('reads the loader cache: missing when the cache does not name libvulkan.so.1', () => {
    const cache = path.join(dir, 'ld.so.cache');
    fs.writeFileSync(cache, 'libc.so.6\0/lib/libc.so.6\0');
    expect(vulkanLoaderMissing('linux', '', cache)).toBe(true);
    fs.writeFileSync(cache, 'libvulkan.so.1\0/usr/lib/x86_64-linux-gnu/libvulkan.so.1\0');
    expect(vulkanLoaderMissing('linux', '', cache)).toBe(false);
  });

  it('finds the loader in LD_LIBRARY_PATH, and lets Dawn try when there is no cache', () => {
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib, { recursive: true });
    fs.writeFileSync(path.join(lib, 'libvulkan.so.1'), '');
    const emptyCache = path.join(dir, 'empty.cache');
    fs.writeFileSync(emptyCache, '');
    expect(vulkanLoaderMissing('linux', `/nonexistent:${lib}`, emptyCache)).toBe(false);
    expect(vulkanLoaderMissing('linux', '', path.join(dir, 'no-such-cache'))).toBe(false);
  });
});
