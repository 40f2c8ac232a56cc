// GET /api/tfjs-wasm/<file>: the tfjs wasm backend's binaries and its threaded factory script.
import { wasmResponse } from '../../../../server/wasm-files';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  return wasmResponse((await context.params).file);
}
