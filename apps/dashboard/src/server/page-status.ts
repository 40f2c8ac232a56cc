// Why: a Next.js page can answer 404 (notFound()) and nothing else but 200, yet a run path that
// leads out of the runs folder (a symlink) is a bad request, 400, like traversal. The server
// (scripts/serve.mjs) runs every request inside an AsyncLocalStorage slot published under this
// symbol and applies the status a page puts there when the answer's head is written.
import type { AsyncLocalStorage } from 'node:async_hooks';

export const PAGE_STATUS_KEY = Symbol.for('lrfinder.pageStatus');

interface Slot {
  status: number | null;
}

/**
 * Makes the answer of the page being rendered `status` instead of 200. Returns false when no
 * server slot is there (`next dev`, tests calling the page directly): the status stays Next's.
 */
export function setPageStatus(status: number): boolean {
  const storage = (globalThis as Record<symbol, unknown>)[PAGE_STATUS_KEY] as AsyncLocalStorage<Slot> | undefined;
  const slot = storage?.getStore();
  if (!slot) return false;
  slot.status = status;
  return true;
}
