// The server's front door (scripts/http-gate.cjs) decided request by request; the HTTP suite
// (e2e/http.e2e.test.ts) tries the same over the wire against the started server.
import { ID_PATTERN as SAFE_ID } from '../safe-path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gateLib = require('../../../scripts/http-gate.cjs') as typeof import('../../../scripts/http-gate.cjs');
const { gate, writeAccess, isLoopback, ID_PATTERN } = gateLib;

type Headers = Record<string, string>;
const req = (method: string, url: string, headers: Headers = {}) => ({ method, url, headers: { host: '127.0.0.1:3000', ...headers } });
const open = { host: '127.0.0.1', access: writeAccess({ host: '127.0.0.1' }) };
const tokened = { host: '0.0.0.0', access: writeAccess({ host: '0.0.0.0', token: 's3cret' }) };
const json = { 'content-type': 'application/json' };

test('the gate and the route handlers share one id rule', () => {
  expect(ID_PATTERN.source).toBe(SAFE_ID.source);
});

test('write access: loopback is open, exposed needs a token (given or generated), read-only is off', () => {
  expect(writeAccess({ host: '127.0.0.1' })).toEqual({ mode: 'open', token: null, generated: false });
  expect(writeAccess({ host: '::1' }).mode).toBe('open');
  expect(writeAccess({ host: 'localhost', token: 't' })).toEqual({ mode: 'token', token: 't', generated: false });
  const generated = writeAccess({ host: '0.0.0.0' });
  expect(generated.mode).toBe('token');
  expect(generated.generated).toBe(true);
  expect(generated.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(writeAccess({ host: '0.0.0.0' }).token).not.toBe(generated.token);
  expect(writeAccess({ host: '0.0.0.0', readOnly: true, token: 't' }).mode).toBe('off');
  expect(isLoopback('127.0.0.2')).toBe(true);
  expect(isLoopback('[::1]')).toBe(true);
  expect(isLoopback('0.0.0.0')).toBe(false);
  expect(isLoopback('192.168.1.4')).toBe(false);
});

test('methods other than GET, HEAD, POST and DELETE answer 405 with Allow', () => {
  for (const m of ['TRACE', 'PUT', 'PATCH', 'OPTIONS', 'CONNECT', 'PROPFIND']) {
    const v = gate(req(m, '/api/runs'), open);
    expect(v.refuse?.status).toBe(405);
    expect(v.refuse?.headers.allow).toBe('GET, HEAD, POST, DELETE');
  }
  expect(gate(req('POST', '/runs/x', json), open).refuse?.status).toBe(405);
  expect(gate(req('DELETE', '/api/runs', json), open).refuse?.status).toBe(405);
  expect(gate(req('GET', '/api/runs'), open).refuse).toBeUndefined();
});

test('malformed percent-encodings and NUL in the path are 400', () => {
  expect(gate(req('GET', '/api/runs/%E0%A4%A'), open).refuse?.status).toBe(400);
  expect(gate(req('GET', '/runs/%'), open).refuse?.status).toBe(400);
  expect(gate(req('GET', '/runs/a%00b'), open).refuse?.status).toBe(400);
  // The query is Next's business (URLSearchParams is lenient).
  expect(gate(req('GET', '/compare?runs=%E0'), open).refuse).toBeUndefined();
});

test('run pages with an invalid path get status 400 (the page still renders its reason)', () => {
  expect(gate(req('GET', '/runs/..%2Fetc'), open).status).toBe(400);
  expect(gate(req('GET', '/runs/a/b/c'), open).status).toBe(400);
  expect(gate(req('GET', '/runs/.hidden'), open).status).toBe(400);
  expect(gate(req('GET', '/runs/'), open).status).toBe(400);
  expect(gate(req('GET', '/runs/sweep-1/bs-32'), open).status).toBeUndefined();
  expect(gate(req('GET', '/runs/sgd.json'), open).status).toBeUndefined();
});

test('a loopback server answers loopback Host names only (DNS rebinding)', () => {
  expect(gate(req('GET', '/', { host: 'evil.example:3000' }), open).refuse?.status).toBe(421);
  expect(gate(req('GET', '/', { host: 'localhost:3000' }), open).refuse).toBeUndefined();
  expect(gate(req('GET', '/', { host: '[::1]:3000' }), open).refuse).toBeUndefined();
  expect(gate(req('GET', '/', { host: 'team-box:3000' }), tokened).refuse).toBeUndefined();
});

test('cross-site writes are refused: Sec-Fetch-Site, Origin, and no form content type', () => {
  const post = (headers: Headers, config = open) => gate(req('POST', '/api/runs', headers), config).refuse?.status;
  expect(post({ ...json, 'sec-fetch-site': 'cross-site' })).toBe(403);
  expect(post({ ...json, 'sec-fetch-site': 'same-site' })).toBe(403);
  expect(post({ ...json, origin: 'https://evil.example' })).toBe(403);
  expect(post({ ...json, origin: 'null' })).toBe(403);
  expect(post({ ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
  // What an HTML form can send: text/plain and urlencoded are refused whatever else.
  expect(post({ 'content-type': 'text/plain' })).toBe(415);
  expect(post({ 'content-type': 'application/x-www-form-urlencoded' })).toBe(415);
  expect(post({})).toBe(415);
  expect(post({ 'content-type': 'multipart/form-data; boundary=x' })).toBeUndefined();
  expect(post({ 'content-type': 'application/json; charset=utf-8' })).toBeUndefined();
  expect(post({ 'content-type': 'application/jsonx' })).toBe(415);
});

test('an exposed server wants the token in a header for every write; reads need none', () => {
  const host = { host: 'team-box:3000' };
  expect(gate(req('POST', '/api/runs', { ...host, ...json }), tokened).refuse?.status).toBe(401);
  expect(gate(req('POST', '/api/runs', { ...host, ...json, 'x-lrfinder-token': 'nope' }), tokened).refuse?.status).toBe(401);
  expect(gate(req('POST', '/api/runs', { ...host, ...json, 'x-lrfinder-token': 's3cret' }), tokened).refuse).toBeUndefined();
  expect(gate(req('DELETE', '/api/runs/sw/a', { ...host, authorization: 'Bearer s3cret' }), tokened).refuse).toBeUndefined();
  expect(gate(req('DELETE', '/api/runs/a', host), tokened).refuse?.status).toBe(401);
  expect(gate(req('GET', '/api/runs', host), tokened).refuse).toBeUndefined();
  const off = { host: '0.0.0.0', access: writeAccess({ host: '0.0.0.0', readOnly: true }) };
  expect(gate(req('POST', '/api/runs', { ...host, ...json, 'x-lrfinder-token': 's3cret' }), off).refuse?.status).toBe(403);
  expect(gate(req('GET', '/', host), off).refuse).toBeUndefined();
});

test('every answer carries the security headers; the sweep page and its scripts are cross-origin isolated', () => {
  const page = gate(req('GET', '/'), open).headers!;
  expect(page['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(page['x-content-type-options']).toBe('nosniff');
  expect(page['cross-origin-opener-policy']).toBeUndefined();
  const sweep = gate(req('GET', '/sweep'), open).headers!;
  expect(sweep['cross-origin-opener-policy']).toBe('same-origin');
  expect(sweep['cross-origin-embedder-policy']).toBe('require-corp');
  expect(gate(req('GET', '/_next/static/chunks/a.js'), open).headers!['cross-origin-embedder-policy']).toBe('require-corp');
  const refused = gate(req('TRACE', '/'), open).refuse!;
  expect(refused.headers['x-content-type-options']).toBe('nosniff');
});

test('the policy allows scripts by a fresh nonce per answer, never by unsafe-inline', () => {
  const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.split(/\s+/)[0] === name) ?? '';
  const a = gate(req('GET', '/'), open);
  const b = gate(req('GET', '/'), open);
  const scripts = directive(a.headers!['content-security-policy'], 'script-src');
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).toContain(`'nonce-${a.nonce}'`);
  expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(b.nonce).not.toBe(a.nonce);
  // Style attributes (React, Nivo) only: <style> elements need the nonce.
  expect(directive(a.headers!['content-security-policy'], 'style-src')).not.toContain("'unsafe-inline'");
  expect(directive(a.headers!['content-security-policy'], 'style-src-attr')).toBe("style-src-attr 'unsafe-inline'");
  // Refusals carry a policy too.
  expect(gate(req('TRACE', '/'), open).refuse!.headers['content-security-policy']).toContain("script-src 'self' 'nonce-");
});
