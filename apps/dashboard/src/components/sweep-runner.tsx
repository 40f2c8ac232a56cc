'use client';
// Browser sweep: a small model, a dataset, optimizers, a range and a number of steps; runs in a
// Web Worker (WebGL, then wasm, then cpu), shows each test live, can be stopped, and saves the
// runs to the folder (POST /api/runs) or downloads them.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { RunRecord } from '@lrfinder/core';
import { OverlayChart } from './charts';
import { StatusBadge } from './status-badge';
import { formatLr } from '../lib/format';
import { SWEEP_BACKENDS, SWEEP_DATASETS, SWEEP_OPTIMIZERS, type FromWorker, type SweepBackend, type SweepConfig, type SweepDataset, type SweepModel, type SweepOptimizer } from '../worker/protocol';
import type { UploadResponseBody } from '../server/upload';
import type { WriteMode } from '../server/write-mode';
import { writeHeaders } from '../lib/write-token';
import { TokenField } from './token-field';

type Phase = 'idle' | 'running' | 'done' | 'error';

function newSweepId(): string {
  return `browser-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

function downloadJson(run: RunRecord) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify(run, null, 2)], { type: 'application/json' }));
  a.download = `${run.id}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function SweepRunner({ mode = 'open' }: { mode?: WriteMode }) {
  const [dataset, setDataset] = useState<SweepDataset>('synthetic:blobs');
  const [model, setModel] = useState<SweepModel>('mlp');
  const [optimizers, setOptimizers] = useState<SweepOptimizer[]>(['sgd', 'adam']);
  const [startLr, setStartLr] = useState('1e-5');
  const [endLr, setEndLr] = useState('10');
  const [numIter, setNumIter] = useState('100');
  const [batchSize, setBatchSize] = useState('32');
  const [mnistSamples, setMnistSamples] = useState('2000');
  const [backendChoice, setBackendChoice] = useState<SweepBackend>('auto');

  const [phase, setPhase] = useState<Phase>('idle');
  const [status, setStatus] = useState('');
  const [backend, setBackend] = useState<{ name: string; threads: number | null; note: string | null; skipped: { name: string; reason: string }[] } | null>(null);
  const [records, setRecords] = useState<RunRecord[]>([]);
  const [progress, setProgress] = useState<{ test: number; count: number; step: number; numIter: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<UploadResponseBody | null>(null);
  const worker = useRef<Worker | null>(null);

  useEffect(() => () => worker.current?.terminate(), []);

  const problems: string[] = [];
  const lo = Number(startLr);
  const hi = Number(endLr);
  const steps = Number(numIter);
  const batch = Number(batchSize);
  if (!(lo > 0) || !(hi > lo)) problems.push('the range needs 0 < start lr < end lr');
  if (!Number.isInteger(steps) || steps < 2 || steps > 2000) problems.push('steps: an integer in 2..2000');
  if (!Number.isInteger(batch) || batch < 1 || batch > 1024) problems.push('batch size: an integer in 1..1024');
  if (optimizers.length === 0) problems.push('choose at least one optimizer');
  if (model === 'cnn' && dataset !== 'mnist') problems.push('the ConvNet needs images: choose MNIST or the MLP');

  const start = () => {
    worker.current?.terminate();
    const config: SweepConfig = {
      sweepId: newSweepId(),
      dataset,
      mnistSamples: Number(mnistSamples) || 2000,
      model,
      optimizers,
      startLr: lo,
      endLr: hi,
      numIter: steps,
      batchSize: batch,
      seed: 1,
      backend: backendChoice,
    };
    const w = new Worker(new URL('../worker/sweep.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setPhase('running');
    setRecords([]);
    setBackend(null);
    setError(null);
    setSaved(null);
    setProgress(null);
    setStatus('starting the worker…');
    w.onerror = (e) => {
      setError(e.message || 'the worker failed to start');
      setPhase('error');
    };
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === 'status') setStatus(m.message);
      else if (m.type === 'backend') {
        setBackend({ name: m.name, threads: m.threads, note: m.note, skipped: m.skipped });
        setStatus('running');
      } else if (m.type === 'progress') {
        setProgress({ test: m.test, count: m.count, step: m.step, numIter: m.numIter });
        setRecords((r) => Object.assign([...r], { [m.test]: m.record }));
      } else if (m.type === 'run') setRecords((r) => Object.assign([...r], { [m.test]: m.run }));
      else if (m.type === 'done') {
        setPhase('done');
        setStatus(m.stopped ? 'stopped' : 'finished');
        w.terminate();
      } else if (m.type === 'error') {
        setError(m.message);
        setPhase('error');
        w.terminate();
      }
    };
    w.postMessage({ type: 'start', config });
  };

  const stop = () => worker.current?.postMessage({ type: 'stop' });

  const save = async () => {
    try {
      const res = await fetch('/api/runs', { method: 'POST', headers: writeHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(records) });
      const body = (await res.json().catch(() => null)) as UploadResponseBody | null;
      setSaved(body ? { stored: body.stored ?? [], refused: body.refused ?? [], error: body.error } : { stored: [], refused: [], error: `HTTP ${res.status}` });
    } catch (e) {
      setSaved({ stored: [], refused: [], error: (e as Error).message });
    }
  };

  const toggleOptimizer = (o: SweepOptimizer) => setOptimizers((list) => (list.includes(o) ? list.filter((x) => x !== o) : SWEEP_OPTIMIZERS.filter((x) => x === o || list.includes(x))));
  const shown = records.filter((r) => r && r.points.length > 1);
  const overall = progress ? (progress.test + progress.step / progress.numIter) / progress.count : phase === 'done' ? 1 : 0;

  return (
    <>
      <section className="card">
        <h2>Sweep</h2>
        <div className="form-grid">
          <label>
            Dataset
            <select value={dataset} onChange={(e) => setDataset(e.target.value as SweepDataset)} data-testid="dataset" disabled={phase === 'running'}>
              {SWEEP_DATASETS.map((d) => (
                <option key={d} value={d}>
                  {d === 'mnist' ? 'MNIST (subset)' : d}
                </option>
              ))}
            </select>
          </label>
          {dataset === 'mnist' && (
            <label>
              MNIST samples <span className="hint">first N training images</span>
              <input type="number" value={mnistSamples} min={100} max={10000} onChange={(e) => setMnistSamples(e.target.value)} disabled={phase === 'running'} />
            </label>
          )}
          <label>
            Model
            <select value={model} onChange={(e) => setModel(e.target.value as SweepModel)} data-testid="model" disabled={phase === 'running'}>
              <option value="mlp">MLP (32 hidden units)</option>
              <option value="cnn">small ConvNet (images)</option>
            </select>
          </label>
          <label>
            Backend
            <select value={backendChoice} onChange={(e) => setBackendChoice(e.target.value as SweepBackend)} data-testid="backend-choice" disabled={phase === 'running'}>
              {SWEEP_BACKENDS.map((b) => (
                <option key={b} value={b}>
                  {b === 'auto' ? 'auto (webgl on a GPU, else wasm, then cpu)' : b}
                </option>
              ))}
            </select>
          </label>
          <label>
            Start lr
            <input type="text" value={startLr} onChange={(e) => setStartLr(e.target.value)} data-testid="start-lr" disabled={phase === 'running'} />
          </label>
          <label>
            End lr
            <input type="text" value={endLr} onChange={(e) => setEndLr(e.target.value)} data-testid="end-lr" disabled={phase === 'running'} />
          </label>
          <label>
            Steps
            <input type="number" value={numIter} onChange={(e) => setNumIter(e.target.value)} data-testid="num-iter" disabled={phase === 'running'} />
          </label>
          <label>
            Batch size
            <input type="number" value={batchSize} onChange={(e) => setBatchSize(e.target.value)} data-testid="batch-size" disabled={phase === 'running'} />
          </label>
          <label style={{ gridColumn: '1 / -1' }}>
            Optimizers
            <span className="checks">
              {SWEEP_OPTIMIZERS.map((o) => (
                <label key={o}>
                  <input type="checkbox" checked={optimizers.includes(o)} onChange={() => toggleOptimizer(o)} data-optimizer={o} disabled={phase === 'running'} />
                  {o}
                </label>
              ))}
            </span>
          </label>
        </div>
        <div className="toolbar" style={{ marginTop: 16, marginBottom: 0 }}>
          {phase === 'running' ? (
            <button className="button danger" onClick={stop} data-testid="stop">
              Stop
            </button>
          ) : (
            <button className="button primary" onClick={start} disabled={problems.length > 0} data-testid="start">
              Run sweep
            </button>
          )}
          {problems.length > 0 && <span className="error-text">{problems.join('; ')}</span>}
          <span className="spacer" />
          {backend && (
            <span className="muted" data-testid="backend">
              backend <strong>{backend.name}</strong>
              {backend.threads !== null && (
                <span data-testid="backend-threads" data-threads={backend.threads}>
                  , {backend.threads} {backend.threads === 1 ? 'thread' : 'threads'}
                  {backend.note && ` (${backend.note})`}
                </span>
              )}
              {backend.skipped.length > 0 && ` (skipped ${backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`}
            </span>
          )}
        </div>
      </section>

      {phase !== 'idle' && (
        <section className="card" data-testid="sweep-status" data-phase={phase}>
          <h2>
            Progress <span className="muted small">{status}</span>
          </h2>
          <div className="progress">
            <div style={{ width: `${Math.round(overall * 100)}%` }} />
          </div>
          {progress && (
            <p className="muted small">
              test {progress.test + 1} of {progress.count}, step {progress.step} of {progress.numIter}
            </p>
          )}
          {error && <p className="error-text">{error}</p>}
        </section>
      )}

      {shown.length > 0 && (
        <section className="card chart-card" data-testid="sweep-chart">
          <OverlayChart runs={shown} height={440} title="Smoothed loss vs learning rate" />
        </section>
      )}

      {records.some(Boolean) && (
        <div className="table-wrap">
          <table className="data" data-testid="sweep-results">
            <thead>
              <tr>
                <th>Test</th>
                <th>Status</th>
                <th className="num">Steps</th>
                <th className="num">Recommended lr</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {records.map((r) =>
                r ? (
                  <tr key={r.id} data-run={r.id}>
                    <td>
                      <strong>{r.label}</strong> <span className="muted small mono">{r.id}</span>
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="num">{r.points.length}</td>
                    <td className="num mono lr-value">{formatLr(r.suggestions[r.suggestions.recommended].lr)}</td>
                    <td className="num">
                      {r.status !== 'running' && (
                        <button className="button" onClick={() => downloadJson(r)}>
                          Download
                        </button>
                      )}
                    </td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        </div>
      )}

      {phase === 'done' && records.length > 0 && (
        <div className="toolbar" style={{ marginTop: 16 }}>
          {mode === 'token' && <TokenField />}
          {mode !== 'off' && (
            <button className="button primary" onClick={save} data-testid="save" disabled={saved !== null && saved.stored.length > 0}>
              Save to the runs folder
            </button>
          )}
          <button className="button" onClick={() => records.forEach((r) => r && downloadJson(r))}>
            Download all
          </button>
          {saved && (
            <span data-testid="saved">
              {saved.stored.length > 0 && (
                <>
                  Saved {saved.stored.length} run(s): <Link href={`/compare?runs=${saved.stored.map((s) => s.path).join(',')}`}>compare them</Link>.{' '}
                </>
              )}
              {saved.refused.map((r) => (
                <span key={r.name} className="error-text">
                  {r.name}: {r.reason}.{' '}
                </span>
              ))}
              {saved.error && <span className="error-text">{saved.error}</span>}
            </span>
          )}
        </div>
      )}
    </>
  );
}
