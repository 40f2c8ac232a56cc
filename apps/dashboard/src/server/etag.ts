import { createHash } from 'node:crypto';

/** Strong ETag of a file's text in a given output format. */
export function etagOf(text: string, format: string): string {
  return `"${createHash('sha1').update(text).digest('base64url')}-${format}"`;
}
