// The dashboard's build lock (scripts/build-lock.cjs): one build at a time, and a lock left by a
// builder that is gone (killed, or stopped by Ctrl-C) is taken over instead of waited for (the
// next `npm run dashboard` waited 15 minutes in silence before).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tryLock, releaseLock, lockOwner } = require('../../../scripts/build-lock.cjs') as {
  tryLock(lock: string, o?: { pid?: number; isAlive?: (pid: number) => boolean; now?: number }): boolean;
  releaseLock(lock: string): void;
  lockOwner(lock: string): number | null;
};

let dir: string;
let lock: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'build-lock-'));
  lock = path.join(dir, '.next-build.lock');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('one holder at a time: the lock names its pid, a second process waits while it lives, takes it once released', () => {
  expect(tryLock(lock, { pid: 111, isAlive: () => true })).toBe(true);
  expect(lockOwner(lock)).toBe(111);
  expect(tryLock(lock, { pid: 222, isAlive: (pid) => pid === 111 })).toBe(false);
  releaseLock(lock);
  expect(fs.existsSync(lock)).toBe(false);
  expect(tryLock(lock, { pid: 222, isAlive: () => true })).toBe(true);
  expect(lockOwner(lock)).toBe(222);
});

it('a lock whose builder is gone is taken over at once', () => {
  expect(tryLock(lock, { pid: 111 })).toBe(true);
  expect(tryLock(lock, { pid: 222, isAlive: () => false })).toBe(true);
  expect(lockOwner(lock)).toBe(222);
});

it('a lock of a real process that has exited is taken over (the default liveness probe)', () => {
  const gone = require('node:child_process').spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(gone.stdout);
  expect(tryLock(lock, { pid })).toBe(true);
  expect(tryLock(lock)).toBe(true);
  expect(lockOwner(lock)).toBe(process.pid);
  expect(tryLock(lock, { pid: 999_999_999 })).toBe(false); // held by this live process
});

it('a lock folder without a pid (being created) counts as held for a minute, then as left behind', () => {
  fs.mkdirSync(lock);
  const made = fs.statSync(lock).mtimeMs;
  expect(tryLock(lock, { pid: 222, now: made + 30_000 })).toBe(false);
  expect(tryLock(lock, { pid: 222, now: made + 61_000 })).toBe(true);
  expect(lockOwner(lock)).toBe(222);
});
