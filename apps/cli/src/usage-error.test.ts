import { closestFlag, tidyUsageError } from './usage-error';

describe('tidyUsageError', () => {
  it('names an unknown flag once, with its dashes', () => {
    expect(tidyUsageError('Unknown arguments: learning-rate, learningRate', ['run', '--learning-rate', '3'])).toBe('Unknown argument: --learning-rate');
    expect(tidyUsageError('Unknown argument: x', ['run', '-x'])).toBe('Unknown argument: -x');
    expect(tidyUsageError('Unknown arguments: foo, bar', ['run', '--foo=1', '--bar'])).toBe('Unknown arguments: --foo, --bar');
  });

  it('suggests the closest known flag, and none when nothing is close', () => {
    const known = ['num-iter', 'numIter', 'batch-size', 'batchSize', 'epochs', 'out', 'help', 'h'];
    expect(tidyUsageError('Unknown arguments: num-iters, numIters', ['run', '--num-iters', '3'], known)).toBe('Unknown argument: --num-iters (did you mean --num-iter?)');
    expect(tidyUsageError('Unknown argument: batchsize', ['run', '--batchsize', '3'], known)).toBe('Unknown argument: --batchsize (did you mean --batch-size?)');
    expect(tidyUsageError('Unknown arguments: learning-rate, learningRate', ['run', '--learning-rate', '3'], known)).toBe('Unknown argument: --learning-rate');
    expect(closestFlag('epoch', known)).toBe('epochs');
    expect(closestFlag('zzzzzz', known)).toBeNull();
  });

  it('leaves an unknown command as the word given', () => {
    expect(tidyUsageError('Unknown argument: frobnicate', ['frobnicate'])).toBe('Unknown argument: frobnicate');
  });

  it('joins multi-line messages into one line', () => {
    expect(tidyUsageError('Invalid values:\n  Argument: backend, Given: "gpu"', [])).toBe('Invalid values: Argument: backend, Given: "gpu"');
  });
});
