// Free-form parts of a run record (`meta`, `optimizer.config`) must stay plain JSON: a BigInt,
// a cycle, a function or a 5,000-deep nesting would pass a shape check and break the writer
// later (TypeError, stack overflow); a `__proto__` key would be dropped (or set a prototype).
import { isPlainObject } from './strict-options';

/** Where a value is not plain JSON, and why; null when it is. */
export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

export interface JsonLimits {
  maxDepth: number;
  maxValues: number;
}

/**
 * Checks that `value` is a JSON value (null, boolean, finite number, string, array, plain
 * object) within the limits, iteratively (no recursion, so no stack overflow), and that no
 * object has a `__proto__` key.
 */
export function checkJsonValue(value: unknown, limits: JsonLimits): JsonProblem | null {
  let values = 0;
  const stack: { v: unknown; path: (string | number)[]; ancestors: unknown[] }[] = [{ v: value, path: [], ancestors: [] }];
  while (stack.length > 0) {
    const { v, path, ancestors } = stack.pop()!;
    if (++values > limits.maxValues) return { path, message: `more than ${limits.maxValues} values` };
    if (v === null || typeof v === 'boolean' || typeof v === 'string') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path, message: 'must be a finite number (JSON has no NaN or Infinity)' };
      continue;
    }
    if (typeof v !== 'object') return { path, message: `must be a JSON value; got a ${typeof v}` };
    if (ancestors.includes(v)) return { path, message: 'refers to itself (a cycle)' };
    if (ancestors.length >= limits.maxDepth) return { path, message: `nested deeper than ${limits.maxDepth} levels` };
    const inside = [...ancestors, v];
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i], ancestors: inside });
      continue;
    }
    if (!isPlainObject(v)) {
      return { path, message: `must be a plain object; got a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'object'}` };
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key === '__proto__') return { path: [...path, key], message: 'the key __proto__ is not allowed (readers would drop it or change the object\'s prototype)' };
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key], ancestors: inside });
    }
  }
  return null;
}
