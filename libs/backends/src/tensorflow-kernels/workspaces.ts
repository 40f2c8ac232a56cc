// Tensors that belong beside a TF.js tensor without being one (a max pool's oneDNN workspace),
// kept under the TF.js tensor's dataId and freed with its data.
import { onDataFreed } from './patches';
import type { TfBackend } from './tf-ops';

interface Workspace {
  backend: TfBackend;
  /** The binding's tensor id. */
  id: number;
  /** What it was made for (input shape and pooling attributes); a mismatch is never used. */
  key: string;
}

const workspaces = new Map<object, Workspace>();

function release(dataId: object): void {
  const ws = workspaces.get(dataId);
  if (ws == null) return;
  workspaces.delete(dataId);
  ws.backend.binding.deleteTensor(ws.id);
}

/** Keeps the binding tensor `id` beside `dataId` until the backend frees that data. */
export function takeWorkspace(backend: TfBackend, dataId: object, id: number, key: string): void {
  onDataFreed(backend, release);
  release(dataId);
  workspaces.set(dataId, { backend, id, key });
}

/** The workspace kept beside `dataId` for `key`, or null. */
export function workspaceOf(dataId: object, key: string): number | null {
  const ws = workspaces.get(dataId);
  return ws != null && ws.key === key ? ws.id : null;
}

/** How many workspaces are alive (for leak checks). */
export function liveWorkspaces(): number {
  return workspaces.size;
}
