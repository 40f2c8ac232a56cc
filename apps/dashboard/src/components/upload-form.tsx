'use client';
// Upload: drop run files (or pick them); the server validates each with parseRun and stores
// it in the runs folder, or says why not.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { UploadResponseBody } from '../server/upload';
import type { WriteMode } from '../server/write-mode';
import { writeHeaders } from '../lib/write-token';
import { TokenField } from './token-field';

export function UploadForm({ mode = 'open' }: { mode?: WriteMode }) {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  // Newest first: each drop adds its verdicts on top.
  const [results, setResults] = useState<UploadResponseBody[]>([]);
  const input = useRef<HTMLInputElement>(null);
  // The zone is server-rendered (focusable before the page's JavaScript runs); data-ready says its
  // handlers are attached, so a test (or a script) knows Enter will open the file chooser.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const send = async (files: FileList | File[]) => {
    const list = Array.from(files);
    if (list.length === 0) return;
    const form = new FormData();
    for (const f of list) form.append('file', f, f.name);
    setBusy(true);
    const add = (r: UploadResponseBody) => setResults((list) => [r, ...list]);
    try {
      const res = await fetch('/api/runs', { method: 'POST', body: form, headers: writeHeaders() });
      const body = (await res.json().catch(() => null)) as UploadResponseBody | null;
      add(body ?? { stored: [], refused: [], error: `HTTP ${res.status}` });
    } catch (e) {
      add({ stored: [], refused: [], error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'off') {
    return <p className="notice" data-testid="read-only">This dashboard is read-only: uploads are turned off.</p>;
  }
  return (
    <>
      {mode === 'token' && <TokenField />}
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        data-ready={ready ? 'true' : undefined}
        role="button"
        tabIndex={0}
        aria-label="Upload run files: press Enter to choose files, or drop them here"
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            input.current?.click();
          }
        }}
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void send(e.dataTransfer.files);
        }}
      >
        <p>
          <strong>Drop run files here</strong> or click (or press Enter) to choose them
        </p>
        <p className="muted small">lrfinder.run/v1 JSON, up to 20 files of 5 MB each</p>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            if (e.target.files) void send(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {busy && <p className="muted" role="status">Uploading…</p>}
      {results.map((result, n) => (
        <ul className="results" data-testid="upload-results" key={results.length - n}>
          {result.error && <li className="refused">Refused: {result.error}</li>}
          {result.stored.map((s) => (
            <li key={s.path} className="ok" data-stored={s.path}>
              Stored <strong>{s.name}</strong> as <Link href={`/runs/${s.path}`}>{s.path}</Link>
            </li>
          ))}
          {result.refused.map((r, i) => (
            <li key={`${r.name}-${i}`} className="refused" data-refused={r.name}>
              Refused <strong>{r.name}</strong>: {r.reason}
            </li>
          ))}
        </ul>
      ))}
    </>
  );
}
