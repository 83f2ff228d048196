import { findCustomerText, listIncidentPublications } from '../../db/repositories/status-publications.js';
import { nextUpdateAt } from '../../domain/cadence.js';
import { formatDuration } from '../../domain/duration-text.js';
import type { Incident } from '../../domain/incident.js';
import {
  type ComponentStatus,
  isComponentStatus,
  isPublicPhase,
  type PublicPhase,
  phaseForStatus,
} from '../../domain/status-page.js';
import { renderTemplate } from '../../domain/templates.js';
import { cadencePolicy } from '../cadence-policy.js';
import type { ServiceDeps } from '../deps.js';
import { publicServices, requirePublisher } from './require-publisher.js';

export interface StatusPageDraft {
  incident: Incident;
  name: string;
  message: string;
  phase: PublicPhase;
  components: { service: string; component: string; status: ComponentStatus }[];
  /** Whether the fields come from the last publication (a later update) rather than the template. */
  fromLast: boolean;
}

/**
 * What the publication form is prefilled from: the last publication when there is one, else the
 * `customer` template. Never the internal title, notes or names: the template's slots are filled
 * with public words only, for the comms lead to edit. `message` overrides the text (the "Publish
 * to status page" button brings a status update's customer text, `fromStatusUpdate`).
 */
export async function statusPageDraft(
  deps: ServiceDeps,
  args: { channelId: string; actorId: string; fromStatusUpdate?: string },
): Promise<StatusPageDraft> {
  const { incident } = await requirePublisher(deps, args.channelId, args.actorId);
  const override = args.fromStatusUpdate
    ? await findCustomerText(deps.db, incident.id, args.fromStatusUpdate).catch(() => undefined)
    : undefined;
  const last = (await listIncidentPublications(deps.db, incident.id)).at(-1);
  const services = publicServices(deps);
  const affected = services.filter((s) => incident.services.includes(s.service));
  const components = services.map(({ service, component }) => {
    const was = last?.components[service];
    const status: ComponentStatus =
      was && isComponentStatus(was)
        ? was
        : affected.some((a) => a.service === service)
          ? 'degraded_performance'
          : 'operational';
    return { service, component, status };
  });
  const phase: PublicPhase =
    incident.status === 'resolved'
      ? 'resolved'
      : last && isPublicPhase(last.phase)
        ? last.phase
        : phaseForStatus(incident.status);
  if (last) return { incident, name: last.name, message: override ?? last.message, phase, components, fromLast: true };

  const next = nextUpdateAt(incident.severity, deps.now(), cadencePolicy(deps.config));
  const names = (affected.length ? affected : services).map((s) => s.component);
  const [headline = '', ...rest] = renderTemplate(deps.config.templates.customer, {
    service: names.join(', ') || 'Our service',
    symptom: `problems with ${names.join(', ') || 'our service'}`,
    impact: 'errors or slow responses',
    next_update: next ? formatDuration(next.getTime() - deps.now().getTime()) : 'the hour',
  }).split('\n');
  const name = rest.length ? headline.trim() : `${names[0] ?? 'Service'} disruption`;
  const message = override ?? (rest.length ? rest.join('\n') : headline).trim();
  return { incident, name: name.slice(0, 255), message, phase, components, fromLast: false };
}
