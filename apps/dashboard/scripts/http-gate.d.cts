// Types of http-gate.cjs for the TypeScript tests.
export type WriteMode = 'open' | 'token' | 'off';
export interface WriteAccess {
  mode: WriteMode;
  token: string | null;
  generated: boolean;
}
export interface Refusal {
  status: number;
  body: string;
  headers: Record<string, string>;
}
export interface GateRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}
export type Verdict = { refuse: Refusal; headers?: undefined; nonce?: undefined; status?: undefined } | { refuse?: undefined; headers: Record<string, string>; nonce: string; status?: number };
export function gate(req: GateRequest, config: { host: string; access: WriteAccess }): Verdict;
export function writeAccess(options: { host: string; token?: string; readOnly?: boolean }): WriteAccess;
export function isLoopback(host: string): boolean;
export const ID_PATTERN: RegExp;
export const TOKEN_HEADER: string;
export const SECURITY_HEADERS: Record<string, string>;
export function cspFor(nonce: string): string;
export const ALLOWED_METHODS: string[];
