import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/db/queries/digest-facts.js';
import { actionItems } from '../../src/db/schema/index.js';
import { exportPostmortem } from '../../src/services/postmortem/export-postmortem.js';
import { closeActionItem } from '../../src/services/trackers/close-action-item.js';
import { syncTrackerItem } from '../../src/services/trackers/sync-tracker-item.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';
import { FakeTrackers, GITHUB_ORIGIN, JIRA_ORIGIN, LINEAR_ORIGIN } from '../support/trackers.js';

// Shaped like real secrets so a leak would be found by searching for them.
const ENV = {
  JIRA_EMAIL: 'firebreak@example.com',
  JIRA_API_TOKEN: 'jira-5ecret-token-000000000001',
  JIRA_WEBHOOK_SECRET: 'jira-hook-5ecret-0002',
  GITHUB_TOKEN: 'ghp_5ecret000000000000000000000000000003',
  GITHUB_WEBHOOK_SECRET: 'gh-hook-5ecret-0004',
  LINEAR_API_KEY: 'lin_api_5ecret00000000000000000000005',
  LINEAR_WEBHOOK_SECRET: 'lin-hook-5ecret-0006',
};
const CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, team: payments, tracker: { github: { repo: example/payments } } }
  - { name: search, team: discovery, tracker: { linear: { team: OPS } } }
  - { name: analytics, team: data }
trackers:
  default: jira
  jira: { url: "${JIRA_ORIGIN}", project: OPS, email: "\${JIRA_EMAIL}", token: "\${JIRA_API_TOKEN}", webhook_secret: "\${JIRA_WEBHOOK_SECRET}" }
  github: { repo: example/ops, token: "\${GITHUB_TOKEN}", api_url: "${GITHUB_ORIGIN}", webhook_secret: "\${GITHUB_WEBHOOK_SECRET}" }
  linear: { team: OPS, token: "\${LINEAR_API_KEY}", api_url: "${LINEAR_ORIGIN}/graphql", webhook_secret: "\${LINEAR_WEBHOOK_SECRET}" }
`;
const START = '2026-11-23T10:00:00Z';
const clock = new TestClock(START);
const h = useHarness({ config: CONFIG, env: ENV, now: clock.now });
const fake = new FakeTrackers();

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  fake.install();
});
afterEach(() => {
  expect(fake.invalid).toEqual([]);
  const logs = h.logs.join('\n');
  for (const secret of Object.values(ENV).filter((v) => v.includes('5ecret'))) expect(logs).not.toContain(secret);
  fake.reset();
  clock.set(START);
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const sign = (secret: string, raw: string) => createHmac('sha256', secret).update(raw).digest('hex');

async function webhook(tracker: 'jira' | 'github' | 'linear', body: unknown, headers: Record<string, string> = {}) {
  const raw = JSON.stringify(body);
  const signature: Record<string, string> =
    tracker === 'jira'
      ? { 'x-hub-signature': `sha256=${sign(ENV.JIRA_WEBHOOK_SECRET, raw)}` }
      : tracker === 'github'
        ? { 'x-hub-signature-256': `sha256=${sign(ENV.GITHUB_WEBHOOK_SECRET, raw)}`, 'x-github-event': 'issues' }
        : { 'linear-signature': sign(ENV.LINEAR_WEBHOOK_SECRET, raw) };
  const res = await fetch(`${h.app.url}/webhooks/${tracker}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature, ...headers },
    body: raw,
  });
  await settle(h);
  return res.status;
}

const jiraClosed = (issueId: string, at = clock.now().getTime()) => ({
  timestamp: at,
  webhookEvent: 'jira:issue_updated',
  issue: { id: issueId, key: 'OPS-1', fields: { status: { statusCategory: { key: 'done' } } } },
});

async function item() {
  const [row] = await h.db.select().from(actionItems);
  return row!;
}

/** Adds an action item owned by Alice through the real command. */
async function addItem(text = 'declare sev2 checkout slow') {
  const ch = await declare(h, text);
  await run(h, 'UALICE', ch, 'action <@UALICE|alice> 2026-12-04 P0 detect Alert on pool saturation');
  return ch;
}

