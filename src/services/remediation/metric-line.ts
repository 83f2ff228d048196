import { type EvidenceReading, readingText } from '../../domain/metric-value.js';
import type { MetricLine } from '../ports.js';

/** A stored reading as messages show it: which runbook and query, the value (or why none), and when. */
export function metricLine(m: EvidenceReading): MetricLine {
  const service = m.params.service;
  return {
    runbookId: m.runbookId,
    name: service ? `${m.name} (${service})` : m.name,
    text: readingText(m),
    at: m.at ? new Date(m.at) : null,
    ok: m.status === 'ok',
  };
}
