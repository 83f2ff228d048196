import {
  listPublicPublications,
  type PublicPublication,
  publicationsVersion,
} from '../../db/repositories/status-publications.js';
import { type DayBar, dayBars, HISTORY_DAYS, type PublishedState } from '../../domain/status-history.js';
import {
  type ComponentStatus,
  isComponentStatus,
  isPublicPhase,
  overallState,
  PHASE_LABEL,
  type PublicPhase,
  STATUS_LABEL,
  worstOf,
} from '../../domain/status-page.js';
import { localDate } from '../../domain/zoned-date.js';
import type { ServiceDeps } from '../deps.js';
import { publicServices } from './require-publisher.js';

/** Everything the public page, its JSON and its feed show: only what the comms lead or IC published. */
export interface PublicStatus {
  title: string;
  logoUrl: string | null;
  links: { label: string; url: string }[];
  generatedAt: Date;
  timeZone: string;
  overall: { status: ComponentStatus; text: string };
  components: { name: string; status: ComponentStatus; statusLabel: string; days: DayBar[] }[];
  /** Open on the page, newest first. */
  active: PublicIncident[];
  /** Resolved within the last 14 days, newest first. */
  resolved: PublicIncident[];
}

export interface PublicIncident {
  id: string;
  name: string;
  phase: PublicPhase;
  phaseLabel: string;
  startedAt: Date;
  updatedAt: Date;
  components: { name: string; status: ComponentStatus; statusLabel: string }[];
  /** Newest first. */
  updates: { id: string; at: Date; phase: PublicPhase; phaseLabel: string; message: string }[];
}

const RECENTLY_RESOLVED_MS = 14 * 86_400_000;

/** Reads the public status from the database (publications of incidents that are neither private nor drills). */
export async function readStatusPage(deps: ServiceDeps): Promise<PublicStatus> {
  const now = deps.now();
  const page = deps.config.status_page;
  const services = publicServices(deps);
  const componentOf = new Map(services.map((s) => [s.service, s.component]));
  const rows = await listPublicPublications(deps.db, new Date(now.getTime() - HISTORY_DAYS * 86_400_000));
  const incidents = groupIncidents(rows, componentOf);
  const active = incidents.filter((i) => i.phase !== 'resolved');
  const current = (name: string): ComponentStatus =>
    worstOf(active.flatMap((i) => i.components.filter((c) => c.name === name).map((c) => c.status)));
  const published: PublishedState[] = rows.map((r) => ({
    incidentKey: r.incidentId,
    name: r.name,
    phase: isPublicPhase(r.phase) ? r.phase : 'investigating',
    components: publicComponents(r, componentOf),
    at: r.publishedAt,
  }));
  const timeZone = deps.config.timezone;
  const bars = dayBars(
    services.map((s) => s.component),
    published,
    now,
    timeZone,
  );
  const components = services.map(({ component }) => {
    const status = current(component);
    return { name: component, status, statusLabel: STATUS_LABEL[status], days: bars[component] ?? [] };
  });
  return {
    title: page?.title ?? 'Status',
    logoUrl: page?.logo_url ?? null,
    links: Object.entries(page?.links ?? {}).map(([label, url]) => ({ label, url })),
    generatedAt: now,
    timeZone,
    overall: overallState(
      components.map((c) => c.status),
      active.length,
    ),
    components,
    active,
    resolved: incidents.filter(
      (i) => i.phase === 'resolved' && now.getTime() - i.updatedAt.getTime() <= RECENTLY_RESOLVED_MS,
    ),
  };
}

function publicComponents(row: PublicPublication, componentOf: Map<string, string>): Record<string, ComponentStatus> {
  const out: Record<string, ComponentStatus> = {};
  for (const [service, status] of Object.entries(row.components)) {
    const name = componentOf.get(service);
    if (name && isComponentStatus(status)) out[name] = status;
  }
  return out;
}

/** Rows come newest first; an incident's latest publication gives its phase and component statuses. */
function groupIncidents(rows: PublicPublication[], componentOf: Map<string, string>): PublicIncident[] {
  const byId = new Map<string, PublicPublication[]>();
  for (const r of rows) byId.set(r.incidentId, [...(byId.get(r.incidentId) ?? []), r]);
  return [...byId.values()].map((list) => {
    const latest = list[0]!;
    const phase: PublicPhase = isPublicPhase(latest.phase) ? latest.phase : 'investigating';
    return {
      id: latest.incidentId,
      name: latest.name,
      phase,
      phaseLabel: PHASE_LABEL[phase],
      startedAt: list.at(-1)!.publishedAt,
      updatedAt: latest.publishedAt,
      components: Object.entries(publicComponents(latest, componentOf))
        .filter(([, status]) => status !== 'operational')
        .map(([name, status]) => ({ name, status, statusLabel: STATUS_LABEL[status] })),
      updates: list.map((r) => {
        const p: PublicPhase = isPublicPhase(r.phase) ? r.phase : 'investigating';
        return { id: r.id, at: r.publishedAt, phase: p, phaseLabel: PHASE_LABEL[p], message: r.message };
      }),
    };
  });
}

/**
 * What the page's content depends on, cheaply: the publications (one aggregate over an index) and
 * today's date (the 90-day bars move at midnight). Equal versions render equal pages.
 */
export async function statusPageVersion(deps: ServiceDeps): Promise<string> {
  return `${await publicationsVersion(deps.db)}|${localDate(deps.now(), deps.config.timezone)}`;
}
