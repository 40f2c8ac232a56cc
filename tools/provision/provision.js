#!/usr/bin/env node
// npm's `pretest` (root package.json): before any test, what the tests need from the system is
// there, or made so. Missing Debian packages are installed with apt-get when we are root on a
// machine that has it (a fresh CI or Docker machine); otherwise the run stops here with one line
// naming the packages and the command that installs them. Nothing is printed when all is there.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { PREREQUISITES, installCommand } = require('./prerequisites');

/**
 * @param {{ prerequisites?: typeof PREREQUISITES, isRoot?: boolean, hasApt?: boolean,
 *   apt?: (args: string[]) => { ok: boolean, log: string }, print?: (line: string) => void }} [deps]
 * @returns {number} the exit code: 0 when everything is there at the end, 1 otherwise
 */
function provision(deps = {}) {
  const {
    prerequisites = PREREQUISITES,
    isRoot = typeof process.getuid === 'function' && process.getuid() === 0,
    hasApt = fs.existsSync('/usr/bin/apt-get'),
    apt = runApt,
    print = (line) => process.stderr.write(line + '\n'),
  } = deps;
  const missing = () => prerequisites.filter((p) => !p.present());
  let absent = missing();
  if (absent.length === 0) return 0;
  const packages = [...new Set(absent.flatMap((p) => p.packages))];
  if (isRoot && hasApt) {
    print(`npm test: installing Debian packages the tests need: ${packages.join(' ')} (apt-get)`);
    const update = apt(['update', '-q']);
    const install = update.ok ? apt(['install', '-y', '-q', ...packages]) : update;
    absent = missing();
    if (absent.length === 0) return 0;
    const still = [...new Set(absent.flatMap((p) => p.packages))];
    print(`npm test: apt-get could not install ${still.join(' ')} (${lastLine(install.log)}); install them with: ${installCommand(still, true)}`);
    return 1;
  }
  const why = !hasApt ? 'no apt-get on this machine: install the equivalent packages' : 'not root, so not installed automatically';
  print(`npm test: missing ${absent.map((p) => p.what).join('; ')} (${why}); install with: ${installCommand(packages, isRoot)}`);
  return 1;
}

function lastLine(text) {
  const lines = String(text || '').trim().split('\n');
  return lines[lines.length - 1] || 'no output';
}

/** apt-get, non-interactive, its output kept in a log file (shown in part when it fails). */
function runApt(args) {
  const r = spawnSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const log = `${r.stdout || ''}${r.stderr || ''}${r.error ? String(r.error) : ''}`;
  fs.appendFileSync(path.join(os.tmpdir(), 'lrfinder-provision.log'), `$ apt-get ${args.join(' ')}\n${log}\n`);
  return { ok: r.status === 0, log };
}

module.exports = { provision };

if (require.main === module) process.exit(provision());
