import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SummaryReporter = require('./summary-reporter.js');

const reportsDir = path.join(__dirname, '..', '..', '.reports', 'jest');

function suite(passing: number, failing: number, execError = false) {
  return {
    numFailingTests: failing,
    numPassingTests: passing,
    testExecError: execError ? { message: 'boom' } : undefined,
    failureMessage: execError || failing ? 'failed' : null,
  };
}

describe('CI summary', () => {
  const name = `reporter-test-${process.pid}`;
  const file = path.join(reportsDir, `${name}.json`);
  afterEach(() => fs.rmSync(file, { force: true }));

  it('counts passed and failed tests, and a suite that could not run as one failure', () => {
    new SummaryReporter({}, { name }).onRunComplete(new Set(), {
      numPassedTests: 7,
      numFailedTests: 2,
      numPendingTests: 1,
      numTodoTests: 0,
      testResults: [suite(5, 0), suite(2, 2), suite(0, 0, true)],
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      project: name, passed: 7, failed: 3, skipped: 1, skippedTests: [], missingPrerequisites: [],
      failedTests: [': the suite did not run: boom'],
    });
  });

  it('names every failed test with the first line of its message, colours stripped', () => {
    new SummaryReporter({}, { name }).onRunComplete(new Set(), {
      numPassedTests: 1, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0,
      testResults: [{
        ...suite(1, 1),
        testFilePath: path.join(process.cwd(), 'e2e', 'b.test.ts'),
        testResults: [
          { status: 'passed', fullName: 'lists runs' },
          { status: 'failed', fullName: 'uploads', failureMessages: ['\n\u001b[2mexpect(received).toBe(expected)\u001b[22m\n\nExpected: 201'] },
        ],
      }],
    });
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(written.failedTests).toEqual([`${path.join('e2e', 'b.test.ts')}: uploads: expect(received).toBe(expected)`]);
  });

  it('names every skipped test, and apart those skipped for a missing prerequisite', () => {
    new SummaryReporter({}, { name }).onRunComplete(new Set(), {
      numPassedTests: 1, numFailedTests: 0, numPendingTests: 2, numTodoTests: 0,
      testResults: [{
        ...suite(1, 0),
        testFilePath: path.join(process.cwd(), 'src', 'a.test.ts'),
        testResults: [
          { status: 'passed', fullName: 'runs' },
          { status: 'pending', fullName: 'draws [missing prerequisite: Chromium, for x; install with: apt-get install chromium]' },
          { status: 'pending', fullName: 'only on linux' },
        ],
      }],
    });
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    const drawn = `${path.join('src', 'a.test.ts')}: draws [missing prerequisite: Chromium, for x; install with: apt-get install chromium]`;
    expect(written.skippedTests).toEqual([drawn, `${path.join('src', 'a.test.ts')}: only on linux`]);
    expect(written.missingPrerequisites).toEqual([drawn]);
  });

  it('summarize.js counts a skip for a missing prerequisite as failed in CI only, and names every skip', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
    const script = path.join(tmp, 'tools', 'jest', 'summarize.js');
    fs.mkdirSync(path.dirname(script), { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'summarize.js'), script);
    const dir = path.join(tmp, '.reports', 'jest');
    fs.mkdirSync(dir, { recursive: true });
    const missing = 'a.test.ts: draws [missing prerequisite: Chromium]';
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({
      project: 'a', passed: 3, failed: 0, skipped: 2, skippedTests: [missing, 'a.test.ts: only on linux'], missingPrerequisites: [missing],
      failedTests: ['a.test.ts: lists: Expected: 3'],
    }));
    const run = (ci: string) => {
      const r = spawnSync('node', [script, '1'], { encoding: 'utf8', env: { ...process.env, CI: ci } });
      return { out: r.stdout, err: r.stderr, code: r.status };
    };
    const ci = run('true');
    expect([ci.out, ci.code]).toEqual(['3 passed, 1 failed, 1 skipped\n', 1]);
    expect(ci.err).toContain(`failed (a prerequisite is missing in CI): ${missing}`);
    expect(ci.err).toContain('skipped: a.test.ts: only on linux');
    expect(ci.err).toContain('failed: a.test.ts: lists: Expected: 3');
    const local = run('');
    expect([local.out, local.code]).toEqual(['3 passed, 0 failed, 2 skipped\n', 0]);
    expect(local.err).toContain(`skipped: ${missing}`);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('summarize.js prints the sum and counts a project that reported nothing as failed', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
    const script = path.join(tmp, 'tools', 'jest', 'summarize.js');
    fs.mkdirSync(path.dirname(script), { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'summarize.js'), script);
    const dir = path.join(tmp, '.reports', 'jest');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ project: 'a', passed: 3, failed: 0, skipped: 0 }));
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ project: 'b', passed: 4, failed: 1, skipped: 2 }));
    const run = (expected: number) => {
      try {
        return { out: execFileSync('node', [script, String(expected)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), code: 0 };
      } catch (e) {
        const err = e as { stdout: string; status: number };
        return { out: err.stdout, code: err.status };
      }
    };
    expect(run(2)).toEqual({ out: '7 passed, 1 failed, 2 skipped\n', code: 1 });
    expect(run(3)).toEqual({ out: '7 passed, 2 failed, 2 skipped\n', code: 1 });
    fs.rmSync(path.join(dir, 'b.json'));
    expect(run(1)).toEqual({ out: '3 passed, 0 failed\n', code: 0 });
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
