import { z } from 'zod';
import {
  attachChannel,
  claimDeclaration,
  findIncidentByDeclareKey,
  findIncidentById,
  findUnfinishedDeclaration,
  insertIncident,
  toIncident,
  updateIncident,
} from '../db/repositories/incidents.js';
import { findRoleHolders } from '../db/repositories/roles.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import type { IncidentRow } from '../db/schema/index.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { incidentChannelName } from '../domain/channel-name.js';
import { DomainError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import { parseSeverity } from '../domain/severity.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { deliverIncidentPages } from './paging/deliver-incident-pages.js';
import { requestPages } from './paging/request-pages.js';
import { parseInput } from './parse-input.js';
import { syncTopic } from './sync-topic.js';

export const DeclareIncidentInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'An incident needs a title.')
    .max(TEXT_LIMITS.title, `Keep the title under ${TEXT_LIMITS.title} characters.`),
  severity: z.number().int().min(0).max(3).optional(),
  impact: z
    .string()
    .trim()
    .max(TEXT_LIMITS.impact, `Keep the impact under ${TEXT_LIMITS.impact} characters.`)
    .optional(),
  description: z
    .string()
    .trim()
    .max(TEXT_LIMITS.description, `Keep the description under ${TEXT_LIMITS.description} characters.`)
    .optional(),
  services: z.array(z.string()).default([]),
  isPrivate: z.boolean().default(false),
  isDrill: z.boolean().default(false),
  declaredBy: z.string().min(1),
  /** A link to the alert that declared it (alert intake). */
  sourceUrl: z.url().optional(),
  /** The alert source, when alert intake declares it. */
  declaredFrom: z.enum(['alertmanager', 'grafana', 'pagerduty']).optional(),
  /** The alert's source even when a person clicked Declare (PagerDuty already paged its service). */
  alertSource: z.enum(['alertmanager', 'grafana', 'pagerduty']).optional(),
  originChannelId: z.string().optional(),
  /** Idempotency key of the request (e.g. a modal's view id): the same key never declares twice. */
  requestKey: z.string().optional(),
  /** A drill pages nobody unless this is set (`--page`). */
  pageDrill: z.boolean().default(false),
});
export type DeclareIncidentInput = z.input<typeof DeclareIncidentInput>;

export interface DeclareResult {
  incident: Incident;
  /** False when this call found the declaration already done (a retry). */
  created: boolean;
}

// Far more than any real day needs; stops a runaway loop if Slack kept answering name_taken.
const MAX_NAME_ATTEMPTS = 50;
// Longer than the Slack steps can take with bounded retries; a crashed holder frees it by expiry.
const DECLARE_LEASE_MS = 60_000;
// Re-running the same declaration within this window resumes it instead of opening another incident.
const RESUME_WINDOW_MS = 30 * 60_000;

/**
 * Declares an incident: records it, then opens its channel, invites the declarer, posts the first
 * status message and announces it. Each Slack step is recorded as it completes, so a failure leaves
 * a row that says what was done and a retry (same request key, the Retry button, or the same title
 * by the same person) resumes where it stopped instead of opening a second channel.
 */
export async function declareIncident(deps: ServiceDeps, raw: DeclareIncidentInput): Promise<DeclareResult> {
  const input = parseInput(DeclareIncidentInput, raw);
  const existing = await findExisting(deps, input);
  if (existing?.declareState === 'complete') return { incident: toIncident(existing), created: false };
  const row = existing ?? (await recordDeclaration(deps, input));
  try {
    return { incident: await completeDeclaration(deps, row.id), created: !existing };
  } finally {
    // Pages were stored with the incident; they go out even when Slack failed part-way (that is when they matter).
    await deliverIncidentPages(deps, row.id);
  }
}

/** Resumes a declaration whose Slack steps failed part-way (the Retry button). */
export async function resumeDeclaration(deps: ServiceDeps, incidentId: string): Promise<Incident> {
  try {
    return await completeDeclaration(deps, incidentId);
  } finally {
    await deliverIncidentPages(deps, incidentId);
  }
}

async function findExisting(deps: ServiceDeps, input: z.output<typeof DeclareIncidentInput>) {
  if (input.requestKey) {
    const byKey = await findIncidentByDeclareKey(deps.db, input.requestKey);
    if (byKey) return byKey;
  }
  const since = new Date(deps.now().getTime() - RESUME_WINDOW_MS);
  return findUnfinishedDeclaration(deps.db, input.declaredBy, input.title, since);
}

async function recordDeclaration(deps: ServiceDeps, input: z.output<typeof DeclareIncidentInput>) {
  const severity = input.severity ?? parseSeverity(deps.config.default_severity)!;
  const unknown = input.services.filter((s) => !deps.config.services.some((c) => c.name === s));
  if (unknown.length) throw new DomainError('VALIDATION', `Unknown service ${unknown.join(', ')}.`);
  return deps.db.transaction(async (tx) => {
    const declaredAt = deps.now();
    const row = await insertIncident(tx, {
      title: input.title,
      severity,
      impact: input.impact || null,
      description: input.description || null,
      sourceUrl: input.sourceUrl ?? null,
      declaredFrom: input.declaredFrom ?? null,
      alertSource: input.alertSource ?? null,
      services: input.services,
      isPrivate: input.isPrivate,
      isDrill: input.isDrill,
      declaredBy: input.declaredBy,
      originChannelId: input.originChannelId ?? null,
      declareKey: input.requestKey ?? null,
      declaredAt,
    });
    await insertTimelineEvent(tx, {
      incidentId: row.id,
      kind: 'declared',
      actorId: input.declaredBy,
      at: declaredAt,
      text: input.title,
      data: { severity, services: input.services, isPrivate: input.isPrivate, isDrill: input.isDrill },
      dedupeKey: 'declared',
    });
    await requestPages(tx, deps, toIncident(row), {
      at: declaredAt,
      by: input.declaredBy,
      pageDrill: input.pageDrill,
    });
    return row;
  });
}

