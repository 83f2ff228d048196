import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { claimPage, recordPageFailure, recordPageStep, releasePage } from '../../db/repositories/pages.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { PageRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import {
  canLookUpOnCall,
  isLowUrgency,
  nextPageStep,
  PAGE_MAX_ATTEMPTS,
  type PageProvider,
  type PageState,
  type PageStep,
  type PageWanted,
  pageBackoffMs,
  STATE_AFTER,
  targetPerson,
  targetService,
} from '../../domain/paging.js';
import { type Severity, severityLabel } from '../../domain/severity.js';
import type { PageEvent, PageOutcome } from '../../integrations/paging/ports.js';
import type { ServiceDeps } from '../deps.js';
import { lookUpOnCall } from './look-up-on-call.js';
import { pageDestination, personPageService, targetLabel } from './paging-policy.js';

// Longer than three provider calls at their 10 s timeout; a crashed worker's claim frees by expiry.
const LEASE_MS = 60_000;
const PROVIDER_NAME: Record<PageProvider, string> = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' };

/**
 * Sends what one stored page still needs (trigger, then acknowledge or resolve) under a claim, so
 * of two replicas or a retry racing the tick only one talks to the provider. A failure is stored
 * with the next attempt time (backoff, at least the provider's Retry-After); a refusal, or the
 * last allowed failure, stops retries and leaves the page for the Retry button. Returns whether it
 * did anything (the caller then redraws the channel's paging message).
 */
export async function deliverPage(deps: ServiceDeps, pageId: string): Promise<boolean> {
  let page = await claimPage(deps.db, pageId, deps.now(), LEASE_MS);
  if (!page) return false;
  try {
    const row = await findIncidentById(deps.db, page.incidentId);
    if (!row) return true;
    const incident = toIncident(row);
    for (let step = nextStepOf(page); step; step = nextStepOf(page)) {
      if (step === 'cancel') {
        page = await recordPageStep(deps.db, page.id, { state: 'cancelled' });
        break;
      }
      const outcome = await send(deps, incident, page, step);
      if (!outcome.ok) {
        await recordFailure(deps, incident, page, outcome);
        return true;
      }
      const at = deps.now();
      page = await recordPageStep(deps.db, page.id, {
        state: STATE_AFTER[step],
        ...(step === 'trigger' && { triggeredAt: at }),
        ...(step === 'resolve' && { resolvedAt: at }),
        ...(outcome.ref && { providerRef: outcome.ref }),
      });
      if (step === 'trigger')
        await insertTimelineEvent(deps.db, {
          incidentId: incident.id,
          kind: 'paged',
          actorType: 'bot',
          actorId: deps.chat.botUserId,
          at,
          text: `Paged ${targetLabel(page.target)} through ${PROVIDER_NAME[page.provider as PageProvider]}`,
          data: { pageId: page.id, target: page.target, provider: page.provider },
          dedupeKey: `page:${page.id}:trigger`,
        });
    }
    if (page.oncallState === 'wanted' && canLookUpOnCall(page.state as PageState))
      page = await lookUpOnCall(deps, incident, page);
    return true;
  } finally {
    await releasePage(deps.db, pageId);
  }
}

const nextStepOf = (page: PageRow): PageStep | undefined =>
  nextPageStep(page.state as PageState, page.wanted as PageWanted);

async function send(deps: ServiceDeps, incident: Incident, page: PageRow, step: PageStep): Promise<PageOutcome> {
  const provider = page.provider as PageProvider;
  if (provider === 'pagerduty' && targetPerson(page.target)) return sendPersonPage(deps, incident, page, step);
  const port = deps.paging?.[provider];
  const destination = pageDestination(deps.config, page.target, provider, page.recipient);
  if (!port)
    return { ok: false, retryable: false, reason: `${PROVIDER_NAME[provider]} is not set up in this Firebreak` };
  if (!destination)
    return {
      ok: false,
      retryable: false,
      reason: `${targetLabel(page.target)} has no ${PROVIDER_NAME[provider]} configuration any more`,
    };
  return port.send(await pageEvent(deps, incident, page, step as PageEvent['action'], destination));
}

