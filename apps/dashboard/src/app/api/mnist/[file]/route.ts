// GET /api/mnist/train-images?count=N and /api/mnist/train-labels?count=N (IDX bytes).
import { mnistResponse } from '../../../../server/mnist';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  return mnistResponse(request, (await context.params).file);
}
