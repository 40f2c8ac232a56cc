// The commands `run` prints as advice must work as printed from where the user typed `run`.
import * as path from 'path';
import { dashboardAdvice, repositoryRoot } from './run-summary';

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('advice printed after a run', () => {
  it('finds the repository (with the dashboard) from the sources, and none outside it', () => {
    expect(repositoryRoot(__dirname)).toBe(root);
    expect(repositoryRoot(path.parse(root).root)).toBeNull();
  });

  it('says how to open the dashboard on the run folder from where the user is', () => {
    expect(dashboardAdvice(path.join(root, 'runs'), root, root)).toBe('npm run dashboard');
    expect(dashboardAdvice(path.join(root, 'exp', 'runs'), path.join(root, 'exp'), root)).toBe('cd .. && RUNS_DIR=exp/runs npm run dashboard');
    expect(dashboardAdvice(path.join(root, 'runs'), path.join(root, 'apps', 'cli'), root)).toBe('cd ../.. && npm run dashboard');
    expect(dashboardAdvice('/data/my runs', '/data', '/repo')).toBe("cd ../repo && RUNS_DIR='/data/my runs' npm run dashboard");
  });

  it('has no dashboard advice for an installed CLI (no repository)', () => {
    expect(dashboardAdvice('/home/u/runs', '/home/u', null)).toBeNull();
  });
});
