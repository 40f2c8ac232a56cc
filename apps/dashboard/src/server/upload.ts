// POST /api/runs: one or more run files as multipart/form-data (field `file`, repeated) or as
// JSON (one run record or an array of them). Limited in total size and in count; every file
// gets its own verdict.
import { BodyTooLargeError, readBodyLimited } from './body';
import { MAX_UPLOAD_FILE_BYTES, storeRun, type StoreResult } from './store-run';

/** Limits of one upload request. */
export interface UploadLimits {
  /** @default 20 */
  maxFiles: number;
  /** Per file. @default 5 MiB */
  maxFileBytes: number;
  /** Whole request. @default 25 MiB */
  maxRequestBytes: number;
}

export const UPLOAD_LIMITS: UploadLimits = {
  maxFiles: 20,
  maxFileBytes: MAX_UPLOAD_FILE_BYTES,
  maxRequestBytes: 25 * 1024 * 1024,
};

export interface UploadVerdict {
  name: string;
  result: StoreResult;
}

export interface UploadResponseBody {
  stored: { name: string; id: string; path: string }[];
  refused: { name: string; reason: string; field?: string; status: number }[];
  error?: string;
}

function refusal(status: number, error: string): Response {
  return Response.json({ stored: [], refused: [], error } satisfies UploadResponseBody, { status });
}

/** Splits the request into named texts, or a Response when the request itself is refused. */
async function filesOf(request: Request, limits: UploadLimits): Promise<{ name: string; text: string }[] | Response> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyLimited(request, limits.maxRequestBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return refusal(413, `upload too large: limit ${limits.maxRequestBytes} bytes per request`);
    throw e;
  }
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(bytes as BodyInit, { headers: { 'content-type': type } }).formData();
    } catch {
      return refusal(400, 'malformed multipart body');
    }
    const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
    if (files.length === 0) return refusal(400, 'no file: send run files in the form field "file"');
    if (files.length > limits.maxFiles) return refusal(413, `too many files: ${files.length} (limit ${limits.maxFiles} per upload)`);
    return Promise.all(files.map(async (f) => ({ name: f.name || 'run.json', text: await f.text() })));
  }
  const text = new TextDecoder().decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return Response.json(
      { stored: [], refused: [{ name: 'body', reason: `not JSON: ${(e as Error).message}`, status: 422 }] } satisfies UploadResponseBody,
      { status: 422 },
    );
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return refusal(400, 'empty list: nothing to store');
  if (list.length > limits.maxFiles) return refusal(413, `too many runs: ${list.length} (limit ${limits.maxFiles} per upload)`);
  return list.map((v, i) => ({
    name: typeof (v as { id?: unknown })?.id === 'string' ? `${(v as { id: string }).id}.json` : `run ${i + 1}`,
    text: JSON.stringify(v),
  }));
}

/** Handles an upload into `dir`: 201 when every file was stored, else the worst refusal's status. */
export async function handleUpload(request: Request, dir: string, limits: UploadLimits = UPLOAD_LIMITS): Promise<Response> {
  const files = await filesOf(request, limits);
  if (files instanceof Response) return files;
  const body: UploadResponseBody = { stored: [], refused: [] };
  for (const { name, text } of files) {
    const result = await storeRun(dir, text, limits.maxFileBytes);
    if (result.ok) body.stored.push({ name, id: result.id, path: result.path });
    else body.refused.push({ name, reason: result.reason, status: result.status, ...(result.field !== undefined ? { field: result.field } : {}) });
  }
  const status = body.refused.length === 0 ? 201 : body.stored.length > 0 ? 207 : Math.max(...body.refused.map((r) => r.status));
  return Response.json(body, { status });
}
