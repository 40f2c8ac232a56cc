'use client';
// Follows a run file while its status is `running`: polls its route handler every `everyMs`
// with If-None-Match, so an unchanged file costs a 304 and a changed one shows within ~1 s.
import { useEffect, useRef, useState } from 'react';
import type { RunRecord } from '@lrfinder/core';

export interface LiveRun {
  run: RunRecord;
  /** Last poll error (network, or the file became invalid); the last good run stays shown. */
  error: string | null;
  /** When the shown run was last fetched. */
  updatedAt: number;
}

export function useLiveRun(path: string, initial: RunRecord, initialEtag: string | null, everyMs = 1000): LiveRun {
  const [state, setState] = useState<LiveRun>({ run: initial, error: null, updatedAt: Date.now() });
  const etag = useRef(initialEtag);
  const running = state.run.status === 'running';
  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`/api/runs/${path}`, {
          cache: 'no-store',
          headers: etag.current ? { 'if-none-match': etag.current } : {},
        });
        if (res.status === 200) {
          etag.current = res.headers.get('etag');
          const run = (await res.json()) as RunRecord;
          if (!stopped) setState({ run, error: null, updatedAt: Date.now() });
        } else if (res.status !== 304 && !stopped) {
          const body = await res.json().catch(() => ({}));
          setState((s) => ({ ...s, error: body.error ?? `HTTP ${res.status}` }));
        }
      } catch (e) {
        if (!stopped) setState((s) => ({ ...s, error: (e as Error).message }));
      }
      if (!stopped) timer = setTimeout(poll, everyMs);
    };
    timer = setTimeout(poll, everyMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path, running, everyMs]);
  return state;
}
