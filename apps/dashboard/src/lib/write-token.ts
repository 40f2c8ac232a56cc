'use client';
// The write token in this browser tab (sessionStorage: gone when the tab closes), and the
// headers a write sends. The custom header is also what makes a write impossible from another
// site's form.

const KEY = 'lrfinder-token';
export const TOKEN_HEADER = 'x-lrfinder-token';

export function readToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage off: the token lives in the field only */
  }
}

/** Headers of a write request: the token when one is known. */
export function writeHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const token = readToken();
  return token ? { ...extra, [TOKEN_HEADER]: token } : extra;
}
