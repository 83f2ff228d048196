import { proposalDeciders } from '../../db/queries/proposal-deciders.js';
import { claimTrustSurvey, sentTrustSurveys, setTrustSurvey } from '../../db/repositories/trust-surveys.js';
import type { TrustSurveyRow } from '../../db/schema/index.js';
import { lastFiring } from '../../domain/digest-schedule.js';
import { monthLabel, type SurveyMonth, surveyDue } from '../../domain/trust-survey.js';
import type { ServiceDeps } from '../deps.js';

// Longer than opening a DM and posting can take; a crashed sender's claim is taken over after it.
const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Scheduler job: the monthly trust survey, by DM, once per (month, person) across restarts and
 * replicas. Due from the first digest firing of a month, for the month before; it asks whoever
 * approved, rejected or stopped a proposal in that month. Each person's row is stored (claimed)
 * before anything is sent; the DM carries the row's key as metadata, so a sender that takes over a
 * claim whose owner died finds the message instead of posting it twice.
 */
export async function sendTrustSurveys(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const tz = deps.config.timezone;
  const due = surveyDue(lastFiring(deps.config.digest.schedule, now, tz), now, tz);
  if (!due) return 0;
  const people = await proposalDeciders(deps.db, due.from, due.to);
  const done = await sentTrustSurveys(deps.db, due.month);
  let sent = 0;
  for (const userId of people.filter((u) => !done.has(u))) {
    try {
      if (await sendOne(deps, due, userId)) sent++;
    } catch (err) {
      // One person Slack refuses (deactivated since) must not keep the others from their survey.
      deps.logger.warn({ err, userId, month: due.month }, 'could not send a trust survey; retried after its lease');
    }
  }
  return sent;
}

async function sendOne(deps: ServiceDeps, due: SurveyMonth, userId: string): Promise<boolean> {
  const now = deps.now();
  const claim = await claimTrustSurvey(deps.db, {
    month: due.month,
    userId,
    now,
    staleBefore: new Date(now.getTime() - CLAIM_LEASE_MS),
  });
  if (!claim) return false;
  const dm = claim.dmChannel ?? (await deps.chat.openDm(userId));
  if (!claim.dmChannel) await setTrustSurvey(deps.db, claim.id, { dmChannel: dm });
  const key = surveyKey(claim);
  // A lookup that fails throws: "not known" must not read as "not posted"; the lease runs out and a later tick retries.
  const ts =
    (await deps.chat.findPosted(dm, key)) ??
    (await deps.chat.post(
      dm,
      { kind: 'trust-survey', surveyId: claim.id, monthLabel: monthLabel(due.month) },
      { key },
    ));
  await setTrustSurvey(deps.db, claim.id, { messageTs: ts, sentAt: deps.now() });
  return true;
}

const surveyKey = (row: TrustSurveyRow) => `trust-survey:${row.month}:${row.userId}`;
