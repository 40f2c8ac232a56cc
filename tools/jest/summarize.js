#!/usr/bin/env node
// Prints the plain closing line CI reads: "N passed, N failed[, N skipped]" summed over the
// per-project summaries that tools/jest/summary-reporter.js wrote. Every skipped test is named
// (no silent skips); in CI (CI=true) a test skipped for a missing prerequisite counts as failed.
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', '..', '.reports', 'jest');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const s = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const missing = s.missingPrerequisites || [];
  const failMissing = process.env.CI === 'true' ? missing.length : 0;
  passed += s.passed;
  failed += s.failed + failMissing;
  skipped += s.skipped - failMissing;
  console.error(`  ${s.project}: ${s.passed} passed, ${s.failed + failMissing} failed, ${s.skipped - failMissing} skipped`);
  for (const name of s.failedTests || []) console.error(`    failed: ${name}`);
  for (const name of s.skippedTests || []) {
    console.error(`    ${missing.includes(name) && failMissing ? 'failed (a prerequisite is missing in CI)' : 'skipped'}: ${name}`);
  }
}
const expected = Number(process.argv[2] || 0);
if (files.length < expected) {
  console.error(`  only ${files.length} of ${expected} projects reported results`);
  failed += expected - files.length;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
