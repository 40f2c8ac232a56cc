// Writes each project's pass/fail counts to .reports/jest/<name>.json so .ci/run can print
// one "N passed, N failed" line over all projects. A suite that fails to run (a syntax error,
// a throw at import) has no test results, so it is counted as one failure of its own. Skipped
// tests are listed by name; those skipped for a missing prerequisite (tools/jest/needs.js) apart,
// for summarize.js to count as failures in CI.
const fs = require('fs');
const path = require('path');
const { MISSING_MARK } = require('./needs');

class SummaryReporter {
  constructor(_globalConfig, options) {
    this.name = (options && options.name) || 'project';
  }

  onRunComplete(_contexts, results) {
    const brokenSuites = results.testResults.filter(
      (suite) => suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0),
    ).length;
    const skippedTests = results.testResults.flatMap((suite) =>
      (suite.testResults || []).filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')
        .map((t) => `${path.relative(process.cwd(), suite.testFilePath || '')}: ${t.fullName || t.title}`));
    // Failing tests are named with the first line of their message, so the tail of a CI log
    // (all that is kept of it) says what failed without the scroll-back.
    const failedTests = results.testResults.flatMap((suite) => {
      const file = path.relative(process.cwd(), suite.testFilePath || '');
      const tests = (suite.testResults || []).filter((t) => t.status === 'failed')
        .map((t) => `${file}: ${t.fullName || t.title}: ${firstLine((t.failureMessages || [])[0])}`);
      if (suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0)) {
        tests.push(`${file}: the suite did not run: ${firstLine(suite.testExecError ? suite.testExecError.message : suite.failureMessage)}`);
      }
      return tests;
    });
    const summary = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + brokenSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      skippedTests,
      failedTests,
      missingPrerequisites: skippedTests.filter((name) => name.includes(MISSING_MARK)),
    };
    const dir = path.join(__dirname, '..', '..', '.reports', 'jest');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${this.name}.json`), JSON.stringify(summary) + '\n');
  }
}

function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text || '').replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').map((l) => l.trim()).find((l) => l.length > 0) || '(no message)';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

module.exports = SummaryReporter;
module.exports.firstLine = firstLine;
