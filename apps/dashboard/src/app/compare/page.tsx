// Compare: /compare?runs=<path>,<path>… overlays the chosen runs.
import type { Metadata } from 'next';
import { listRuns, readRun } from '../../server/run-store';
import { runsDir } from '../../server/repo-root';
import { refFromPath, refToPath, UnsafePathError } from '../../server/safe-path';
import { CompareView, type CompareProps } from '../../components/compare-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare runs · lrfinder' };

/** Every run named in ?runs= (no cap: 15 chosen draw 15), each once, in the URL's order. */
function chosenPaths(value: string | string[] | undefined): string[] {
  const list = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(','));
  return [...new Set(list.map((v) => v.trim()).filter(Boolean))];
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const dir = runsDir();
  const params = await searchParams;
  const listing = await listRuns(dir);
  const props: CompareProps = { all: listing.groups.flatMap((g) => g.runs), selected: [], problems: [] };
  for (const path of chosenPaths(params.runs)) {
    try {
      const ref = refFromPath(path);
      const read = await readRun(dir, ref);
      if (read.ok) props.selected.push({ path: refToPath(ref), run: read.run });
      else props.problems.push({ path, reason: read.reason });
    } catch (e) {
      if (!(e instanceof UnsafePathError)) throw e;
      props.problems.push({ path, reason: e.message });
    }
  }
  return (
    <>
      <div className="page-head">
        <h1>Compare</h1>
      </div>
      <CompareView {...props} />
    </>
  );
}