/** A person's PagerDuty page: an incident under one of the incident's PagerDuty services, assigned to them. */
async function sendPersonPage(
  deps: ServiceDeps,
  incident: Incident,
  page: PageRow,
  step: PageStep,
): Promise<PageOutcome> {
  const rest = deps.paging?.pagerdutyRest;
  if (!rest?.canAct || !page.recipient)
    return {
      ok: false,
      retryable: false,
      reason: 'PagerDuty REST is not set up (FIREBREAK_PAGERDUTY_API_TOKEN and paging.pagerduty.from)',
    };
  const serviceId = personPageService(deps.config, incident.services);
  return rest.sendPersonPage({
    action: step as 'trigger',
    dedupKey: page.dedupKey,
    recipient: page.recipient,
    ...(serviceId && { serviceId }),
    ref: page.providerRef,
    summary: pageSummary(deps, incident, page.severity as Severity),
  });
}

async function pageEvent(
  deps: ServiceDeps,
  incident: Incident,
  page: PageRow,
  action: PageEvent['action'],
  destination: PageEvent['destination'],
): Promise<PageEvent> {
  const severity = page.severity as Severity;
  const service = targetService(page.target);
  const actor =
    action === 'acknowledge' && page.acknowledgedBy ? await displayName(deps, page.acknowledgedBy) : undefined;
  return {
    action,
    destination,
    dedupKey: page.dedupKey,
    summary: pageSummary(deps, incident, severity),
    severity,
    lowUrgency: isLowUrgency(page.target),
    incidentRef: incidentRef(incident),
    ...(service && { service }),
    ...(incident.channelId &&
      incident.statusMessageTs && { channelUrl: deps.chat.messageLink(incident.channelId, incident.statusMessageTs) }),
    ...(incident.channelName && { channelName: incident.channelName }),
    ...(actor && { actor }),
    at: deps.now(),
  };
}

/** What the pager shows. A private incident's title stays in Slack unless configured otherwise. */
export function pageSummary(deps: Pick<ServiceDeps, 'config'>, incident: Incident, severity: Severity): string {
  const head = `[${incidentRef(incident)}] ${severityLabel(severity)}`;
  if (incident.isPrivate && deps.config.paging?.private_summary !== 'title')
    return `${head} private incident: details in its Slack channel`;
  return `${head} ${incident.title}`;
}

async function displayName(deps: ServiceDeps, userId: string): Promise<string> {
  try {
    return (await deps.chat.findUser(userId))?.name ?? userId;
  } catch {
    // Only the name in the provider's log is lost; the acknowledgement itself still goes out.
    return userId;
  }
}

async function recordFailure(
  deps: ServiceDeps,
  incident: Incident,
  page: PageRow,
  outcome: Extract<PageOutcome, { ok: false }>,
): Promise<void> {
  const at = deps.now();
  const attempts = page.attempts + 1;
  const giveUp = !outcome.retryable || attempts >= PAGE_MAX_ATTEMPTS;
  const retryAt = giveUp ? null : new Date(at.getTime() + pageBackoffMs(attempts, outcome.retryAfterMs));
  await recordPageFailure(deps.db, page.id, { error: outcome.reason, attempts, retryAt, at });
  deps.logger.warn(
    { module: 'paging', incidentId: incident.id, pageId: page.id, provider: page.provider, attempts, giveUp },
    `page not delivered: ${outcome.reason}`,
  );
  if (giveUp)
    await insertTimelineEvent(deps.db, {
      incidentId: incident.id,
      kind: 'page_failed',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at,
      text: `Could not page ${targetLabel(page.target)} through ${PROVIDER_NAME[page.provider as PageProvider]}: ${outcome.reason}`,
      data: { pageId: page.id, target: page.target, provider: page.provider },
      dedupeKey: `page:${page.id}:failed:${at.getTime()}`,
    });
}
