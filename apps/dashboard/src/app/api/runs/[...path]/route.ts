// GET one run: ?format=json|csv|svg|delta-svg, &download for an attachment, ETag/304 for polling.
// DELETE: archive it (the server's gate has checked the token, origin and read-only mode).
import { archiveRun } from '../../../../server/archive-run';
import { runsDir } from '../../../../server/repo-root';
import { runResponse } from '../../../../server/run-response';
import { refFromSegments, UnsafePathError } from '../../../../server/safe-path';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  return runResponse(request, runsDir(), path);
}

export async function DELETE(_request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  try {
    const result = await archiveRun(runsDir(), refFromSegments(path));
    if (!result.ok) return Response.json({ error: result.reason }, { status: result.status });
    return Response.json({ archived: result.path, as: result.archivedAs });
  } catch (e) {
    if (e instanceof UnsafePathError) return Response.json({ error: e.message }, { status: 400 });
    throw e;
  }
}
