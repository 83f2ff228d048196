import { claimDigestRun, findDigestedChannels, markDigestPosted } from '../../db/repositories/digest-runs.js';
import { lastFiring } from '../../domain/digest-schedule.js';
import { lastCompleteWeek } from '../../domain/metrics/period.js';
import type { ServiceDeps } from '../deps.js';
import { computeDigest } from './compute-digest.js';
import { type DigestTarget, digestTargets } from './digest-targets.js';

// Longer than computing and posting one digest can take; a crashed sender's claim frees after it.
const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * The Monday digest, once per (week, channel) across restarts and replicas. Each tick looks at the
 * schedule's latest firing (in `timezone`): if it falls in the current week, every target channel
 * without a posted run for the reported week is claimed in the database and sent. A digest missed
 * while Firebreak was down therefore goes out when it comes back — for the latest week only.
 * A claim whose sender died is taken over after a lease; the message carries the run's key as
 * metadata, so the new sender finds it instead of posting twice when the post did go out.
 */
export async function sendDueDigests(deps: ServiceDeps): Promise<number> {
  const now = deps.now();
  const tz = deps.config.timezone;
  const week = lastCompleteWeek(lastFiring(deps.config.digest.schedule, now, tz), tz);
  // Catch up only within the week the firing belongs to: a digest missed across a week boundary is stale.
  if (week.start !== lastCompleteWeek(now, tz).start) return 0;
  const targets = await digestTargets(deps.db, deps.config);
  if (!targets.length) return 0;
  const done = await findDigestedChannels(deps.db, week.start);
  let sent = 0;
  for (const target of targets.filter((t) => !done.has(t.channelId))) {
    try {
      if (await sendOne(deps, target, week)) sent++;
    } catch (err) {
      // One archived or unreachable channel must not keep the others from their digest.
      deps.logger.warn({ err, channelId: target.channelId, period: week.start }, 'could not send a digest');
    }
  }
  return sent;
}

async function sendOne(
  deps: ServiceDeps,
  target: DigestTarget,
  week: ReturnType<typeof lastCompleteWeek>,
): Promise<boolean> {
  const now = deps.now();
  const claim = await claimDigestRun(deps.db, {
    period: week.start,
    channelId: target.channelId,
    team: target.team ?? null,
    now,
    staleBefore: new Date(now.getTime() - CLAIM_LEASE_MS),
  });
  if (!claim) return false;
  const key = `digest:${week.start}:${target.channelId}`;
  // A lookup that fails throws: "not known" must not read as "not posted". The claim's lease
  // then runs out and a later tick tries again.
  let ts = await deps.chat.findPosted(target.channelId, key);
  if (!ts) {
    const computed = await computeDigest(deps, { period: week, team: target.team });
    ts = await deps.chat.post(target.channelId, { kind: 'digest', ...computed }, { key });
  }
  await markDigestPosted(deps.db, claim.id, { postedTs: ts, postedAt: deps.now() });
  return true;
}
