import { SweepRunner } from '../../components/sweep-runner';

export default function SweepPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Browser sweep</h1>
          <p className="muted">A range test per optimizer on a small model, run in this browser (Web Worker; WebGL, then wasm, then cpu).</p>
        </div>
      </div>
      <SweepRunner />
    </>
  );
}
