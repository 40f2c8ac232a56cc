// The dashboard's front door: every request passes here before Next.js sees it (scripts/serve.mjs).
// One place decides what a request may do, so the route handlers stay plain file access:
// methods, malformed URLs, DNS rebinding on loopback, cross-site and token checks on writes,
// read-only mode, and the security headers of every answer. Plain CommonJS so both the server
// (ESM) and the jest tests (TypeScript) load it as it is.
'use strict';
const crypto = require('node:crypto');

/** The run-file id rule of lrfinder.run/v1 (src/server/safe-path.ts ID_PATTERN; a test keeps them equal). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const READ_METHODS = ['GET', 'HEAD'];
const WRITE_METHODS = ['POST', 'DELETE'];
const ALLOWED_METHODS = [...READ_METHODS, ...WRITE_METHODS];
/** Where writes may go: the upload (POST /api/runs) and one run (DELETE /api/runs/<path>). */
const WRITE_ROUTES = { POST: /^\/api\/runs\/?$/, DELETE: /^\/api\/runs\/[^/]+(\/[^/]+)?\/?$/ };
/** The header that carries the token (a custom header: no HTML form can send one). */
const TOKEN_HEADER = 'x-lrfinder-token';

/** Hosts that mean "this machine only". */
function isLoopback(host) {
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The host part of a Host header (`[::1]:3000` -> `::1`, `a.b:80` -> `a.b`). */
function hostOf(header) {
  const value = String(header || '').trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']'));
  return value.split(':')[0];
}

/**
 * How writes are allowed, from the bind address and the environment.
 * @param {{ host: string, token?: string, readOnly?: boolean }} options
 * @returns {{ mode: 'open' | 'token' | 'off', token: string | null, generated: boolean }}
 *   `open`: loopback without LRFINDER_TOKEN (still same-origin only); `token`: the token is
 *   needed; `off`: read-only.
 */
function writeAccess({ host, token, readOnly }) {
  if (readOnly) return { mode: 'off', token: null, generated: false };
  if (token) return { mode: 'token', token, generated: false };
  if (isLoopback(host)) return { mode: 'open', token: null, generated: false };
  return { mode: 'token', token: crypto.randomBytes(24).toString('base64url'), generated: true };
}

function sameSecret(a, b) {
  const x = crypto.createHash('sha256').update(String(a)).digest();
  const y = crypto.createHash('sha256').update(String(b)).digest();
  return crypto.timingSafeEqual(x, y);
}

/** The token a request carries: `X-LRFinder-Token: t` or `Authorization: Bearer t`. */
function tokenOf(headers) {
  const direct = headers[TOKEN_HEADER];
  if (typeof direct === 'string' && direct) return direct;
  const auth = headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  return m ? m[1] : null;
}

/** A fresh nonce for one answer's scripts (128 random bits). */
function newNonce() {
  return crypto.randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy of one answer. Next.js streams its data in inline <script> tags:
 * they run because they carry this answer's nonce (serve.mjs hands the policy to Next.js as a
 * request header, from which it reads the nonce), never through 'unsafe-inline'.
 * 'wasm-unsafe-eval': tfjs' wasm backend compiles WebAssembly. blob: the pthread workers of
 * tfjs' threaded wasm start from blob URLs and importScripts blobs.
 */
