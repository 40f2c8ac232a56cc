// GET one group of repeats: ?format=json (the group file) | svg (median curve with its band,
// rendered by @lrfinder/plotting/svg's renderBandSvg).
import { readGroupFile } from '../../../../server/group-store';
import { runsDir } from '../../../../server/repo-root';
import { refFromSegments, UnsafePathError } from '../../../../server/safe-path';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'svg') return Response.json({ error: `unknown format ${JSON.stringify(format)}: use json or svg` }, { status: 400 });
  let read;
  try {
    read = await readGroupFile(runsDir(), refFromSegments(path));
  } catch (e) {
    if (e instanceof UnsafePathError) return Response.json({ error: e.message }, { status: 400 });
    throw e;
  }
  if (!read.ok) return Response.json({ error: read.reason }, { status: read.status });
  if (format === 'json') return Response.json(read.group, { headers: { 'cache-control': 'no-cache' } });
  try {
    const { renderBandSvg } = await import('../../../../server/svg');
    return new Response(renderBandSvg(read.group), { headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-cache' } });
  } catch (e) {
    const status = (e as Error).name === 'SvgUnavailableError' ? 501 : 500;
    return Response.json({ error: `could not render the band: ${(e as Error).message}` }, { status });
  }
}
