// yargs' usage errors as the one line the CLI prints (yargs-free, so jest can test it).
import { closest, distance } from 'fastest-levenshtein';

/** The known flag nearest to `name` (kebab-case, no dashes), or null when none is near. */
export function closestFlag(name: string, known: readonly string[]): string | null {
  const candidates = known.filter((k) => k.length > 1 && !/[A-Z]/.test(k));
  if (candidates.length === 0) return null;
  const near = closest(name, candidates);
  return distance(name, near) <= Math.max(2, Math.floor(name.length / 3)) ? near : null;
}

/**
 * One line for a yargs usage error: `Unknown arguments: learning-rate, learningRate` ->
 * `Unknown argument: --learning-rate`; with the command's known flags, the closest one is
 * suggested (`--num-iters` -> `did you mean --num-iter?`); multi-line messages joined.
 */
export function tidyUsageError(msg: string, argv: string[], known: readonly string[] = []): string {
  const m = /^(Unknown arguments?): (.*)$/s.exec(msg);
  if (!m) return msg.replace(/\s*\n\s*/g, ' ');
  const names = m[2].split(', ');
  const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const kept = names.filter((n) => n === kebab(n) || !names.includes(kebab(n)));
  const flag = (n: string) => {
    const dashed = n.length > 1 ? `--${n}` : `-${n}`;
    return argv.some((a) => a === dashed || a.startsWith(`${dashed}=`) || (n.length === 1 && /^-[^-]/.test(a) && a.includes(n))) ? dashed : n;
  };
  const near = kept.length === 1 ? closestFlag(kebab(kept[0]), known) : null;
  const hint = near ? ` (did you mean --${near}?)` : '';
  return `${kept.length > 1 ? 'Unknown arguments' : 'Unknown argument'}: ${kept.map(flag).join(', ')}${hint}`;
}
