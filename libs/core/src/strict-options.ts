// JavaScript callers get no compiler to catch a misspelt option (`numIters`, `start_lr`) or a
// Keras-style positional call; both would otherwise run silently with the defaults.
import { distance } from 'fastest-levenshtein';
import { RangeTestError } from './errors';

const norm = (name: string) => name.toLowerCase().replace(/_/g, '');

/**
 * The allowed name closest to `key` (edit distance, fastest-levenshtein; case and `_` ignored,
 * so `start_lr` is one step from nothing but `startLr`), when it is close enough to be a typo.
 */
export function closest(key: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const name of allowed) {
    const d = distance(norm(key), norm(name));
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

type ErrorClass = new (option: string, value: unknown, expected: string) => RangeTestError;

/**
 * Throws (`ErrorClass`, default RangeTestError) for the first own key of `options` that is not
 * in `allowed`, naming the option and the closest allowed one.
 * @param prefix written before the key in the error, e.g. `suggest.`
 */
export function checkKeys(options: object, allowed: readonly string[], prefix = '', ErrorClass: ErrorClass = RangeTestError): void {
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    throw new ErrorClass(
      `${prefix}${key}`,
      (options as Record<string, unknown>)[key],
      `a known option${near ? ` (did you mean ${prefix}${near}?)` : ''}; known: ${allowed.join(', ')}`,
    );
  }
}

/**
 * True for `{...}` objects (not arrays, tensors, dates or other class instances), from any realm:
 * an object made in another realm (a worker, a vm context, a test environment) has another
 * `Object.prototype`, so the test is "an Object prototype, or none", not identity.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
