import * as plotting from '@lrfinder/plotting';
import { formatAge, formatDuration, formatLoss, formatLr, formatRange } from './format';

test('learning rates, losses and durations read as people write them', () => {
  expect(formatLr(3.2e-4)).toBe('3.2e-4');
  expect(formatLr(1e-7)).toBe('1e-7');
  expect(formatLr(0.0292)).toBe('2.92e-2');
  expect(formatLr(0.01)).toBe('1e-2');
  expect(formatLr(1.5)).toBe('1.5e0');
  expect(formatLr(10)).toBe('1e1');
  expect(formatLr(null)).toBe('—');
  expect(formatRange(1e-5, 10)).toBe('1e-5 → 1e1');
  expect(formatLoss(0.123456)).toBe('0.1235');
  expect(formatLoss(2.302585)).toBe('2.303');
  expect(formatLoss(-0.000123456)).toBe('-1.235e-4');
  expect(formatLoss(null)).toBe('—');
  expect(formatDuration(250)).toBe('250 ms');
  expect(formatDuration(12_300)).toBe('12.3 s');
  expect(formatDuration(125_000)).toBe('2 min 5 s');
  expect(formatAge(50_000)).toBe('50 s');
  expect(formatAge(600_000)).toBe('10 min');
});

test('the pages write numbers exactly as the charts do', () => {
  for (const v of [1e-7, 3.16227e-3, 0.0292, 0.01, 1, 1.5, 10, 123.456, 5.46e-3]) expect(formatLr(v)).toBe(plotting.formatLr(v));
  for (const v of [0, 2.302585, -0.000123456, 0.5, 123456.7, 1e-9, 3]) expect(formatLoss(v)).toBe(plotting.formatLoss(v));
});
