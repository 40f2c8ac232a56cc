// Run ids: sortable by time, readable (the label), and unique (a short random tail), matching
// the run-file id rule ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$.
import * as path from 'path';

/** A file-name-safe form of a label: lower case, runs of other characters as '-'. */
export function slug(text: string, max = 40): string {
  const s = text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return s.slice(0, max).replace(/[-._]+$/, '') || 'run';
}

/** `20261129-061503` in UTC. */
export function timeStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * A new run id such as `20261129-061503-adam-k3f9`.
 * @param random source of randomness in [0, 1) @default Math.random
 */
export function makeRunId(label: string, now: number, random: () => number = Math.random): string {
  const tail = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${timeStamp(now)}-${slug(label)}-${tail}`;
}

/** `<out>/<id>.json` */
export function runFilePath(out: string, id: string): string {
  return path.join(out, `${id}.json`);
}