async function completeDeclaration(deps: ServiceDeps, incidentId: string): Promise<Incident> {
  const current = await findIncidentById(deps.db, incidentId);
  if (!current) throw new DomainError('NOT_FOUND', 'That incident no longer exists.');
  if (current.declareState === 'complete') return toIncident(current);
  let row = await claimDeclaration(deps.db, incidentId, deps.now(), DECLARE_LEASE_MS);
  if (!row) throw new DomainError('CONFLICT', 'This incident is being set up right now; give it a few seconds.');
  const log = deps.logger.child({ module: 'declare', incidentId });
  try {
    row = await ensureChannel(deps, row);
    await deps.chat.invite(row.channelId!, [row.declaredBy]);
    row = await ensureFirstStatus(deps, row);
    row = await ensureAnnouncement(deps, row);
    row = await updateIncident(deps.db, row.id, { declareState: 'complete', declareError: null, declaringUntil: null });
    await decorateChannel(deps, row);
    log.info({ channelId: row.channelId }, 'incident declared');
    return toIncident(row);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await updateIncident(deps.db, row.id, { declareState: 'failed', declareError: message, declaringUntil: null });
    log.warn({ err }, 'declaration stopped part-way');
    if (err instanceof DomainError)
      throw new DomainError(err.code, err.message, { ...err.details, incidentId: row.id });
    throw err;
  }
}

async function ensureChannel(deps: ServiceDeps, row: IncidentRow): Promise<IncidentRow> {
  if (row.channelId) return row;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = incidentChannelName(row.title, row.declaredAt, deps.config.timezone, attempt);
    const created = await deps.chat.createChannel(name, row.isPrivate);
    if (created === 'name_taken') continue;
    const attached = await attachChannel(deps.db, row.id, created.id, name);
    await insertTimelineEvent(deps.db, {
      incidentId: row.id,
      kind: 'channel_created',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at: deps.now(),
      text: `#${name}`,
      data: { channelId: created.id, channelName: name },
      dedupeKey: 'channel_created',
    });
    return attached;
  }
  throw new DomainError('UPSTREAM', `Slack said every channel name for "${row.title}" is taken; try another title.`);
}

async function ensureFirstStatus(deps: ServiceDeps, row: IncidentRow): Promise<IncidentRow> {
  if (row.statusMessageTs) return row;
  const incident = toIncident(row);
  const next = nextUpdateAt(incident.severity, deps.now(), cadencePolicy(deps.config));
  const roles = await findRoleHolders(deps.db, row.id);
  const ts = await deps.chat.post(row.channelId!, { kind: 'incident-opened', incident, roles, nextUpdateAt: next });
  await insertTimelineEvent(deps.db, {
    incidentId: row.id,
    kind: 'status_update',
    actorType: 'bot',
    actorId: deps.chat.botUserId,
    at: deps.now(),
    text: 'First status update posted',
    messageTs: ts,
    data: { nextUpdateAt: next?.toISOString() ?? null },
    dedupeKey: 'first_status',
  });
  // The channel's first message is the citation for both the declaration and the channel itself.
  await linkAnnouncement(deps.db, row.id, ['declared'], ts);
  await linkAnnouncement(deps.db, row.id, ['channel_created'], ts);
  return updateIncident(deps.db, row.id, { statusMessageTs: ts, nextUpdateAt: next });
}

async function ensureAnnouncement(deps: ServiceDeps, row: IncidentRow): Promise<IncidentRow> {
  const broadcast = deps.config.channels.broadcast;
  // Private incidents are never announced: their existence is on a need-to-know basis.
  if (row.broadcastTs || !broadcast || row.isPrivate) return row;
  const incident = toIncident(row);
  const roles = await findRoleHolders(deps.db, row.id);
  const ts = await deps.chat.post(broadcast, { kind: 'incident-announced', incident, roles });
  return updateIncident(deps.db, row.id, { broadcastTs: ts });
}

// Enough for a dashboard and a runbook per service without pushing a declaration past 8 Web API calls.
const MAX_BOOKMARKS = 2;

/**
 * Topic and service bookmarks: conveniences, so they run once, after the declaration is complete,
 * and a failure is logged rather than turning a working incident channel into a failed declaration.
 */
async function decorateChannel(deps: ServiceDeps, row: IncidentRow): Promise<void> {
  const incident = toIncident(row);
  await syncTopic(deps, incident, {});
  const links = deps.config.services
    .filter((s) => row.services.includes(s.name))
    .flatMap((s) => Object.entries(s.links).map(([label, url]) => ({ title: `${s.name} ${label}`, url })))
    .slice(0, MAX_BOOKMARKS);
  for (const link of links) {
    try {
      await deps.chat.addBookmark(row.channelId!, link.title, link.url);
    } catch (err) {
      deps.logger.warn({ err, incidentId: row.id, link: link.title }, 'could not bookmark a service link');
    }
  }
}
