import { type ComponentStatus, type PublicPhase, worse } from './status-page.js';
import { addDays, localDate } from './zoned-date.js';

/** One publication as the public history needs it (nothing internal: the public name, never the title). */
export interface PublishedState {
  incidentKey: string;
  name: string;
  phase: PublicPhase;
  /** Public component name → status, as published. */
  components: Record<string, ComponentStatus>;
  at: Date;
}

export interface DayBar {
  /** `YYYY-MM-DD` in the page's time zone. */
  date: string;
  status: ComponentStatus;
  /** Public names of the incidents that touched this component that day. */
  incidents: string[];
}

export const HISTORY_DAYS = 90;

/**
 * The last `days` days of each component, oldest first: a day's status is the worst any incident
 * published for the component while that day lasted. A publication holds until the next one of the
 * same incident; a `resolved` one ends it; the latest of an open incident holds until now.
 */
export function dayBars(
  components: string[],
  published: PublishedState[],
  now: Date,
  timeZone: string,
  days = HISTORY_DAYS,
): Record<string, DayBar[]> {
  const today = localDate(now, timeZone);
  const dates = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const bars: Record<string, DayBar[]> = {};
  for (const c of components)
    bars[c] = dates.map((date) => ({ date, status: 'operational' as ComponentStatus, incidents: [] as string[] }));
  for (const span of spans(published, now)) {
    const fromDay = localDate(span.from, timeZone);
    const toDay = localDate(span.to, timeZone);
    for (const [component, status] of Object.entries(span.components)) {
      const row = bars[component];
      if (!row || status === 'operational') continue;
      for (const bar of row) {
        if (bar.date < fromDay || bar.date > toDay) continue;
        bar.status = worse(bar.status, status);
        if (!bar.incidents.includes(span.name)) bar.incidents.push(span.name);
      }
    }
  }
  return bars;
}

interface Span {
  name: string;
  components: Record<string, ComponentStatus>;
  from: Date;
  to: Date;
}

function spans(published: PublishedState[], now: Date): Span[] {
  const byIncident = new Map<string, PublishedState[]>();
  for (const p of published) byIncident.set(p.incidentKey, [...(byIncident.get(p.incidentKey) ?? []), p]);
  const out: Span[] = [];
  for (const list of byIncident.values()) {
    const sorted = [...list].sort((a, b) => a.at.getTime() - b.at.getTime());
    sorted.forEach((p, i) => {
      if (p.phase === 'resolved') return;
      const next = sorted[i + 1];
      out.push({ name: p.name, components: p.components, from: p.at, to: next ? next.at : now });
    });
  }
  return out;
}
