// Display formats shared by the pages.

// Learning rates and losses are written exactly as the charts write them (@lrfinder/plotting's
// formatLr / formatLoss; a test keeps them equal), so a page never shows `0.0292` beside
// `5.46e-3`. Kept here so the list page's bundle needs no chart code.

/** A learning rate, always in one form: 2.92e-2, 1e-4, 1.5e0. */
export function formatLr(lr: number | null | undefined): string {
  if (lr === null || lr === undefined || !Number.isFinite(lr)) return '—';
  return lr.toExponential(2).replace('e+', 'e').replace(/\.?0+e/, 'e');
}

/** A loss with up to 4 significant digits, exponential when tiny or huge: 2.303, 1.235e-4. */
export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs < 1e-3 || abs >= 1e5) return v.toExponential(3).replace('e+', 'e').replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** A learning-rate range: `1e-5 → 10` as `1e-5 → 1e1`. */
export function formatRange(lo: number, hi: number): string {
  return `${formatLr(lo)} → ${formatLr(hi)}`;
}

/** How long ago, roughly: `50 s`, `3 min`, `2 h`. */
export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.round(m / 60)} h`;
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
