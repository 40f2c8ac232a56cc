'use client';
// Follows a run file while its status is `running`: polls its route handler every `everyMs`
// with If-None-Match, so an unchanged file costs a 304 and a changed one shows within ~1 s.
// Polling stops when the run ends or stalls (no write for 45 s by the server's clock, from the
// x-run-age-ms header); `recheck` looks again once and resumes if it moves.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunRecord } from '@lrfinder/core';
import { isStalled } from '../lib/stale';

export interface LiveRun {
  run: RunRecord;
  /** Last poll error (network, or the file became invalid); the last good run stays shown. */
  error: string | null;
  /** A running run whose file stopped changing: no longer polled. */
  stalled: boolean;
  /** Milliseconds since the run was last written (server's clock), at the last poll. */
  ageMs: number;
  /** Polls once more (and keeps polling if the run moved). */
  recheck: () => void;
}

export function useLiveRun(path: string, initial: RunRecord, initialEtag: string | null, initialAgeMs: number, everyMs = 1000): LiveRun {
  const [run, setRun] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [ageMs, setAgeMs] = useState(initialAgeMs);
  const [round, setRound] = useState(0);
  const etag = useRef(initialEtag);
  const stalled = isStalled(run.status, ageMs);
  const polling = run.status === 'running' && !stalled;
  const recheck = useCallback(() => {
    setAgeMs(0);
    setRound((r) => r + 1);
  }, []);
  useEffect(() => {
    if (!polling) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`/api/runs/${path}`, {
          cache: 'no-store',
          headers: etag.current ? { 'if-none-match': etag.current } : {},
        });
        const age = Number(res.headers.get('x-run-age-ms'));
        if (res.status === 200) {
          etag.current = res.headers.get('etag');
          const next = (await res.json()) as RunRecord;
          if (!stopped) {
            setRun(next);
            setError(null);
          }
        } else if (res.status !== 304 && !stopped) {
          const body = await res.json().catch(() => ({}));
          setError(body.error ?? `HTTP ${res.status}`);
        }
        if (!stopped && Number.isFinite(age) && res.headers.has('x-run-age-ms')) setAgeMs(age);
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
      if (!stopped) timer = setTimeout(poll, everyMs);
    };
    timer = setTimeout(poll, round > 0 ? 0 : everyMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path, polling, everyMs, round]);
  return { run, error, stalled, ageMs, recheck };
}
