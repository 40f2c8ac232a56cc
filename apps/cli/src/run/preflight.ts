// The checks runTest makes before it writes anything (options, backend, data, model against
// data), without training: a sweep runs them for its tests before it creates its folder, so a
// sweep refused for bad input leaves nothing behind (no index.json, no shard marker).
import { useBackend } from './backend';
import { openData } from './data';
import { checkAgainstData } from './data-checks';
import { resolveModel } from './resolve-model';
import { checkTestOptions, type TestOptions } from './test-options';

/** Throws what runTest would throw for bad input (a CliInputError); resolves when the test can start. */
export async function preflightTest(options: TestOptions, cwd: string): Promise<void> {
  checkTestOptions(options);
  await useBackend(options.backend, options.threads);
  const source = await openData(options, { cwd });
  checkAgainstData(options, source.info);
  const resolved = await resolveModel(options.model, options.loss, { ...source.info }, options.seed, cwd);
  resolved.model.dispose();
}

