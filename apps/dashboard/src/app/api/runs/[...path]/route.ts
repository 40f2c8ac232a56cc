// GET one run: ?format=json|csv|svg|delta-svg, &download for an attachment, ETag/304 for polling.
import { runsDir } from '../../../../server/repo-root';
import { runResponse } from '../../../../server/run-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  return runResponse(request, runsDir(), path);
}
