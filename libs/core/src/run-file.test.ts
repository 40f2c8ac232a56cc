import { rangeTest } from './range-test';
import { parseRun, RunFormatError, safeParseRun, serializeRun } from './run-file';
import type { RunRecord } from './run-record';

async function sampleRun(): Promise<RunRecord> {
  return rangeTest({
    trainStep: (_lr, step) => (step === 25 ? NaN : 3 - step * 0.05),
    numIter: 40,
    id: 'adam-bs32',
    label: 'Adam',
    divergeThreshold: Infinity,
    model: { name: 'm', parameterCount: 10, layers: [{ name: 'd', className: 'Dense', outputShape: [[null, 1]], parameterCount: 10 }] },
    optimizer: { name: 'adam', config: { beta1: 0.9 } },
    dataset: { name: 'mnist', trainSamples: 60000, valSamples: 10000 },
    backend: { name: 'cpu', versions: { 'tfjs-core': '4.22.0' } },
    sweep: { id: 'sw', index: 1, count: 4 },
    meta: { command: 'lrfinder run' },
  });
}

describe('run files (lrfinder.run/v1)', () => {
  it('serialize then parse gives the same record, non-finite losses as null', async () => {
    const run = await sampleRun();
    const text = serializeRun(run);
    expect(text.endsWith('\n')).toBe(true);
    const back = parseRun(text);
    expect(back).toEqual(run);
    expect(back.points[25]).toMatchObject({ loss: null, smoothedLoss: null });
    expect(back.config.divergeThreshold).toBeNull();
    expect(serializeRun(back)).toBe(text);
  });

  it('refuses other formats, naming the version found', async () => {
    const run = { ...(await sampleRun()), format: 'lrfinder.run/v2' };
    const r = safeParseRun(JSON.stringify(run));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(RunFormatError);
      expect(r.error.field).toBe('format');
      expect(r.error.message).toContain('"lrfinder.run/v2"');
    }
    expect(() => parseRun({ id: 'x' })).toThrow(/no format field/);
    expect(() => parseRun('{not json')).toThrow(/not JSON/);
    expect(() => parseRun([])).toThrow(/one JSON object/);
  });

  it('names the first bad field', async () => {
    const run = await sampleRun();
    const bad = JSON.parse(JSON.stringify(run));
    bad.points[3].lr = -1;
    const err = (() => {
      try {
        parseRun(bad);
      } catch (e) {
        return e as RunFormatError;
      }
    })();
    expect(err?.field).toBe('points.3.lr');
    expect(err?.message).toMatch(/^points\.3\.lr: /);
    const extra = { ...run, surprise: 1 };
    expect(() => parseRun(extra)).toThrow(/surprise/);
    expect(() => serializeRun({ ...run, status: 'done' } as never)).toThrow(RunFormatError);
  });
});
