import { isStalled, runAgeMs, STALL_AFTER_MS } from './stale';

test('a running run is stalled once both its updatedAt and its file are older than 45 s', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  // updatedAt 60 s old, file written 10 s ago: the file wins (a heartbeat may only touch it).
  expect(runAgeMs('2026-01-01T00:00:00Z', now - 10_000, now)).toBe(10_000);
  expect(runAgeMs('2026-01-01T00:00:00Z', now - 90_000, now)).toBe(60_000);
  expect(runAgeMs('not a date', null, now)).toBe(now);
  expect(STALL_AFTER_MS).toBe(45_000);
  expect(isStalled('running', 45_001)).toBe(true);
  expect(isStalled('running', 45_000)).toBe(false);
  expect(isStalled('completed', 10 ** 9)).toBe(false);
});
