'use client';
// Delete (archive) a run, for whoever may write: DELETE /api/runs/<path> with the token.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { WriteMode } from '../server/write-mode';
import { writeHeaders } from '../lib/write-token';
import { TokenField } from './token-field';

export function DeleteRun({ path, mode }: { path: string; mode: WriteMode }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (mode === 'off') return null;
  const remove = async () => {
    setError(null);
    try {
      const res = await fetch(`/api/runs/${path}`, { method: 'DELETE', headers: writeHeaders() });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
      router.push('/');
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <span className="delete-run">
      {!asking ? (
        <button className="button danger" onClick={() => setAsking(true)} data-testid="delete">
          Delete…
        </button>
      ) : (
        <>
          {mode === 'token' && <TokenField />}
          <span>Move this run to the folder&apos;s .archive?</span>
          <button className="button danger" onClick={remove} data-testid="confirm-delete">
            Delete
          </button>
          <button className="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </>
      )}
      {error && <span className="error-text" role="alert">{error}</span>}
    </span>
  );
}
