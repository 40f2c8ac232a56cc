// Display formats shared by the pages.

/** A learning rate as people write it: 3.2e-4, 0.01, 1.5. */
export function formatLr(lr: number | null | undefined): string {
  if (lr === null || lr === undefined || !Number.isFinite(lr)) return '—';
  if (lr >= 0.01 && lr < 1000) return String(Number(lr.toPrecision(3)));
  return lr.toExponential(2).replace('e-', 'e-').replace(/\.?0+e/, 'e');
}

export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
