/**
 * The started dashboard over HTTP (scripts/start.mjs, the built app): bind address, token,
 * a cross-site form, methods, encodings, traversal, symlinks, sizes, headers, and the status of
 * error pages. Three servers: the default (loopback), an exposed one (generated token), a
 * read-only one.
 */
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { serializeRun } from '@lrfinder/core';
import { FIXTURE, writeFixtureFolder } from '../src/testing/fixture-folder';
import { fixtureRun } from '../src/testing/fixtures';
import { raw } from './http';
import { startApp, type RunningApp } from './server';

const START_TIMEOUT = 15 * 60_000;
let root: string;
let dir: string;
let app: RunningApp;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lrf-http-'));
  dir = path.join(root, 'runs');
  await writeFixtureFolder(dir);
  await fs.writeFile(path.join(root, 'secret.json'), serializeRun(await fixtureRun({ id: 'leak', label: 'SECRET-OUTSIDE' })));
  await fs.symlink(path.join(root, 'secret.json'), path.join(dir, 'leak.json'));
  await fs.symlink(path.join(root, 'secret.json'), path.join(dir, 'leak.group.json'));
  app = await startApp(dir, START_TIMEOUT);
}, START_TIMEOUT + 30_000);

afterAll(async () => {
  await app?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
}, 30_000);

