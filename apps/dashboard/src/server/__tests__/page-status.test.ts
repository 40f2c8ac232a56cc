// A page's status reaches the server's slot for its own request only (scripts/serve.mjs runs
// each request in one), and is a no-op without one.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PAGE_STATUS_KEY, setPageStatus } from '../page-status';

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[PAGE_STATUS_KEY];
});

test('without the server slot the status stays Next.js\' own', () => {
  expect(setPageStatus(400)).toBe(false);
});

test('each request gets the status its page set, and only that one', async () => {
  const storage = new AsyncLocalStorage<{ status: number | null }>();
  (globalThis as Record<symbol, unknown>)[PAGE_STATUS_KEY] = storage;
  const a = { status: null };
  const b = { status: null };
  await Promise.all([
    storage.run(a, async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(setPageStatus(400)).toBe(true);
    }),
    storage.run(b, async () => {
      await new Promise((r) => setTimeout(r, 1));
    }),
  ]);
  expect(a.status).toBe(400);
  expect(b.status).toBeNull();
});
