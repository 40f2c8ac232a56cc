import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';
import { rangeTest } from './range-test';
import { parseRun, RunFormatError, safeParseRun, serializeRun } from './run-file';
import { RUN_FILE_LIMITS, type RunRecord } from './run-record';

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

describe('the run file means what it says: records that cannot be right are refused, naming the field', () => {
  type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let base: Doc;
  beforeAll(async () => {
    const run = await rangeTest({ trainStep: (_lr, step) => 3 - step * 0.05 + (step > 30 ? (step - 30) ** 2 : 0), numIter: 40, startLr: 1e-4, endLr: 1, id: 'base', divergeThreshold: Infinity });
    base = JSON.parse(serializeRun(run));
    expect(base.points.length).toBe(40);
    expect(base.suggestions.valley.lr).not.toBeNull();
  });
  const edit = (f: (d: Doc) => void): Doc => {
    const d = structuredClone(base);
    f(d);
    return d;
  };

  it.each<[string, (d: Doc) => void, string]>([
    ['learning rates not increasing', (d) => { d.points[5].lr = d.points[4].lr; }, 'points.5.lr'],
    ['a step duplicated', (d) => { d.points[3].step = 2; }, 'points.3.step'],
    ['steps out of order', (d) => { [d.points[3], d.points[4]] = [d.points[4], d.points[3]]; }, 'points.4.step'],
    ['a step past numIter', (d) => { d.points[39].step = 40; }, 'points.39.step'],
    ['more points than numIter', (d) => { d.config.numIter = 10; }, 'points'],
    ['endLr below startLr', (d) => { d.config.endLr = d.config.startLr / 2; }, 'config.endLr'],
    ['a point\'s lr above endLr', (d) => { d.config.endLr = d.points[10].lr; }, 'points.11.lr'],
    ['a point\'s lr below startLr', (d) => { d.config.startLr = d.points[1].lr; }, 'points.0.lr'],
    ['a suggestion index past the end', (d) => { d.suggestions.valley.index = d.points.length; }, 'suggestions.valley.index'],
    ['a suggestion whose lr is not that point\'s', (d) => { d.suggestions.valley.lr = d.points[d.suggestions.valley.index + 1].lr; }, 'suggestions.valley.lr'],
    ['minimum not a tenth of its point\'s lr', (d) => { d.suggestions.minimum.lr = d.points[d.suggestions.minimum.index].lr; }, 'suggestions.minimum.lr'],
    ['belowStartLr that is not true', (d) => { d.suggestions.minimum.belowStartLr = true; }, 'suggestions.minimum.belowStartLr'],
    ['completed with stopReason nan', (d) => { d.stopReason = 'nan'; }, 'stopReason'],
    ['running with a stopReason', (d) => { d.status = 'running'; }, 'stopReason'],
    ['smoothedLoss null beside a finite loss', (d) => { d.points[7].smoothedLoss = null; }, 'points.7.smoothedLoss'],
    ['a finite smoothedLoss beside a null loss', (d) => { d.points[7].loss = null; }, 'points.7.smoothedLoss'],
    ['updatedAt before createdAt', (d) => { d.updatedAt = '2020-01-01T00:00:00.000Z'; }, 'updatedAt'],
    ['negative msPerStep', (d) => { d.timing.msPerStep = -1; }, 'timing.msPerStep'],
    ['meta.__proto__', (d) => { d.meta = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}'); }, 'meta.__proto__'],
    ['a __proto__ in optimizer.config', (d) => { d.optimizer = { name: 'x', config: JSON.parse('{"__proto__": 1}') }; }, 'optimizer.config.__proto__'],
    ['a BigInt in meta', (d) => { d.meta = { n: 10n }; }, 'meta.n'],
    ['a function in meta', (d) => { d.meta = { f: () => 1 }; }, 'meta.f'],
    ['a cycle in meta', (d) => { d.meta = { a: {} }; d.meta.a.b = d.meta; }, 'meta.a.b'],
    ['meta nested 5,000 deep', (d) => { let o: Doc = {}; d.meta = { deep: o }; for (let i = 0; i < 5000; i++) o = o.x = {}; }, 'meta.deep.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x'],
    ['meta with too many values', (d) => { d.meta = { list: new Array(20_000).fill(1) }; }, 'meta.list.9998'], // meta itself and list count: item 9998 is value 10,001,
    ['a Date in meta', (d) => { d.meta = { at: new Date(0) }; }, 'meta.at'],
  ])('%s', (_name, mutate, field) => {
    const r = safeParseRun(edit(mutate));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(RunFormatError);
      expect(r.error.field).toBe(field);
      expect(r.error.message.startsWith(`${field}: `)).toBe(true);
    }
  });

  it('the unchanged record is accepted (so each refusal above is the edit\'s)', () => {
    expect(safeParseRun(base).ok).toBe(true);
    expect(safeParseRun(JSON.stringify(base)).ok).toBe(true);
  });

  it('serializeRun throws RunFormatError, never a TypeError or a stack overflow, on such meta', () => {
    const meta: Doc = {};
    meta.self = meta;
    expect(() => serializeRun({ ...base, meta } as RunRecord)).toThrow(RunFormatError);
    expect(() => serializeRun({ ...base, meta: { n: 1n } } as unknown as RunRecord)).toThrow(RunFormatError);
  });

  it('plain objects made in another realm (a worker, a vm context) are plain JSON too', () => {
    const foreign = runInNewContext('({ config: { beta1: 0.9 }, meta: { host: "x", list: [1, { a: null }] } })');
    expect(Object.getPrototypeOf(foreign.meta)).not.toBe(Object.prototype);
    const r = safeParseRun({ ...base, optimizer: { name: 'adam', config: foreign.config }, meta: foreign.meta });
    expect(r.ok || r.error.message).toBe(true);
    expect(safeParseRun({ ...base, meta: { d: runInNewContext('new Date(0)') } })).toMatchObject({ ok: false, error: { field: 'meta.d' } });
  });

  it('safeParseRun never throws, even on values whose fields throw when read', () => {
    const hostile = new Proxy(structuredClone(base), { get: (t, k) => { if (k === 'points') throw new Error('boom'); return Reflect.get(t, k); } });
    const r = safeParseRun(hostile);
    expect(r.ok).toBe(false);
    for (const v of [undefined, null, 1, 'x', Symbol('s'), 10n, () => 1, Object.create(null)]) expect(() => safeParseRun(v)).not.toThrow();
  });

  it('refuses a file above the documented size before parsing it', () => {
    const big = JSON.stringify(base).padEnd(RUN_FILE_LIMITS.maxChars + 1, ' ');
    const r = safeParseRun(big);
    expect(r.ok || r.error.message).toBe(`run: too large: ${RUN_FILE_LIMITS.maxChars + 1} characters; a run file holds at most ${RUN_FILE_LIMITS.maxChars} (RUN_FILE_LIMITS.maxChars)`);
    const many = edit((d) => {
      d.config.numIter = 10_000_000;
      d.points = new Array(RUN_FILE_LIMITS.maxPoints + 1).fill(d.points[0]);
    });
    const p = safeParseRun(many);
    expect(p.ok || p.error.field).toBe('points');
  });
});

describe('run files written by earlier CLI versions are still read', () => {
  const dir = join(__dirname, 'fixtures', 'run-files');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it('keeps fixtures from more than one CLI version', () => {
    expect(new Set(files.map((f) => f.split('-')[1])).size).toBeGreaterThanOrEqual(2);
  });
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const r = safeParseRun(text);
    expect(r.ok || r.error.message).toBe(true);
    if (r.ok) expect(JSON.parse(serializeRun(r.run))).toEqual(JSON.parse(text));
  });
});