function itemMessage(ch: string) {
  const found = h.emulator.messages(ch).filter((m) => m.text.startsWith('📋 Action item'));
  expect(found).toHaveLength(1);
  return found[0]!;
}

async function tickAfter(ms: number) {
  clock.advance(ms);
  await h.app.tick();
  await settle(h);
}

describe('action items in trackers', () => {
  it('creates the item in Jira, assigned by email, and the item message links to it', async () => {
    const ch = await addItem();
    expect(fake.issues.jira).toHaveLength(1);
    const issue = fake.issues.jira[0]!;
    expect(issue.assignee).toBe('acc-alice');
    expect(issue.title).toBe('INC-1-A1: Alert on pool saturation');
    expect(issue.body).toContain('INC-1');
    expect(issue.body).toContain(`/archives/${ch}/`);
    const row = await item();
    expect(row).toMatchObject({ tracker: 'jira', trackerId: issue.id, trackerKey: 'OPS-1', trackerState: 'open' });
    const blocks = JSON.stringify(itemMessage(ch).blocks);
    expect(blocks).toContain(`${JIRA_ORIGIN}/browse/OPS-1|Jira OPS-1`);
    expect(blocks).toContain('action_item_done');
  });

  it('a service names its own tracker: payments goes to GitHub, search to Linear', async () => {
    await addItem('declare sev2 payments refunds failing');
    expect(fake.issues.github.map((i) => i.repo)).toEqual(['example/payments']);
    expect(fake.issues.github[0]!.assignee).toBe('alice');
    await addItem('declare sev2 search results empty');
    expect(fake.issues.linear).toHaveLength(1);
    expect(fake.issues.linear[0]!.assignee).toBe('user-alice');
    expect(fake.issues.jira).toHaveLength(0);
  });

  it('closed in Jira: done in Firebreak, no overdue reminder, listed closed in the postmortem and the export', async () => {
    const ch = await addItem();
    const issueId = (await item()).trackerId!;
    expect(await webhook('jira', jiraClosed(issueId), { 'x-atlassian-webhook-identifier': 'd-1' })).toBe(202);
    expect(await item()).toMatchObject({ status: 'done', closedVia: 'tracker', trackerState: 'closed' });
    expect(botTexts(h, ch).some((t) => t.startsWith('✅ INC-1-A1 is done in'))).toBe(true);
    // The digest's follow-up figures count it closed, not open.
    const day = 86_400_000;
    const digest = await loadDigest(h.db, {
      from: new Date(clock.now().getTime() - day),
      to: new Date(clock.now().getTime() + day),
      prevFrom: new Date(clock.now().getTime() - 8 * day),
      now: new Date(clock.now().getTime() + 3_600_000),
    });
    expect(digest.followUp.actionItemsClosed.value).toBe(1);
    expect(digest.followUp.actionItemsOpen.value).toBe(0);
    expect(JSON.stringify(itemMessage(ch).blocks)).not.toContain('action_item_done');

    // Past its due date: the overdue reminder does not come for a done item.
    await tickAfter(20 * 86_400_000);
    expect(h.emulator.messages('UALICE').some((m) => m.text.startsWith('⏰'))).toBe(false);

    expect(fake.issues.jira[0]!.body).not.toContain('Postmortem');
    await run(h, 'UALICE', ch, 'postmortem');
    // The issue made during the incident now links the postmortem too.
    expect(fake.issues.jira[0]!.body).toContain('Postmortem');
    expect(fake.calls.filter((c) => c === 'jira edit')).toHaveLength(1);
    const markdown = await exportPostmortem(h.db, 'INC-1', 'UTC');
    expect(markdown).toMatch(
      /\| done \|.*\[Jira OPS-1\]\(https:\/\/example\.atlassian\.test\/browse\/OPS-1\) \(closed\) \|/,
    );
  });

  it('refuses bad signatures, replays and stale deliveries, changing nothing', async () => {
    await addItem();
    const issueId = (await item()).trackerId!;
    const body = jiraClosed(issueId);
    expect(await webhook('jira', body, { 'x-hub-signature': 'sha256=00' })).toBe(401);
    expect(await webhook('jira', jiraClosed(issueId, clock.now().getTime() - 10 * 60_000))).toBe(401);
    expect((await item()).status).toBe('open');
    expect(
      await webhook(
        'jira',
        { ...jiraClosed(issueId), issue: { id: issueId, fields: { status: { statusCategory: { key: 'new' } } } } },
        { 'x-atlassian-webhook-identifier': 'd-2' },
      ),
    ).toBe(202);
    expect(await webhook('jira', body, { 'x-atlassian-webhook-identifier': 'd-2' })).toBe(409);
    expect((await item()).status).toBe('open');

    // GitHub and Linear sign differently; each is verified with its own secret.
    await addItem('declare sev2 payments refunds failing');
    const gh = {
      action: 'closed',
      issue: { number: 1, state: 'closed' },
      repository: { full_name: 'example/payments' },
    };
    expect(await webhook('github', gh, { 'x-hub-signature-256': `sha256=${sign('wrong', JSON.stringify(gh))}` })).toBe(
      401,
    );
    expect(await webhook('github', gh, { 'x-github-delivery': 'g-1' })).toBe(202);
    expect(await webhook('github', gh, { 'x-github-delivery': 'g-1' })).toBe(409);
    const closedGitHub = (await h.db.select().from(actionItems).where(eq(actionItems.tracker, 'github')))[0]!;
    expect(closedGitHub.status).toBe('done');

    await addItem('declare sev2 search results empty');
    const linearId = fake.issues.linear[0]!.id;
    const lin = (at: number) => ({
      type: 'Issue',
      action: 'update',
      webhookTimestamp: at,
      data: { id: linearId, state: { type: 'completed' } },
    });
    expect(await webhook('linear', lin(clock.now().getTime() - 5 * 60_000), { 'linear-delivery': 'l-0' })).toBe(401);
    expect(await webhook('linear', lin(clock.now().getTime()), { 'linear-delivery': 'l-1' })).toBe(202);
    const closedLinear = (await h.db.select().from(actionItems).where(eq(actionItems.tracker, 'linear')))[0]!;
    expect(closedLinear.status).toBe('done');
  });

  it('Done in Slack closes it in the tracker', async () => {
    const ch = await addItem();
    const message = itemMessage(ch);
    const id = (await item()).id;
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: ch,
      messageTs: message.ts,
      actionId: 'action_item_done',
      value: id,
    });
    await settle(h);
    expect(await item()).toMatchObject({ status: 'done', closedVia: 'slack', trackerState: 'closed' });
    expect(fake.issues.jira[0]!.state).toBe('closed');
    expect(fake.calls.filter((c) => c === 'jira transition')).toHaveLength(1);
  });

  it('reopened in the tracker reopens the item; an update event before our close arrives does not', async () => {
    await addItem();
    const issueId = (await item()).trackerId!;
    const jiraState = (key: string, delivery: string) =>
      webhook(
        'jira',
        { ...jiraClosed(issueId), issue: { id: issueId, fields: { status: { statusCategory: { key } } } } },
        { 'x-atlassian-webhook-identifier': delivery },
      );
    expect(await jiraState('done', 'r-1')).toBe(202);
    expect((await item()).status).toBe('done');
    expect(await jiraState('indeterminate', 'r-2')).toBe(202);
    expect(await item()).toMatchObject({ status: 'open', closedVia: null, trackerState: 'open' });

    // Done here while Jira is down: an edit event saying "open" is old news, the close is still owed.
    fake.failNext('jira', { status: 503 });
    const row = await item();
    await closeActionItem(h.app.services, { itemId: row.id, actorId: 'UBOB' });
    await settle(h);
    expect(await jiraState('new', 'r-3')).toBe(202);
    expect(await item()).toMatchObject({ status: 'done', closedVia: 'slack', trackerState: 'open' });
    await tickAfter(60_000);
    expect(fake.issues.jira[0]!.state).toBe('closed');
  });

  it('the poll finds an issue closed in the tracker when no webhook came', async () => {
    await addItem();
    fake.issues.jira[0]!.state = 'closed';
    await tickAfter(5 * 60_000);
    expect((await item()).status).toBe('open');
    await tickAfter(15 * 60_000);
    expect(await item()).toMatchObject({ status: 'done', closedVia: 'tracker' });
  });

  it('a tracker that is down: the item exists, the channel is told with Retry, the tick retries with backoff', async () => {
    fake.failNext('jira', { status: 503, body: { errorMessages: ['maintenance'] } });
    const ch = await addItem();
    expect(await item()).toMatchObject({ status: 'open', trackerId: null, trackerAttempts: 1 });
    const told = h.emulator.messages(ch).find((m) => m.text.startsWith('⚠️ INC-1-A1 is not in Jira yet'));
    expect(told?.text).toContain('Jira answered 503');
    expect(JSON.stringify(told?.blocks)).toContain('tracker_retry');
    await tickAfter(10_000);
    expect(fake.issues.jira).toHaveLength(0);
    await tickAfter(30_000);
    expect(fake.issues.jira).toHaveLength(1);
    expect(await item()).toMatchObject({ trackerKey: 'OPS-1', trackerError: null });
  });

  it('a refusal stops retrying until Retry', async () => {
    fake.failNext('jira', { status: 401, body: { errorMessages: ['Unauthorized'] } });
    const ch = await addItem();
    expect((await item()).trackerFailedAt).not.toBeNull();
    await tickAfter(60 * 60_000);
    expect(fake.creates('jira')).toHaveLength(0);
    const told = h.emulator.messages(ch).find((m) => m.text.includes('could not be put in Jira'))!;
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: ch,
      messageTs: told.ts,
      actionId: 'tracker_retry',
      value: (await item()).id,
    });
    await settle(h);
    expect(fake.issues.jira).toHaveLength(1);
  });

  it('exactly once across a crash: an issue created whose answer was lost is found by its marker, not created again', async () => {
    // Marker search (nothing yet), owner lookup, then the creation: made in Jira, its answer lost.
    fake.failNext('jira', { status: 200, body: { issues: [], isLast: true } });
    fake.failNext('jira', { status: 200, body: [] });
    fake.failNext('jira', { createdThenFail: { status: 502 } });
    await addItem();
    expect(fake.issues.jira).toHaveLength(1);
    expect((await item()).trackerId).toBeNull();
    // Restart: a new process, the stored item, the tick.
    await h.restart({ config: CONFIG, env: ENV, now: clock.now });
    await tickAfter(60_000);
    expect(fake.creates('jira')).toHaveLength(1);
    expect(fake.issues.jira).toHaveLength(1);
    expect(await item()).toMatchObject({ trackerId: fake.issues.jira[0]!.id, trackerKey: 'OPS-1' });
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'two replicas syncing the same items at once create each issue once',
    async () => {
      // Both first attempts fail (their marker search answers 503); both items are due again at the tick.
      fake.failNext('jira', { status: 503 }, 2);
      await addItem();
      await addItem('declare sev2 login slow');
      expect(fake.issues.jira).toHaveLength(0);
      const second = await startSecondInstance(h, { config: CONFIG, now: clock.now, env: ENV });
      try {
        clock.advance(5 * 60_000);
        // Both replicas go for the same items at the same moment, with a slow tracker: the claim lets one through.
        fake.latencyMs = 50;
        const due = await h.db.select({ id: actionItems.id }).from(actionItems);
        await Promise.all(
          due.flatMap(({ id }) => [syncTrackerItem(h.app.services, id), syncTrackerItem(second.services, id)]),
        );
        await settle(h);
      } finally {
        await stopSecondInstance(second);
      }
      expect(fake.creates('jira')).toHaveLength(2);
      expect(fake.issues.jira.map((i) => i.title).sort()).toEqual([
        'INC-1-A1: Alert on pool saturation',
        'INC-2-A1: Alert on pool saturation',
      ]);
    },
  );
});