/** A non-loopback IPv4 address of this machine, if it has one. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(3000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const origin = () => ({ origin: app.base, 'sec-fetch-site': 'same-origin' });

test('by default it listens on loopback only and says how to expose it', async () => {
  expect(app.log()).toMatch(new RegExp(`listening on http://127\\.0\\.0\\.1:${app.port}`));
  expect(app.log()).toContain('--host 0.0.0.0 exposes it');
  expect(await connects('127.0.0.1', app.port)).toBe(true);
  const lan = lanAddress();
  if (lan) expect(await connects(lan, app.port)).toBe(false);
  else console.log('no non-loopback interface on this machine: the LAN connect check was skipped');
  // DNS rebinding: another name resolving here is not served.
  expect((await raw(app.port, 'GET', '/api/runs', { host: `evil.example:${app.port}` })).status).toBe(421);
});

test('a cross-site form cannot plant a run (text/plain, urlencoded, multipart from another origin)', async () => {
  const run = JSON.stringify(await fixtureRun({ id: 'planted' }));
  const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
  const plain = await raw(app.port, 'POST', '/api/runs', { ...evil, 'content-type': 'text/plain' }, run);
  expect(plain.status).toBe(403);
  // Even without the browser's cross-site headers, text/plain is never taken.
  expect((await raw(app.port, 'POST', '/api/runs', { 'content-type': 'text/plain' }, run)).status).toBe(415);
  expect((await raw(app.port, 'POST', '/api/runs', { 'content-type': 'application/x-www-form-urlencoded' }, `a=${encodeURIComponent(run)}`)).status).toBe(415);
  const boundary = 'XyZ';
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.json"\r\nContent-Type: application/json\r\n\r\n${run}\r\n--${boundary}--\r\n`;
  expect((await raw(app.port, 'POST', '/api/runs', { ...evil, 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart)).status).toBe(403);
  await expect(fs.stat(path.join(dir, 'planted.json'))).rejects.toThrow();
  // The same multipart upload from the dashboard's own page is stored.
  const own = await raw(app.port, 'POST', '/api/runs', { ...origin(), 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart);
  expect(own.status).toBe(201);
  expect((await fs.stat(path.join(dir, 'planted.json'))).isFile()).toBe(true);
});

test('methods and encodings: TRACE and PUT are 405, malformed percent-encodings 400, never 500', async () => {
  for (const m of ['TRACE', 'PUT', 'PATCH', 'OPTIONS']) {
    const res = await raw(app.port, m, '/api/runs');
    expect([m, res.status]).toEqual([m, 405]);
    expect(res.headers.allow).toBe('GET, HEAD, POST, DELETE');
  }
  for (const p of ['/api/runs/%E0%A4%A', '/runs/%E0%A4%A', '/%', '/api/runs/a%00b']) {
    expect([p, (await raw(app.port, 'GET', p)).status]).toEqual([p, 400]);
  }
  expect((await raw(app.port, 'POST', '/runs/sgd', { 'content-type': 'application/json' }, '{}')).status).toBe(405);
});

test('error pages: an invalid run path is 400, a missing run 404, both saying so', async () => {
  const invalid = await raw(app.port, 'GET', '/runs/..%2F..%2Fetc%2Fpasswd');
  expect(invalid.status).toBe(400);
  expect(invalid.body).toContain('Invalid run path');
  const missing = await raw(app.port, 'GET', '/runs/no-such-run');
  expect(missing.status).toBe(404);
  expect(missing.body).toContain('Run not found');
  const ok = await raw(app.port, 'GET', `/runs/${FIXTURE.sgd}`);
  expect(ok.status).toBe(200);
  expect(ok.body).toMatch(/<title>SGD · lrfinder<\/title>/);
});

test('traversal and symlinks never leave the runs folder', async () => {
  for (const p of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2fsecret', '..%252Fsecret', 'a%5C..%5Csecret']) {
    const res = await raw(app.port, 'GET', `/api/runs/${p}`);
    expect([p, res.status]).toEqual([p, 400]);
  }
  const leak = await raw(app.port, 'GET', '/api/runs/leak');
  expect(leak.status).toBe(400);
  expect(leak.body).not.toContain('SECRET-OUTSIDE');
  // Its page: an invalid run path (400, like traversal), not a missing run.
  const page = await raw(app.port, 'GET', '/runs/leak');
  expect(page.status).toBe(400);
  expect(page.body).toContain('Invalid run path');
  expect(page.body).toContain('points outside the runs folder');
  expect(page.body).not.toContain('SECRET-OUTSIDE');
  const group = await raw(app.port, 'GET', '/groups/leak');
  expect(group.status).toBe(400);
  expect(group.body).toContain('Invalid group path');
  expect(group.body).not.toContain('SECRET-OUTSIDE');
  expect((await raw(app.port, 'DELETE', '/api/runs/leak', origin())).status).toBe(400);
  expect((await fs.stat(path.join(root, 'secret.json'))).isFile()).toBe(true);
});

test('sizes: a request over 25 MB is 413 and stores nothing', async () => {
  const res = await raw(app.port, 'POST', '/api/runs', { ...origin(), 'content-type': 'application/json' }, Buffer.alloc(26 * 1024 * 1024, 32));
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body).error).toMatch(/upload too large/);
});

test('security headers everywhere, cross-origin isolation on the sweep page, no server path in the list', async () => {
  const home = await raw(app.port, 'GET', '/');
  expect(home.status).toBe(200);
  expect(home.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  // Scripts by nonce: the page's inline scripts carry the nonce of its own answer's policy.
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(String(home.headers['content-security-policy']))![1];
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
  const inline = [...home.body.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((m) => m[1]);
  expect(inline.length).toBeGreaterThan(0);
  for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
  expect(home.headers['x-content-type-options']).toBe('nosniff');
  expect(home.headers['x-frame-options']).toBe('DENY');
  expect(home.body).not.toContain(dir);
  expect(home.body).not.toContain(root);
  expect((await raw(app.port, 'GET', '/api/runs')).body).not.toContain(root);
  const sweep = await raw(app.port, 'GET', '/sweep');
  expect(sweep.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(sweep.headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect((await raw(app.port, 'GET', '/api/runs/nope')).headers['x-content-type-options']).toBe('nosniff');
});

test('delete archives the run for whoever may write', async () => {
  await fs.writeFile(path.join(dir, 'doomed.json'), serializeRun(await fixtureRun({ id: 'doomed' })));
  expect((await raw(app.port, 'DELETE', '/api/runs/doomed', { origin: 'https://evil.example' })).status).toBe(403);
  const res = await raw(app.port, 'DELETE', '/api/runs/doomed', origin());
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body).archived).toBe('doomed');
  expect((await raw(app.port, 'GET', '/api/runs/doomed')).status).toBe(404);
  expect((await fs.readdir(path.join(dir, '.archive'))).some((n) => n.startsWith('doomed.'))).toBe(true);
});

describe('exposed (--host 0.0.0.0) and read-only servers', () => {
  test('exposed: a token is generated and printed, and every write needs it', async () => {
    const exposed = await startApp(dir, START_TIMEOUT, { args: ['--host', '0.0.0.0'] });
    try {
      const token = /writes need this token[^:]*: (\S+)/.exec(exposed.log())?.[1];
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const run = JSON.stringify(await fixtureRun({ id: 'with-token' }));
      const headers = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
      expect((await raw(exposed.port, 'POST', '/api/runs', headers, run)).status).toBe(401);
      expect((await raw(exposed.port, 'POST', '/api/runs', { ...headers, 'x-lrfinder-token': 'wrong' }, run)).status).toBe(401);
      expect((await raw(exposed.port, 'POST', '/api/runs', { ...headers, 'x-lrfinder-token': token! }, run)).status).toBe(201);
      expect((await raw(exposed.port, 'DELETE', '/api/runs/with-token')).status).toBe(401);
      expect((await raw(exposed.port, 'DELETE', '/api/runs/with-token', { authorization: `Bearer ${token}` })).status).toBe(200);
      // Reads need no token; any Host name is served once exposed.
      expect((await raw(exposed.port, 'GET', '/api/runs', { host: 'team-box' })).status).toBe(200);
      const lan = lanAddress();
      if (lan) expect(await connects(lan, exposed.port)).toBe(true);
      // The upload page asks for the token.
      expect((await raw(exposed.port, 'GET', '/upload')).body).toContain('data-testid="token"');
    } finally {
      await exposed.stop();
    }
  }, START_TIMEOUT);

  test('read-only: no write at all, even with the token; the pages say so', async () => {
    const ro = await startApp(dir, START_TIMEOUT, { args: ['--read-only'], env: { LRFINDER_TOKEN: 'tok' } });
    try {
      const run = JSON.stringify(await fixtureRun({ id: 'ro' }));
      const res = await raw(ro.port, 'POST', '/api/runs', { 'content-type': 'application/json', 'x-lrfinder-token': 'tok' }, run);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error).toMatch(/read-only/);
      expect((await raw(ro.port, 'DELETE', `/api/runs/${FIXTURE.sgd}`, { 'x-lrfinder-token': 'tok' })).status).toBe(403);
      expect((await raw(ro.port, 'GET', '/upload')).body).toContain('read-only');
      expect((await raw(ro.port, 'GET', `/runs/${FIXTURE.sgd}`)).body).not.toContain('data-testid="delete"');
    } finally {
      await ro.stop();
    }
  }, START_TIMEOUT);
});
