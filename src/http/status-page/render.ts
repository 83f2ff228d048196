import { createHash } from 'node:crypto';
import { Eta } from 'eta';
import { STATUS_LABEL } from '../../domain/status-page.js';
import type { PublicIncident, PublicStatus } from '../../services/status-page/read-status-page.js';
import { FEED_TEMPLATE, INCIDENT_TEMPLATE, PAGE_CSS, PAGE_TEMPLATE } from './templates.js';

// autoEscape is eta's default; said here because the page's safety rests on it.
const eta = new Eta({ autoEscape: true, autoTrim: false, cache: true });
eta.loadTemplate('@page', PAGE_TEMPLATE);
eta.loadTemplate('@incident', INCIDENT_TEMPLATE);
eta.loadTemplate('@feed', FEED_TEMPLATE);

/** The CSP hash of the page's one inline style: no other style, and no script at all, may run. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}`;

/** The public status page as HTML. */
export function renderStatusHtml(status: PublicStatus): string {
  const when = formatter(status.timeZone);
  const incident = (i: PublicIncident) => ({
    id: i.id,
    name: i.name,
    phaseLabel: i.phaseLabel,
    affected: i.components.map((c) => `${c.name}: ${c.statusLabel}`).join(', '),
    updates: i.updates.map((u) => ({
      phaseLabel: u.phaseLabel,
      message: u.message,
      iso: u.at.toISOString(),
      when: when(u.at),
    })),
  });
  const last = [...status.active, ...status.resolved]
    .map((i) => i.updatedAt)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return eta.render('@page', {
    title: status.title,
    logoUrl: status.logoUrl,
    links: status.links,
    overall: status.overall,
    historyDays: status.components[0]?.days.length ?? 90,
    active: status.active.map(incident),
    resolved: status.resolved.map(incident),
    components: status.components.map((c) => {
      const bad = c.days.filter((d) => d.status !== 'operational').length;
      return {
        name: c.name,
        status: c.status,
        statusLabel: c.statusLabel,
        summary: `${c.name}, last ${c.days.length} days: ${bad ? `${bad} day${bad === 1 ? '' : 's'} with incidents` : 'no incidents'}`,
        days: c.days.map((d) => ({
          status: d.status,
          title: `${d.date}: ${d.incidents.length ? `${STATUS_LABEL[d.status]} — ${d.incidents.join('; ')}` : 'No incidents'}`,
        })),
      };
    }),
    lastPublished: last ? `Last update ${when(last)}` : 'No incidents published recently',
  });
}

/** One Atom entry per published update, newest first. */
export function renderStatusFeed(status: PublicStatus): string {
  const entries = [...status.active, ...status.resolved]
    .flatMap((i) =>
      i.updates.map((u) => ({
        id: u.id,
        incidentId: i.id,
        title: `${i.name} — ${u.phaseLabel}`,
        at: u.at,
        content: u.message,
      })),
    )
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 50);
  return eta.render('@feed', {
    title: status.title,
    updated: (entries[0]?.at ?? new Date(0)).toISOString(),
    entries: entries.map((e) => ({ ...e, updated: e.at.toISOString() })),
  });
}

/** The page's JSON (README "/status.json"). */
export function statusJson(status: PublicStatus) {
  const incident = (i: PublicIncident) => ({
    id: i.id,
    name: i.name,
    status: i.phase,
    started_at: i.startedAt.toISOString(),
    updated_at: i.updatedAt.toISOString(),
    components: i.components.map((c) => ({ name: c.name, status: c.status })),
    updates: i.updates.map((u) => ({ id: u.id, status: u.phase, body: u.message, created_at: u.at.toISOString() })),
  });
  return {
    page: { title: status.title, time_zone: status.timeZone },
    status: { indicator: status.overall.status, description: status.overall.text },
    components: status.components.map((c) => ({
      name: c.name,
      status: c.status,
      days: c.days.map((d) => ({ date: d.date, status: d.status, incidents: d.incidents })),
    })),
    incidents: [...status.active, ...status.resolved].map(incident),
  };
}

function formatter(timeZone: string): (d: Date) => string {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return (d) => f.format(d);
}
