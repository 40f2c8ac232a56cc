// Legend names of compared runs: the label, told apart by the run's path where labels repeat
// (two sweeps both have an `sgd` run labelled "SGD": `SGD (sweep-a/sgd)`, `SGD (sweep-b/sgd)`).

export function displayNames(runs: readonly { path: string; run: { label: string; id: string } }[]): string[] {
  const base = runs.map(({ run }) => run.label?.trim() || run.id);
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  return base.map((b, i) => ((count.get(b) ?? 0) > 1 ? `${b} (${runs[i].path})` : b));
}
