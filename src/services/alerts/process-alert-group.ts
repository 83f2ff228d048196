import { claimGroup, listGroupAlerts, setAlertGroup } from '../../db/repositories/alerts.js';
import type { AlertGroupRow } from '../../db/schema/index.js';
import { parseSeverity } from '../../domain/severity.js';
import { declareIncident } from '../declare-incident.js';
import type { ServiceDeps } from '../deps.js';
import { autoAnalyzeIncident } from '../remediation/auto-analyze.js';
import { attachAlerts } from './attach-alerts.js';

// Longer than a declaration's Slack steps with bounded retries; a crashed worker's claim frees by expiry.
const LEASE_MS = 60_000;
// After a failure the job tries again, but not every tick: Slack may be down for a while.
const RETRY_AFTER_MS = 60_000;

/**
 * The Slack side of a new alert group, after the webhook was answered: declare an incident (the
 * routing said so) or announce it in the broadcast channel with a Declare button. Claimed with a
 * lease, and the declaration carries the group as its request key, so a retry after a crash
 * resumes the same incident instead of opening a second channel.
 */
export async function processAlertGroup(deps: ServiceDeps, groupId: string): Promise<void> {
  const now = deps.now();
  const group = await claimGroup(deps.db, groupId, now, new Date(now.getTime() + LEASE_MS));
  if (!group) return;
  try {
    if (group.action === 'declare') await declareFromGroup(deps, group, deps.chat.botUserId);
    else await announceGroup(deps, group);
  } catch (err) {
    deps.logger.warn({ err, groupId }, 'alert group: Slack work failed; the scheduler will retry');
    await setAlertGroup(deps.db, groupId, {
      state: 'pending',
      claimedUntil: new Date(deps.now().getTime() + RETRY_AFTER_MS),
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

/** Declares (or resumes declaring) the group's incident, then puts its alerts on the timeline and analyses. */
export async function declareFromGroup(deps: ServiceDeps, group: AlertGroupRow, declaredBy: string): Promise<string> {
  const { incident } = await declareIncident(deps, {
    title: group.title,
    severity: parseSeverity(group.severity),
    services: group.service ? [group.service] : [],
    ...(group.description && { description: group.description.slice(0, 3000) }),
    declaredBy,
    requestKey: `alert-group:${group.id}`,
    ...(group.generatorUrl && { sourceUrl: group.generatorUrl }),
    // A person who clicked Declare is the declarer; otherwise the alert source is.
    ...(declaredBy === deps.chat.botUserId && { declaredFrom: group.source as 'alertmanager' }),
    alertSource: group.source as 'alertmanager',
  });
  await setAlertGroup(deps.db, group.id, { incidentId: incident.id, state: 'done', claimedUntil: null, error: null });
  await attachAlerts(deps.db, incident.id, await listGroupAlerts(deps.db, group.id));
  try {
    await autoAnalyzeIncident(deps, { incidentId: incident.id, hasAlert: true });
  } catch (err) {
    deps.logger.error({ err, incidentId: incident.id }, 'automatic analysis of an alert incident failed');
  }
  return incident.channelId!;
}

/** Routing said "notify": one message in the broadcast channel with a Declare button. */
async function announceGroup(deps: ServiceDeps, group: AlertGroupRow): Promise<void> {
  const channel = deps.config.channels.broadcast;
  const key = `alert-group:${group.id}`;
  let ts: string | null = null;
  if (channel) {
    ts =
      (await deps.chat.findPosted(channel, key)) ??
      (await deps.chat.post(channel, { kind: 'alert-received', group }, { key }));
  } else {
    deps.logger.warn({ groupId: group.id }, 'alert to notify, but channels.broadcast is not configured; stored only');
  }
  await setAlertGroup(deps.db, group.id, { state: 'notified', notifyTs: ts, claimedUntil: null, error: null });
}
