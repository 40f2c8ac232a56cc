// A small tmpfs for the disk-full and read-only tests, when this process may mount one (root on
// Linux, as in CI containers); null elsewhere, and the tests fall back to the fake in faulty-fs.
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Tmpfs {
  dir: string;
  /** Remounts it read-only (EROFS on every write). */
  readOnly(): void;
  unmount(): Promise<void>;
}

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

/** Mounts a tmpfs of `sizeKiB`; null (with the reason in `why`) when that is not possible here. */
export async function mountTmpfs(sizeKiB: number, why: { reason?: string } = {}): Promise<Tmpfs | null> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    why.reason = 'not root on Linux';
    return null;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-tmpfs-'));
  try {
    mount(['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0777`, 'tmpfs', dir]);
  } catch (e) {
    await fs.rmdir(dir).catch(() => undefined);
    why.reason = `mount -t tmpfs failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
    return null;
  }
  return {
    dir,
    readOnly: () => mount(['-o', 'remount,ro', dir]),
    unmount: async () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
      await fs.rmdir(dir).catch(() => undefined);
    },
  };
}
