// What the tests need from the system, beyond npm ci: Debian packages, each with how to tell it
// is there. Read by provision.js (npm's pretest) and by tests that need one (tools/jest/needs.js).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** Whether an executable of this name is on PATH or in the sbin folders (daemons). */
function onPath(name) {
  const dirs = [...(process.env.PATH || '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  return dirs.some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

/**
 * @typedef {{ id: string, packages: string[], what: string, present: () => boolean }} Prerequisite
 * @type {Prerequisite[]}
 */
const PREREQUISITES = [
  {
    id: 'chromium',
    packages: ['chromium'],
    what: 'Chromium, for the browser tests (dashboard, plotting, core)',
    present: () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
  },
  {
    id: 'fashion-mnist',
    packages: ['dataset-fashion-mnist'],
    what: 'Fashion-MNIST, for libs/datasets',
    present: () => fs.existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'),
  },
  {
    id: 'slurm',
    packages: ['slurm-wlm', 'munge'],
    what: 'Slurm and munge, for the real-cluster sweep test',
    present: () => onPath('slurmctld') && onPath('slurmd') && onPath('munged'),
  },
  {
    id: 'native-build',
    packages: ['g++', 'make', 'python3-pip'],
    what: "a C++ compiler, make and pip, for native TensorFlow's setup (the tensorflow backend tests)",
    present: () => onPath('g++') && onPath('make') && spawnSync('python3', ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0,
  },
];

/** The install command for these packages, as a user types it. */
function installCommand(packages, root = typeof process.getuid === 'function' && process.getuid() === 0) {
  return `${root ? '' : 'sudo '}apt-get install ${packages.join(' ')}`;
}

/** The prerequisite of this id (a typo in a test is an error, not a silent skip). */
function prerequisite(id) {
  const found = PREREQUISITES.find((p) => p.id === id);
  if (!found) throw new Error(`unknown prerequisite "${id}": one of ${PREREQUISITES.map((p) => p.id).join(', ')} (tools/provision/prerequisites.js)`);
  return found;
}

module.exports = { PREREQUISITES, prerequisite, installCommand, onPath };
