// GET /api/runs/<id> and /api/runs/<sweepId>/<id>: the run file (json), its points (csv) or its
// charts (svg, delta-svg, rendered by @lrfinder/plotting/svg). ETag = hash of the file, so a
// poller (the live run view) gets 304 until the file changes.
import { etagOf } from './etag';
import { readRun } from './run-store';
import { refFromSegments, UnsafePathError, type RunRef } from './safe-path';
import { runAgeMs } from '../lib/stale';
import { runToCsv } from './csv';

export const RUN_FORMATS = ['json', 'csv', 'svg', 'delta-svg'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

const TYPES: Record<RunFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  'delta-svg': 'image/svg+xml; charset=utf-8',
};
const EXTENSIONS: Record<RunFormat, string> = { json: 'json', csv: 'csv', svg: 'svg', 'delta-svg': 'delta.svg' };

function error(status: number, reason: string): Response {
  return Response.json({ error: reason }, { status, headers: { 'cache-control': 'no-store' } });
}

/** Matches If-None-Match (a list, weak or strong) against an ETag. */
function notModified(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

async function render(format: RunFormat, run: Parameters<typeof runToCsv>[0], text: string, sma: number): Promise<string> {
  switch (format) {
    case 'json':
      return text;
    case 'csv':
      return runToCsv(run);
    case 'svg': {
      const { renderLossSvg } = await import('./svg');
      return renderLossSvg(run);
    }
    case 'delta-svg': {
      const { renderLossDeltaSvg } = await import('./svg');
      return renderLossDeltaSvg(run, { sma });
    }
  }
}

/** The response for one run request in the runs folder `dir`. Never throws. */
export async function runResponse(request: Request, dir: string, segments: readonly string[]): Promise<Response> {
  let ref: RunRef;
  try {
    ref = refFromSegments(segments);
  } catch (e) {
    if (e instanceof UnsafePathError) return error(400, e.message);
    throw e;
  }
  const url = new URL(request.url);
  const format = (url.searchParams.get('format') ?? 'json') as RunFormat;
  if (!RUN_FORMATS.includes(format)) return error(400, `unknown format ${JSON.stringify(format)}: use one of ${RUN_FORMATS.join(', ')}`);
  const smaParam = url.searchParams.get('sma');
  const sma = smaParam === null ? 20 : Number(smaParam);
  if (!Number.isInteger(sma) || sma < 1 || sma > 1000) return error(400, 'sma must be an integer in 1..1000');

  const read = await readRun(dir, ref);
  if (!read.ok) return error(read.status, read.reason);
  const etag = etagOf(read.text, `${format}${format === 'delta-svg' ? sma : ''}`);
  const headers: Record<string, string> = {
    etag,
    'cache-control': 'no-cache',
    'last-modified': new Date(read.mtimeMs).toUTCString(),
    // How long ago the run was last written, by the server's clock (a poller decides from it
    // whether a running run stalled, whatever its own clock says).
    'x-run-age-ms': String(Math.round(runAgeMs(read.run.updatedAt, read.mtimeMs, Date.now()))),
  };
  if (notModified(request, etag)) return new Response(null, { status: 304, headers });
  let body: string;
  try {
    body = await render(format, read.run, read.text, sma);
  } catch (e) {
    const status = (e as Error).name === 'SvgUnavailableError' ? 501 : 500;
    return error(status, `could not render ${format}: ${(e as Error).message}`);
  }
  headers['content-type'] = TYPES[format];
  if (url.searchParams.has('download')) {
    headers['content-disposition'] = `attachment; filename="${read.run.id}.${EXTENSIONS[format]}"`;
  }
  return new Response(body, { status: 200, headers });
}
