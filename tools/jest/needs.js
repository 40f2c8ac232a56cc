// A test that needs something from the system (an id of tools/provision/prerequisites.js): it
// runs when that is there. Otherwise it is skipped with the reason in its title, the reason is
// printed at once, and CI's summary counts the skip as a failure: npm test's pretest installs
// prerequisites or stops, so in CI a missing one means a broken machine, never a pass.
//   needs('fashion-mnist')('loads the Debian folder', async () => { ... });
//   needs('chromium', describe)('in a browser', () => { ... });
const { prerequisite, installCommand } = require('../provision/prerequisites');

const MISSING_MARK = '[missing prerequisite:';

/**
 * @param {string} id
 * @param {jest.It | jest.Describe} [base] `it` (default), `test` or `describe`
 */
function needs(id, base = global.it) {
  const p = prerequisite(id);
  if (p.present()) return base;
  const reason = `${MISSING_MARK} ${p.what}; install with: ${installCommand(p.packages)}]`;
  return (title, ...rest) => {
    process.stderr.write(`skipped: ${title} ${reason}\n`);
    return base.skip(`${title} ${reason}`, ...rest);
  };
}

module.exports = { needs, MISSING_MARK };
