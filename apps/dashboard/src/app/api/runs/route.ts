// GET: every run of the runs folder (summaries + error rows). POST: upload run files (the
// server's gate has checked the token, origin, content type and read-only mode).
import { listRuns } from '../../../server/run-store';
import { publicListing } from '../../../server/public-listing';
import { runsDir } from '../../../server/repo-root';
import { handleUpload } from '../../../server/upload';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return Response.json(publicListing(await listRuns(runsDir())), { headers: { 'cache-control': 'no-store' } });
}

export async function POST(request: Request): Promise<Response> {
  return handleUpload(request, runsDir());
}
