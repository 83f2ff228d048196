import { recordOnCall } from '../../db/repositories/pages.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { PageRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import { ONCALL_MAX_ATTEMPTS, type PageProvider, pageBackoffMs } from '../../domain/paging.js';
import type { OnCallPerson } from '../../integrations/paging/ports.js';
import type { ServiceDeps } from '../deps.js';
import { onCallSource, targetLabel } from './paging-policy.js';

const NAME = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' } as const;

/**
 * Who is on call for a page that reached its provider: asked of PagerDuty (the service's escalation
 * policy, first level) or Opsgenie (the schedule), matched to Slack people by email, invited into
 * the channel and named in the paging message. Runs under the page's claim, so one replica does it
 * once; a failure is retried a few times and then said in the message — the page itself is sent.
 */
export async function lookUpOnCall(deps: ServiceDeps, incident: Incident, page: PageRow): Promise<PageRow> {
  const source = onCallSource(deps.config, deps.paging, page.target, page.provider as PageProvider);
  const port = source?.via === 'pagerduty' ? deps.paging?.pagerdutyRest : deps.paging?.opsgenieDirectory;
  // The configuration changed since the page was stored: nothing to look up any more.
  if (!source || !port)
    return recordOnCall(deps.db, page.id, { state: 'done', attempts: page.oncallAttempts, note: null });
  const answer = await port.onCall(source.via === 'pagerduty' ? source.serviceId : source.schedule);
  const provider = NAME[source.via];
  if (!answer.ok) {
    const attempts = page.oncallAttempts + 1;
    const giveUp = !answer.retryable || attempts >= ONCALL_MAX_ATTEMPTS;
    deps.logger.warn(
      { module: 'paging', incidentId: incident.id, pageId: page.id, attempts, giveUp },
      `on-call look-up failed: ${answer.reason}`,
    );
    const note = `could not ask ${provider} who is on call (${answer.reason})${giveUp ? '' : '; trying again'}`;
    return recordOnCall(deps.db, page.id, {
      state: giveUp ? 'failed' : 'wanted',
      attempts,
      note,
      ...(!giveUp && { retryAt: new Date(deps.now().getTime() + pageBackoffMs(attempts, answer.retryAfterMs)) }),
    });
  }
  const { slackIds, unmatched, slackError } = await matchInSlack(deps, answer.value);
  if (slackIds.length && incident.channelId) await deps.chat.invite(incident.channelId, slackIds);
  if (slackIds.length)
    await insertTimelineEvent(deps.db, {
      incidentId: incident.id,
      kind: 'oncall_invited',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at: deps.now(),
      text: `On call for ${targetLabel(page.target)} (${provider}): ${slackIds.map((id) => `<@${id}>`).join(', ')}, invited`,
      data: { pageId: page.id, userIds: slackIds },
      dedupeKey: `page:${page.id}:oncall`,
    });
  return recordOnCall(deps.db, page.id, {
    state: 'done',
    attempts: page.oncallAttempts + 1,
    slackIds,
    note: slackError ?? onCallNote(provider, answer.value.length, unmatched),
  });
}

/**
 * Slack accounts by email. Slack refusing the look-up (typically `missing_scope`: the app was not
 * reinstalled with users:read.email) is said once in the message rather than retried every tick.
 */
async function matchInSlack(
  deps: ServiceDeps,
  people: OnCallPerson[],
): Promise<{ slackIds: string[]; unmatched: string[]; slackError?: string }> {
  const slackIds: string[] = [];
  const unmatched: string[] = [];
  for (const person of people) {
    let id: string | undefined;
    try {
      id = await deps.chat.findUserByEmail(person.email);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      deps.logger.warn({ module: 'paging', err }, 'users.lookupByEmail failed');
      return {
        slackIds,
        unmatched,
        slackError: `on call: ${people.map((p) => p.name).join(', ')}, not matched in Slack (${why})`,
      };
    }
    if (id) slackIds.includes(id) || slackIds.push(id);
    else unmatched.push(person.name);
  }
  return { slackIds, unmatched };
}

function onCallNote(provider: string, found: number, unmatched: string[]): string | null {
  if (!found) return `${provider} has nobody on call for it now`;
  if (!unmatched.length) return null;
  const who = unmatched.join(', ');
  return `on call in ${provider}: ${who}, with no Slack account of the same email`;
}