function cspFor(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval' blob:`,
    // <style> elements need the nonce too. style="" attributes cannot carry one, and React and
    // Nivo position and colour with them (widths, transforms, swatches, tooltips): those, and
    // only those, are allowed inline (style-src-attr).
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers of every answer (the policy is added per answer, with its nonce). */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Cross-origin isolation for the pages that run sweeps (browser wasm gets threads only there),
 * and for the scripts and binaries their workers load.
 */
function isolated(pathname) {
  return pathname === '/sweep' || pathname.startsWith('/sweep/') || pathname.startsWith('/_next/static/') || pathname.startsWith('/api/tfjs-wasm/');
}

function headersFor(pathname, nonce) {
  const headers = { ...SECURITY_HEADERS, 'content-security-policy': cspFor(nonce) };
  return isolated(pathname) ? { ...headers, 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : headers;
}

function refuse(status, error, extra = {}) {
  return { status, body: JSON.stringify({ error }), headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra } };
}

/** Decodes every path segment once; null when one is malformed (`%E0%A4%A`). */
function decodePath(pathname) {
  try {
    return pathname.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** True for `/runs/<id>` and `/runs/<sweepId>/<id>` with ids the run-file rule accepts. */
function validRunPagePath(segments) {
  const rest = segments.slice(2).filter((s, i, all) => !(s === '' && i === all.length - 1));
  if (rest.length < 1 || rest.length > 2) return false;
  return rest.every((s, i) => ID_PATTERN.test(i === rest.length - 1 ? s.replace(/\.json$/, '') : s));
}

/**
 * What to do with one request, before Next.js: `{ refuse }` (answer it here), or `{ headers,
 * nonce, status? }` (headers to add; `nonce`: the one in the answer's policy, which Next.js must
 * put on its scripts; `status` forces the page's status, e.g. 400 for an invalid run path whose
 * page Next.js renders).
 * @param {{ method?: string, url?: string, headers: Record<string, string | string[] | undefined> }} req
 * @param {{ host: string, access: ReturnType<typeof writeAccess> }} config
 */
function gate(req, config) {
  const method = String(req.method || '').toUpperCase();
  const raw = String(req.url || '/');
  const pathname = raw.split('?')[0] || '/';
  const nonce = newNonce();
  const headers = headersFor(pathname, nonce);
  const no = (status, error, extra) => ({ refuse: refuse(status, error, { ...headers, ...extra }) });

  if (!ALLOWED_METHODS.includes(method)) return no(405, `method ${method} not allowed: use ${ALLOWED_METHODS.join(', ')}`, { allow: ALLOWED_METHODS.join(', ') });
  // A page of another site that makes a name resolve to 127.0.0.1 (DNS rebinding) still sends
  // its own name as Host: a loopback server answers loopback names only.
  if (isLoopback(config.host) && !isLoopback(hostOf(req.headers.host))) {
    return no(421, `host ${JSON.stringify(String(req.headers.host || ''))} not served: this dashboard listens on ${config.host} (use --host to expose it)`);
  }
  const segments = decodePath(pathname);
  if (!segments) return no(400, 'malformed percent-encoding in the URL path');
  if (segments.some((s) => s.includes('\0'))) return no(400, 'NUL in the URL path');

  if (WRITE_METHODS.includes(method)) {
    if (!WRITE_ROUTES[method].test(pathname)) return no(405, `${method} is not allowed on ${pathname}`, { allow: 'GET, HEAD' });
    const access = config.access;
    if (access.mode === 'off') return no(403, 'this dashboard is read-only: uploads and deletes are turned off');
    const site = req.headers['sec-fetch-site'];
    if (site && site !== 'same-origin' && site !== 'none') return no(403, `cross-site write refused (Sec-Fetch-Site: ${site})`);
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let originHost = null;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        /* refused below */
      }
      if (originHost !== String(req.headers.host || '').toLowerCase()) return no(403, `cross-site write refused (Origin: ${origin})`);
    } else if (origin === 'null') return no(403, 'cross-site write refused (Origin: null)');
    if (method === 'POST') {
      const type = String(req.headers['content-type'] || '').toLowerCase();
      if (!/^application\/json\s*(;|$)/.test(type) && !/^multipart\/form-data\s*;/.test(type)) {
        return no(415, `content type ${JSON.stringify(type || '(none)')} refused: send application/json or multipart/form-data`);
      }
    }
    if (access.mode === 'token') {
      const given = tokenOf(req.headers);
      if (!given) return no(401, `a token is needed to write: send it in the ${TOKEN_HEADER} header (the server printed it at start, or LRFINDER_TOKEN)`);
      if (!sameSecret(given, access.token)) return no(401, 'wrong token');
    }
  }

  if (segments[1] === 'runs' && !validRunPagePath(segments)) return { headers, nonce, status: 400 };
  return { headers, nonce };
}

module.exports = { gate, writeAccess, isLoopback, cspFor, ID_PATTERN, TOKEN_HEADER, SECURITY_HEADERS, ALLOWED_METHODS };
