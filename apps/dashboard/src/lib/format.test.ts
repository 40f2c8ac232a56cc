import { formatDuration, formatLoss, formatLr } from './format';

test('learning rates, losses and durations read as people write them', () => {
  expect(formatLr(3.2e-4)).toBe('3.2e-4');
  expect(formatLr(1e-7)).toBe('1e-7');
  expect(formatLr(0.01)).toBe('0.01');
  expect(formatLr(1.5)).toBe('1.5');
  expect(formatLr(null)).toBe('—');
  expect(formatLoss(0.123456)).toBe('0.1235');
  expect(formatLoss(null)).toBe('—');
  expect(formatDuration(250)).toBe('250 ms');
  expect(formatDuration(12_300)).toBe('12.3 s');
  expect(formatDuration(125_000)).toBe('2 min 5 s');
});
