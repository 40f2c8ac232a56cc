// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PREREQUISITES } = require('../provision/prerequisites.js');
import { MISSING_MARK, needs } from './needs';

describe('needs(prerequisite)', () => {
  const chromium = PREREQUISITES.find((p: { id: string }) => p.id === 'chromium');
  const saved = chromium.present;
  afterEach(() => {
    chromium.present = saved;
  });

  it('is the test function itself when the prerequisite is there', () => {
    chromium.present = () => true;
    expect(needs('chromium')).toBe(it);
    expect(needs('chromium', describe)).toBe(describe);
  });

  it('registers a skip whose title says what is missing and how to install it, and prints it', () => {
    chromium.present = () => false;
    const skipped: string[] = [];
    const fake = Object.assign(() => undefined, { skip: (title: string) => skipped.push(title) }) as unknown as jest.It;
    const printed: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    try {
      needs('chromium', fake)('draws', () => undefined);
    } finally {
      write.mockRestore();
    }
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^draws \[missing prerequisite: Chromium, for the browser tests .*; install with: (sudo )?apt-get install chromium\]$/);
    expect(skipped[0]).toContain(MISSING_MARK);
    expect(printed).toEqual([`skipped: ${skipped[0]}\n`]);
  });

  it('refuses an unknown prerequisite instead of skipping', () => {
    expect(() => needs('chrome' as 'chromium')).toThrow('unknown prerequisite "chrome"');
  });
});
