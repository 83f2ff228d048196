/**
 * How a measured value reads to a person: the number with its unit, and a percentage for ratios,
 * so "0.973 ratio (97.3%)" at 3 a.m. needs no arithmetic. Pure: no Slack markup.
 */
export function formatMetric(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${value > 0 ? '+∞' : value < 0 ? '−∞' : 'NaN'} ${unit}`;
  switch (unit) {
    case 'ratio':
      return `${round(value)} (${round(value * 100)}%)`;
    case 'percent':
      return `${round(value)}%`;
    case 'bytes':
      return bytes(value);
    case 'seconds':
      return value < 1 ? `${round(value * 1000)} ms` : value < 600 ? `${round(value)} s` : `${round(value / 60)} min`;
    default:
      return `${round(value)} ${unit}`;
  }
}

/** Three significant digits, no exponent for everyday sizes, no trailing zeros. */
function round(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  return String(Number(n.toPrecision(3)));
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${round(v)} ${units[i]}`;
}

/** A stored evidence reading: what one runbook query answered during an analysis. */
export interface EvidenceReading {
  runbookId: string;
  /** The runbook parameters the query was filled with. */
  params: Record<string, string>;
  name: string;
  unit: string;
  query: string;
  status: 'ok' | 'empty' | 'error';
  value?: number;
  /** ISO time of the sample. */
  at?: string;
  detail?: string;
}

/** The reading as one phrase: the value, or why there is none. Never a made-up number. */
export function readingText(r: EvidenceReading): string {
  if (r.status === 'ok' && r.value !== undefined) return formatMetric(r.value, r.unit);
  if (r.status === 'empty') return `no data (${r.detail ?? 'no series matched'})`;
  return `query failed (${r.detail ?? 'unknown error'})`;
}

/** `120000` → `2 min`, `45000` → `45 s`, `5400000` → `1 h 30 min`. */
export function formatDurationMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}
