import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TrackerName } from '../../config/trackers.js';
import type { TrackerState } from '../../domain/tracker.js';
import { githubIssueId } from './github.js';

/** Older than this, a signed delivery is a replay (Linear's own SDK allows one minute; Jira's clock gets five). */
export const WEBHOOK_MAX_AGE_MS = { jira: 5 * 60_000, linear: 60_000 } as const;

export type WebhookParse =
  | { ok: true; event?: { deliveryId: string; issueId: string; state: TrackerState } }
  | { ok: false; status: 400 | 401; error: string };

type Headers = Record<string, string | undefined>;

/** `sha256=<hex HMAC-SHA256 of the raw body>` (GitHub X-Hub-Signature-256, Jira X-Hub-Signature), or bare hex (Linear). */
export function verifyHmac(raw: Buffer, header: string | undefined, secret: string, prefix: string): boolean {
  if (!header?.startsWith(prefix)) return false;
  const given = Buffer.from(header.slice(prefix.length), 'utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const JiraEvent = z.object({
  timestamp: z.number(),
  webhookEvent: z.string(),
  issue: z
    .object({
      id: z.union([z.string(), z.number()]),
      fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }) }).optional() }).optional(),
    })
    .optional(),
});
const GitHubEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number(), state: z.string() }),
  repository: z.object({ full_name: z.string() }),
});
const LinearEvent = z.object({
  type: z.string(),
  action: z.string(),
  webhookTimestamp: z.number(),
  data: z.object({ id: z.string(), state: z.object({ type: z.string() }).nullish() }).passthrough(),
});

/**
 * Verifies a tracker's webhook (signature over the exact bytes, then freshness where the tracker
 * signs a timestamp) and reads the one thing Firebreak needs: which issue, open or closed. Other
 * events verify and are ignored (`event` undefined).
 */
export function parseTrackerWebhook(
  tracker: TrackerName,
  raw: Buffer,
  headers: Headers,
  secret: string,
  now: Date,
): WebhookParse {
  const signed =
    tracker === 'jira'
      ? verifyHmac(raw, headers['x-hub-signature'], secret, 'sha256=')
      : tracker === 'github'
        ? verifyHmac(raw, headers['x-hub-signature-256'], secret, 'sha256=')
        : verifyHmac(raw, headers['linear-signature'], secret, '');
  if (!signed) return { ok: false, status: 401, error: `The ${tracker} webhook signature does not match.` };
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, error: 'The body is not JSON.' };
  }
  const hash = createHash('sha256').update(raw).digest('hex');
  if (tracker === 'github') {
    if (headers['x-github-event'] !== 'issues') return { ok: true };
    const e = GitHubEvent.safeParse(body);
    if (!e.success) return { ok: false, status: 400, error: 'The issues event has no issue or repository.' };
    return {
      ok: true,
      event: {
        deliveryId: headers['x-github-delivery'] ?? hash,
        issueId: githubIssueId(e.data.repository.full_name, e.data.issue.number),
        state: e.data.issue.state === 'closed' ? 'closed' : 'open',
      },
    };
  }
  if (tracker === 'jira') {
    const e = JiraEvent.safeParse(body);
    if (!e.success) return { ok: false, status: 400, error: 'The Jira event has no timestamp or webhookEvent.' };
    if (stale(e.data.timestamp, now, WEBHOOK_MAX_AGE_MS.jira)) return replay();
    const category = e.data.issue?.fields?.status?.statusCategory.key;
    if (!e.data.issue || !category || !/^jira:issue_(updated|created)$/.test(e.data.webhookEvent)) return { ok: true };
    return {
      ok: true,
      event: {
        deliveryId: headers['x-atlassian-webhook-identifier'] ?? hash,
        issueId: String(e.data.issue.id),
        state: category === 'done' ? 'closed' : 'open',
      },
    };
  }
  const e = LinearEvent.safeParse(body);
  if (!e.success) return { ok: false, status: 400, error: 'The Linear event has no type, action, data or timestamp.' };
  if (stale(e.data.webhookTimestamp, now, WEBHOOK_MAX_AGE_MS.linear)) return replay();
  const stateType = e.data.data.state?.type;
  if (e.data.type !== 'Issue' || !stateType) return { ok: true };
  return {
    ok: true,
    event: {
      deliveryId: headers['linear-delivery'] ?? hash,
      issueId: e.data.data.id,
      state: stateType === 'completed' || stateType === 'canceled' ? 'closed' : 'open',
    },
  };
}

const stale = (atMs: number, now: Date, maxAge: number) => Math.abs(now.getTime() - atMs) > maxAge;
const replay = (): WebhookParse => ({
  ok: false,
  status: 401,
  error: 'The delivery is too old (or from the future): a replay is refused.',
});
