// Whether this server takes writes, as scripts/serve.mjs decided from the bind address and the
// environment (http-gate.cjs writeAccess): pages show or hide uploads, deletes and saves.

/** `open`: loopback, no token; `token`: writes need the token; `off`: read-only. */
export type WriteMode = 'open' | 'token' | 'off';

/** The mode of this process (`open` under `next dev`, which binds loopback). */
export function writeMode(env: Readonly<Record<string, string | undefined>> = process.env): WriteMode {
  const mode = env.LRFINDER_WRITES;
  return mode === 'token' || mode === 'off' ? mode : 'open';
}
