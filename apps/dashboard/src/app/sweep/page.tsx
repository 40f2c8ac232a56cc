import type { Metadata } from 'next';
import { SweepRunner } from '../../components/sweep-runner';
import { writeMode } from '../../server/write-mode';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Browser sweep · lrfinder' };

export default function SweepPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Browser sweep</h1>
          <p className="muted">A range test per optimizer on a small model, run in this browser (Web Worker; WebGL, then wasm, then cpu).</p>
        </div>
      </div>
      <SweepRunner mode={writeMode()} />
    </>
  );
}
