// One dashboard build at a time (two test files, or a user and a test, may start the app
// together): a lock folder holding the builder's pid. A lock whose builder is gone (killed,
// crashed, or stopped by Ctrl-C before it could remove it) is taken over at once instead of
// being waited for; one without a pid file (being created) counts as held for a minute.
const fs = require('node:fs');
const path = require('node:path');

const PID_FILE = 'pid';

function defaultIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** The pid the lock names, or null (no lock, no pid file yet, or not a number). */
function lockOwner(lock) {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, PID_FILE), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock: returns true when this process holds it, false when a live builder does
 * (call again later). A lock left by a process that is gone is removed and taken.
 */
function tryLock(lock, { pid = process.pid, isAlive = defaultIsAlive, now = Date.now() } = {}) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, PID_FILE), String(pid));
      return true;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const owner = lockOwner(lock);
    const stale = owner != null ? !isAlive(owner) : now - fs.statSync(lock).mtimeMs > 60_000;
    if (!stale) return false;
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return false;
}

function releaseLock(lock) {
  fs.rmSync(lock, { recursive: true, force: true });
}

module.exports = { tryLock, releaseLock, lockOwner };
