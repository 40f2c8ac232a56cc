import Link from 'next/link';

export default function RunNotFound() {
  return (
    <div className="card problem" data-testid="run-problem">
      <h1>Run not found</h1>
      <p className="error-text">There is no run file at this path in the runs folder (it may have been deleted or archived).</p>
      <p>
        <Link href="/">Back to the runs</Link>
      </p>
    </div>
  );
}
