import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trackerIssueDraft } from '../../src/domain/tracker.js';
import { createGitHubTracker } from '../../src/integrations/trackers/github.js';
import { createJiraTracker } from '../../src/integrations/trackers/jira.js';
import { createLinearTracker } from '../../src/integrations/trackers/linear.js';
import type { TrackerPort } from '../../src/integrations/trackers/ports.js';
import {
  checkJson,
  checkLinear,
  FakeTrackers,
  GITHUB_ORIGIN,
  JIRA_ORIGIN,
  LINEAR_ORIGIN,
} from '../support/trackers.js';

// Shaped like real tokens so a leak would be found by searching for them.
const TOKEN = 'tok-5ecret-0000-1111-2222-333344445555';
const fake = new FakeTrackers();
const ports: [name: 'jira' | 'github' | 'linear', place: string, port: TrackerPort][] = [
  ['jira', 'OPS', createJiraTracker({ url: JIRA_ORIGIN, email: 'bot@example.com', token: TOKEN, issueType: 'Task' })],
  ['github', 'example/ops', createGitHubTracker({ apiUrl: GITHUB_ORIGIN, token: TOKEN })],
  ['linear', 'OPS', createLinearTracker({ apiUrl: `${LINEAR_ORIGIN}/graphql`, token: TOKEN })],
];

const ITEM_ID = '0b7c3a52-6f1e-4c1e-9a55-3c2d9f1e7a10';
const draft = (assigned: boolean) =>
  trackerIssueDraft({
    actionItemId: ITEM_ID,
    ref: 'INC-7-A1',
    incidentRef: 'INC-7',
    incidentTitle: 'Checkout is failing @here [click](https://evil.example)',
    description: 'Alert on pool saturation @channel',
    type: 'detect',
    priority: 'P0',
    due: '2026-12-04',
    validation: 'the alert fires in staging',
    owner: 'alice',
    assigned,
    channelName: 'inc-2026-11-23-checkout',
    channelUrl: 'https://firebreak.slack.test/archives/C1/p1',
    postmortemUrl: null,
  });

beforeAll(() => {
  nock.disableNetConnect();
  fake.install();
});
afterEach(() => {
  expect(fake.invalid).toEqual([]);
  fake.reset();
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe.each(ports)('%s adapter', (name, place, port) => {
  it('looks the owner up by email, creates the issue with labels, priority and due date, finds it by marker, closes it', async () => {
    const user = await port.findUser('alice@example.com');
    expect(user.ok && user.value).toBeTruthy();
    const nobody = await port.findUser('nobody@example.com');
    expect(nobody).toEqual({ ok: true, value: undefined });

    const created = await port.create(place, draft(true), user.ok ? user.value : undefined);
    if (!created.ok) throw new Error(created.reason);
    expect(created.value).toMatchObject({ state: 'open' });
    const [issue] = fake.issues[name];
    expect(issue!.assignee).toBe(user.ok && user.value);
    expect(issue!.title).toBe('INC-7-A1: Alert on pool saturation @channel');
    if (name === 'jira') {
      const fields = issue!.request.fields as Record<string, unknown>;
      expect(fields).toMatchObject({
        priority: { name: 'Highest' },
        duedate: '2026-12-04',
        issuetype: { name: 'Task' },
      });
      expect(fields.labels).toEqual(['firebreak', 'detect', `firebreak-${ITEM_ID}`]);
    }
    if (name === 'github') {
      expect(issue!.labels).toEqual(['firebreak', 'detect', 'P0']);
      // People's text cannot ping or link in the tracker.
      expect(issue!.body).not.toMatch(/@channel|@here|\[click\]\(/);
      expect(issue!.body).toContain('Due: 2026-12-04');
    }
    if (name === 'linear') expect(issue!.request).toMatchObject({ id: ITEM_ID, priority: 1, dueDate: '2026-12-04' });

    const found = await port.findByMarker(place, `firebreak-${ITEM_ID}`);
    expect(found).toEqual({ ok: true, value: created.value });
    const missing = await port.findByMarker(place, 'firebreak-00000000-0000-4000-8000-000000000000');
    expect(missing).toEqual({ ok: true, value: undefined });

    const withPostmortem = {
      ...draft(true),
      lines: [...draft(true).lines, { text: 'Postmortem', href: 'https://pm.example/1' }],
    };
    expect(await port.update(place, created.value.id, withPostmortem)).toEqual({ ok: true, value: undefined });
    expect(fake.issues[name][0]!.body).toContain('https://pm.example/1');

    expect(await port.close(place, created.value.id)).toEqual({ ok: true, value: undefined });
    const read = await port.read(place, created.value.id);
    expect(read.ok && read.value?.state).toBe('closed');
  });

  it.each([
    [401, false],
    [403, false],
    [404, false],
    [429, true],
    [500, true],
    [503, true],
  ])('answers %i as %s-retryable, naming the tracker and never the token', async (status, retryable) => {
    fake.failNext(name, {
      status,
      body: { message: `denied for ${TOKEN}` },
      ...(status === 429 && { headers: { 'retry-after': '120' } }),
    });
    const res = await port.findByMarker(place, `firebreak-${ITEM_ID}`);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.retryable).toBe(retryable);
    expect(res.reason).toContain(String(status));
    expect(res.reason).not.toContain(TOKEN);
    if (status === 429) expect(res.retryAfterMs).toBe(120_000);
  });
});

describe('the published descriptions are wired', () => {
  it('refuses bodies and documents they do not allow', () => {
    expect(() => checkJson('jiraCreate', { fields: 'not an object' })).toThrow(/jiraCreate/);
    expect(() => checkJson('githubCreate', { body: 'no title' })).toThrow(/title/);
    expect(() => checkJson('githubUpdate', { state: 'finished' })).toThrow(/githubUpdate/);
    expect(() => checkLinear({ query: 'query { issues { nodes { nonsense } } }' })).toThrow(/nonsense/);
    expect(() =>
      checkLinear({
        query: 'mutation M($input: IssueCreateInput!) { issueCreate(input: $input) { success } }',
        variables: { input: { title: 'no team' } },
      }),
    ).toThrow(/teamId/);
  });
});
