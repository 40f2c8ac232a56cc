// eslint-disable-next-line @typescript-eslint/no-require-imports
const { provision } = require('./provision.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PREREQUISITES, prerequisite, installCommand } = require('./prerequisites.js');

/** Fake prerequisites whose presence flips once "installed" by the fake apt-get. */
function world(missingPackages: string[], { installable = true } = {}) {
  const installed = new Set<string>();
  const prerequisites = [
    { id: 'a', packages: ['pkg-a'], what: 'A, for x', present: () => !missingPackages.includes('pkg-a') || installed.has('pkg-a') },
    { id: 'b', packages: ['pkg-b', 'pkg-c'], what: 'B, for y', present: () => !missingPackages.includes('pkg-b') || installed.has('pkg-b') },
  ];
  const calls: string[][] = [];
  const lines: string[] = [];
  const apt = (args: string[]) => {
    calls.push(args);
    if (args[0] === 'install' && installable) args.slice(3).forEach((p) => installed.add(p));
    return { ok: args[0] !== 'install' || installable, log: installable ? 'done' : 'E: Unable to locate package pkg-b' };
  };
  return { prerequisites, apt, calls, lines, print: (l: string) => lines.push(l) };
}

describe('npm test prerequisites (pretest)', () => {
  it('does nothing and prints nothing when everything is there', () => {
    const w = world([]);
    expect(provision({ ...w, isRoot: true, hasApt: true })).toBe(0);
    expect(w.calls).toEqual([]);
    expect(w.lines).toEqual([]);
  });

  it('as root with apt-get, installs exactly the missing packages (update first) and goes on', () => {
    const w = world(['pkg-b']);
    expect(provision({ ...w, isRoot: true, hasApt: true })).toBe(0);
    expect(w.calls).toEqual([['update', '-q'], ['install', '-y', '-q', 'pkg-b', 'pkg-c']]);
    expect(w.lines).toEqual(['npm test: installing Debian packages the tests need: pkg-b pkg-c (apt-get)']);
  });

  it('stops with one line naming the packages and the command when it cannot install them', () => {
    const notRoot = world(['pkg-a', 'pkg-b']);
    expect(provision({ ...notRoot, isRoot: false, hasApt: true })).toBe(1);
    expect(notRoot.calls).toEqual([]);
    expect(notRoot.lines).toEqual(['npm test: missing A, for x; B, for y (not root, so not installed automatically); install with: sudo apt-get install pkg-a pkg-b pkg-c']);

    const failing = world(['pkg-b'], { installable: false });
    expect(provision({ ...failing, isRoot: true, hasApt: true })).toBe(1);
    expect(failing.lines[1]).toBe('npm test: apt-get could not install pkg-b pkg-c (E: Unable to locate package pkg-b); install them with: apt-get install pkg-b pkg-c');

    const noApt = world(['pkg-a']);
    expect(provision({ ...noApt, isRoot: true, hasApt: false })).toBe(1);
    expect(noApt.lines).toEqual(['npm test: missing A, for x (no apt-get on this machine: install the equivalent packages); install with: apt-get install pkg-a']);
  });

  it('knows the project\'s prerequisites by id, and refuses an unknown id', () => {
    expect(PREREQUISITES.map((p: { id: string }) => p.id)).toEqual(['chromium', 'fashion-mnist', 'slurm', 'native-build']);
    expect(prerequisite('slurm').packages).toEqual(['slurm-wlm', 'munge']);
    expect(() => prerequisite('chrome')).toThrow('unknown prerequisite "chrome": one of chromium, fashion-mnist, slurm, native-build');
    expect(installCommand(['chromium'], false)).toBe('sudo apt-get install chromium');
  });
});
