// GET /api/tfjs-wasm/<file>.wasm: the tfjs wasm backend's binaries.
import { wasmResponse } from '../../../../server/wasm-files';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  return wasmResponse((await context.params).file);
}
