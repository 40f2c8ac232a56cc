// GET: every run of the runs folder (summaries + error rows). POST: upload run files.
import { listRuns } from '../../../server/run-store';
import { runsDir } from '../../../server/repo-root';
import { handleUpload } from '../../../server/upload';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return Response.json(await listRuns(runsDir()), { headers: { 'cache-control': 'no-store' } });
}

export async function POST(request: Request): Promise<Response> {
  return handleUpload(request, runsDir());
}
