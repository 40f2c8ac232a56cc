// LRFINDER_TIMING: one parseable line per phase, on one clock shared with child processes.
import { formatMark, mark, parseMarks, setTimingRole, timingEnabled, timingOrigin, TIMING_PREFIX, type TimingMark } from './timing';

describe('timing lines (LRFINDER_TIMING=1)', () => {
  it('is on for 1/true/yes/on only', () => {
    expect(['1', 'true', 'YES', 'on'].map((v) => timingEnabled({ LRFINDER_TIMING: v }))).toEqual([true, true, true, true]);
    expect(['0', '', 'off', 'no', undefined].map((v) => timingEnabled({ LRFINDER_TIMING: v }))).toEqual([false, false, false, false, false]);
  });

  it("the clock's zero: a given LRFINDER_TIMING_T0, else this process's start, handed on through env", () => {
    expect(timingOrigin({ LRFINDER_TIMING_T0: '1000' }, 5000)).toBe(1000);
    const env: { LRFINDER_TIMING_T0?: string } = {};
    expect(timingOrigin(env, 5000.4)).toBe(5000);
    expect(env.LRFINDER_TIMING_T0).toBe('5000');
    expect(timingOrigin({ LRFINDER_TIMING_T0: 'soon' }, 7000)).toBe(7000);
  });

  it('a line round-trips; other lines and a line cut short are skipped', () => {
    const m: TimingMark = { ms: 1234, cpuMs: 567, pid: 42, role: 'sgd', phase: 'backend ready' };
    const text = `sgd: step 3/100\n${formatMark(m)}${TIMING_PREFIX}{"ms":12\nother\n`;
    expect(formatMark(m).startsWith(TIMING_PREFIX)).toBe(true);
    expect(parseMarks(text)).toEqual([m]);
  });

  it('mark writes nothing when off, one line with wall and CPU time when on', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      mark('off phase', {});
      expect(writes).toEqual([]);
      setTimingRole('adam');
      const before = Date.now();
      mark('data open', { LRFINDER_TIMING: '1', LRFINDER_TIMING_T0: String(before - 100) });
      const [m] = parseMarks(writes.join(''));
      expect(m).toMatchObject({ role: 'adam', phase: 'data open', pid: process.pid });
      expect(m.ms).toBeGreaterThanOrEqual(100);
      expect(m.cpuMs).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
      setTimingRole('parent');
    }
  });
});
