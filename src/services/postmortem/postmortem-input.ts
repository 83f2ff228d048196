import { listTimeline } from '../../db/repositories/timeline.js';
import type { Incident, RoleHolders } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import type { ActorType, PostmortemInput } from '../../domain/postmortem/types.js';
import type { ServiceDeps } from '../deps.js';

/**
 * What a draft is built from: the incident's facts, its role holders with their names (so the
 * blameless check recognises "because Bob forgot"), and every recorded event with its permalink.
 */
export async function postmortemInput(
  deps: ServiceDeps,
  incident: Incident,
  roles: RoleHolders,
): Promise<PostmortemInput> {
  const channelId = incident.channelId!;
  const rows = await listTimeline(deps.db, incident.id);
  const people = [...new Set([...Object.values(roles), ...rows.map((r) => r.actorId)].filter((u): u is string => !!u))];
  const names: Record<string, string> = {};
  // Names of the people who spoke; a lookup failing only weakens the blameless check, never the draft.
  for (const id of people.slice(0, 50)) {
    const user = await deps.chat.findUser(id).catch(() => undefined);
    if (user && !user.isBot) names[id] = user.name;
  }
  return {
    incident: {
      ref: incidentRef(incident),
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      impact: incident.impact,
      description: incident.description,
      services: incident.services,
      isDrill: incident.isDrill,
      resolution: (incident.resolution as 'fixed' | 'false_alarm' | null) ?? null,
      summary: incident.summary,
      declaredAt: incident.declaredAt,
      acknowledgedAt: incident.acknowledgedAt,
      identifiedAt: incident.identifiedAt,
      mitigatedAt: incident.mitigatedAt,
      resolvedAt: incident.resolvedAt,
    },
    people: { ...roles },
    names,
    events: rows.map((r) => ({
      id: r.id,
      at: r.at,
      kind: r.kind,
      actorId: r.actorId,
      actorType: r.actorType as ActorType,
      text: r.text,
      data: r.data,
      permalink: r.messageTs
        ? deps.chat.messageLink(channelId, r.messageTs, (r.data.threadTs as string | undefined) ?? undefined)
        : null,
    })),
    timezone: deps.config.timezone,
  };
}
