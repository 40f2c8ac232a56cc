// The dashboard's HTTP server: Next.js behind our front door (http-gate.cjs). Binds loopback
// unless told otherwise, answers what the gate refuses itself, adds the security headers (the
// policy's nonce goes to Next.js as a request header: it puts it on its scripts), and forces
// the status of pages that are wrong: those the gate knows (an invalid run path is a 400) and
// those a page finds out (src/server/page-status.ts: a symlink out of the folder).
import http from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { gate } = require('./http-gate.cjs');

/** Each request's status slot; pages write it through src/server/page-status.ts. */
const pageStatus = new AsyncLocalStorage();
globalThis[Symbol.for('lrfinder.pageStatus')] = pageStatus;

/**
 * Starts Next.js (production build of `dir`) on `host:port`; resolves with the server once it
 * listens. `access` is http-gate's writeAccess(); pages read its mode from LRFINDER_WRITES.
 * @param {{ dir: string, host: string, port: number, access: { mode: string, token: string | null } }} options
 */
export async function serve({ dir, host, port, access }) {
  process.env.NODE_ENV ??= 'production';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  process.env.LRFINDER_WRITES = access.mode;
  const next = require('next');
  const app = next({ dev: false, dir, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const config = { host, access };
  const server = http.createServer((req, res) => {
    let verdict;
    try {
      verdict = gate(req, config);
    } catch (e) {
      verdict = { refuse: { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: `bad request: ${e.message}` }) } };
    }
    if (verdict.refuse) {
      const { status, headers, body } = verdict.refuse;
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      req.resume();
      return;
    }
    for (const [k, v] of Object.entries(verdict.headers)) res.setHeader(k, v);
    // Next.js reads the nonce of its scripts from the request's policy (never the client's own).
    delete req.headers['content-security-policy-report-only'];
    req.headers['content-security-policy'] = verdict.headers['content-security-policy'];
    // Next.js renders the page (with its message); a status the gate or the page set is ours.
    const slot = { status: verdict.status ?? null };
    const writeHead = res.writeHead;
    res.writeHead = function (code, ...rest) {
      return writeHead.call(this, code === 200 && slot.status ? slot.status : code, ...rest);
    };
    pageStatus.run(slot, () => handle(req, res)).catch((e) => {
      console.error('dashboard: request failed', e);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal error' }));
      } else res.end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  return server;
}
