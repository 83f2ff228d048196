import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pages } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { FakePagerDutyRest, PD_API_ORIGIN, PD_TOKEN } from '../support/pagerduty-rest.js';
import { FakeOpsgenieDirectory, FakePagers, OG_ORIGIN, OG_TEST_KEY, PD_ORIGIN } from '../support/paging-providers.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const PD_PAYMENTS = 'R0PAYMENTS5ecret0000000000000001';
const PD_MANAGERS = 'R0MANAGERS5ecret0000000000000002';

const CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments, pagerduty: "\${PD_PAYMENTS}", pagerduty_service: PPAYSVC }
  - { name: search, risk: medium, team: discovery, opsgenie: { schedule: search_rota } }
  - { name: analytics, risk: low, team: data }
paging:
  pagerduty: { events_url: "${PD_ORIGIN}/v2/enqueue", api_url: "${PD_API_ORIGIN}", from: firebreak-bot@example.com }
  opsgenie: { api_url: "${OG_ORIGIN}" }
  incident_managers: { pagerduty: "\${PD_INCIDENT_MANAGERS}" }
`;

const clock = new TestClock('2026-11-23T03:00:00Z');
const ENV = {
  PD_PAYMENTS,
  PD_INCIDENT_MANAGERS: PD_MANAGERS,
  FIREBREAK_OPSGENIE_API_KEY: OG_TEST_KEY,
  FIREBREAK_PAGERDUTY_API_TOKEN: PD_TOKEN,
};
const h = useHarness({ config: CONFIG, env: ENV, now: clock.now });
const pagers = new FakePagers();
const rest = new FakePagerDutyRest();
const directory = new FakeOpsgenieDirectory();

const DANA = { id: 'PDANA', name: 'Dana Diaz', email: 'dave@example.com' };
const ERIN = { id: 'PERIN', name: 'Erin Outsider', email: 'erin@contractor.example.net' };
const CAROL = { id: 'PCAROL', name: 'Carol Chen', email: 'carol@example.com' };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  pagers.install();
  rest.install();
  directory.install();
});
beforeEach(() => {
  rest.services = { PPAYSVC: 'PEPPAY' };
  // Level 1: Dana (in Slack as dave@) and Erin (no Slack account); level 2 only if nobody answers.
  rest.oncalls = {
    PEPPAY: [
      { level: 2, user: CAROL },
      { level: 1, user: DANA },
      { level: 1, user: ERIN },
    ],
  };
  rest.users = [DANA, ERIN, CAROL];
});
afterEach(() => {
  expect(pagers.invalid).toEqual([]);
  expect(rest.invalid).toEqual([]);
  expect(directory.invalid).toEqual([]);
  pagers.reset();
  rest.reset();
  directory.reset();
  clock.set('2026-11-23T03:00:00Z');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function pagingBlocks(channel: string): string {
  const found = h.emulator.messages(channel).filter((m) => m.text.startsWith('📟 Paging'));
  expect(found).toHaveLength(1);
  return JSON.stringify(found[0]!.blocks);
}
const invitesOf = (user: string) =>
  h.emulator.calls.filter((c) => c.method === 'conversations.invite' && String(c.args?.users ?? '').includes(user));

async function tickAfter(ms: number) {
  clock.advance(ms);
  await h.app.tick();
  await settle(h);
}

describe('who is on call', () => {
  it("looks up the paged service's escalation policy, invites the first level once and names them", async () => {
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(2);
    expect(rest.of('service').map((c) => c.path)).toEqual(['/services/PPAYSVC']);
    const [oncalls] = rest.of('oncalls');
    expect(oncalls!.query).toEqual({ 'escalation_policy_ids[]': ['PEPPAY'], 'include[]': ['users'], earliest: 'true' });
    expect(oncalls!.headers.accept).toBe('application/vnd.pagerduty+json;version=2');

    expect(h.emulator.channel(ch)!.members).toContain('UDAVE');
    expect(h.emulator.channel(ch)!.members).not.toContain('UCAROL');
    const shown = pagingBlocks(ch);
    expect(shown).toContain('*payments* via PagerDuty: 📟 triggered · on call: <@UDAVE>');
    expect(shown).toContain('on call in PagerDuty: Erin Outsider, with no Slack account of the same email');
    expect(shown).toMatch(
      /\*incident managers\* via PagerDuty: 📟 triggered"|\*incident managers\* via PagerDuty: 📟 triggered\\n/,
    );

    await run(h, 'UALICE', ch, 'sev 0');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await tickAfter(60_000);
    expect(rest.of('service')).toHaveLength(1);
    expect(rest.of('oncalls')).toHaveLength(1);
    expect(invitesOf('UDAVE')).toHaveLength(1);
    expect(pagingBlocks(ch)).toContain('on call: <@UDAVE>');
  });

  it('a refused token is said in the paging message; the page is still sent and not asked again', async () => {
    rest.failNext('service', { status: 401, body: { error: { message: 'Authentication failed', code: 2006 } } });
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    expect(pagers.of('pagerduty', 'trigger')).toHaveLength(2);
    expect(pagingBlocks(ch)).toContain(
      '*payments* via PagerDuty: 📟 triggered · could not ask PagerDuty who is on call (PagerDuty answered 401: Authentication failed)',
    );
    await tickAfter(10 * 60_000);
    expect(rest.of('service')).toHaveLength(1);
    expect(h.emulator.channel(ch)!.members).not.toContain('UDAVE');
    expect(h.logs.join('\n')).not.toContain(PD_TOKEN);
  });

  it('PagerDuty down then up: the look-up is retried on the tick and the channel told meanwhile', async () => {
    rest.failNext('oncalls', { status: 503, body: { error: { message: 'Service Unavailable' } } });
    rest.failNext('oncalls', { status: 429, headers: { 'retry-after': '45' } });
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    expect(pagingBlocks(ch)).toContain(
      'could not ask PagerDuty who is on call (PagerDuty answered 503: Service Unavailable); trying again',
    );
    await tickAfter(31_000);
    expect(rest.of('oncalls')).toHaveLength(2);
    expect(pagingBlocks(ch)).toContain('(PagerDuty answered 429); trying again');
    await tickAfter(40_000);
    expect(rest.of('oncalls')).toHaveLength(2);
    await tickAfter(30_000);
    expect(rest.of('oncalls')).toHaveLength(3);
    expect(pagingBlocks(ch)).toContain('on call: <@UDAVE>');
    expect(pagingBlocks(ch)).not.toContain('could not ask');
  });

  it('Slack refusing the email look-up is said once, not retried every tick', async () => {
    h.emulator.failNext('users.lookupByEmail', 'enterprise_is_restricted');
    const ch = await declare(h, 'declare sev1 payments checkout failing');
    expect(pagingBlocks(ch)).toContain('on call: Dana Diaz, Erin Outsider, not matched in Slack (Slack refused to');
    await tickAfter(10 * 60_000);
    expect(rest.of('oncalls')).toHaveLength(1);
    expect(h.emulator.calls.filter((c) => c.method === 'users.lookupByEmail')).toHaveLength(1);
  });

  it('an Opsgenie schedule: its on-call recipients are matched by email and invited', async () => {
    directory.schedules = { search_rota: ['carol@example.com'] };
    const ch = await declare(h, 'declare sev1 search results empty');
    expect(pagers.of('opsgenie', 'create')[0]!.body).toMatchObject({
      responders: [{ type: 'schedule', name: 'search_rota' }],
    });
    expect(directory.calls).toEqual([
      { path: '/v2/schedules/search_rota/on-calls', query: { scheduleIdentifierType: 'name', flat: 'true' } },
    ]);
    expect(h.emulator.channel(ch)!.members).toContain('UCAROL');
    expect(pagingBlocks(ch)).toContain('*search* via Opsgenie: 📟 triggered · on call: <@UCAROL>');
  });

  it('two replicas ticking at once look the on-call up once', async () => {
    const second = await startSecondInstance(h, { config: CONFIG, now: clock.now, env: ENV });
    try {
      rest.failNext('service', { status: 502 });
      const ch = await declare(h, 'declare sev2 payments slow');
      clock.advance(60_000);
      await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
      await settle(h);
      expect(rest.of('service')).toHaveLength(2);
      expect(rest.of('oncalls')).toHaveLength(1);
      expect(invitesOf('UDAVE')).toHaveLength(1);
      expect(pagingBlocks(ch)).toContain('on call: <@UDAVE>');
    } finally {
      await stopSecondInstance(second);
    }
  });
});

describe('paging a person', () => {
  it('through their PagerDuty user: an incident assigned to them, once; acknowledged by the IC; resolved', async () => {
    const ch = await declare(h, 'declare sev3 payments receipt typo');
    // Two people asking at once: one page.
    await Promise.all([run(h, 'UALICE', ch, 'page <@UCAROL>'), run(h, 'UDAVE', ch, 'page <@UCAROL>')]);
    expect([lastEphemeral(h, 'UALICE'), lastEphemeral(h, 'UDAVE')].sort()).toEqual([
      expect.stringMatching(/^<@UCAROL> was already paged for INC-\d+; the Paging message shows where it stands\.$/),
      'I invited <@UCAROL> and am paging them through PagerDuty; the Paging message in the channel shows how it goes.',
    ]);
    expect(rest.of('users')[0]!.query).toEqual({ query: 'carol@example.com' });
    const [created] = rest.of('createIncident');
    expect(created!.headers.from).toBe('firebreak-bot@example.com');
    const [row] = await h.db.select().from(pages);
    expect(created!.body).toEqual({
      incident: {
        type: 'incident',
        title: '[INC-1] SEV3 payments receipt typo',
        service: { id: 'PPAYSVC', type: 'service_reference' },
        urgency: 'high',
        incident_key: `firebreak-${row!.incidentId}-person:UCAROL`,
        assignments: [{ assignee: { id: 'PCAROL', type: 'user_reference' } }],
      },
    });
    expect(h.emulator.channel(ch)!.members).toContain('UCAROL');
    expect(pagingBlocks(ch)).toContain('<@UCAROL> via PagerDuty: 📟 triggered');
    const dms = h.emulator.channels().filter((c) => c.isIm && c.members.includes('UCAROL'));
    expect(dms.flatMap((d) => h.emulator.messages(d.id))).toEqual([]);

    await run(h, 'UBOB', ch, 'page <@UCAROL>');
    expect(lastEphemeral(h, 'UBOB')).toMatch(/^<@UCAROL> was already paged for INC-1/);
    expect(rest.of('createIncident')).toHaveLength(1);

    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    expect(rest.of('updateIncident').map((c) => [c.path, c.body])).toEqual([
      ['/incidents/PINC1', { incident: { type: 'incident_reference', status: 'acknowledged' } }],
    ]);
    await run(h, 'UBOB', ch, 'resolve Fixed the receipt');
    expect(rest.incidents.map((i) => i.status)).toEqual(['resolved']);
    expect(pagingBlocks(ch)).toContain('<@UCAROL> via PagerDuty: ✅ resolved');
  });

  it('through their Opsgenie user when PagerDuty has none; a Slack DM, saying why, when neither knows them', async () => {
    rest.users = [];
    directory.users = ['carol@example.com'];
    const ch = await declare(h, 'declare sev2 payments slow');
    await run(h, 'UALICE', ch, 'page <@UCAROL>');
    expect(lastEphemeral(h, 'UALICE')).toContain('paging them through Opsgenie');
    const [alert] = pagers.of('opsgenie', 'create');
    expect(alert!.body).toMatchObject({ responders: [{ type: 'user', username: 'carol@example.com' }] });
    expect(alert!.key).toMatch(/-person:UCAROL$/);

    await run(h, 'UALICE', ch, 'page <@UBOB>');
    expect(lastEphemeral(h, 'UALICE')).toMatch(
      /^I invited <@UBOB> and sent them a direct message about INC-\d+ \(no PagerDuty user has their email; no Opsgenie user has their email\)\.$/,
    );
    expect(pagers.of('opsgenie', 'create')).toHaveLength(1);
  });

  it('a failed person page is retried, then said with Retry; Retry pages', async () => {
    const ch = await declare(h, 'declare sev3 payments receipt typo');
    rest.failNext('createIncident', { status: 500, body: { error: { message: 'Internal Error' } } }, 5);
    await run(h, 'UALICE', ch, 'page <@UCAROL>');
    for (let i = 0; i < 6; i++) await tickAfter(10 * 60_000);
    expect(rest.of('createIncident')).toHaveLength(5);
    expect(pagingBlocks(ch)).toContain(
      '<@UCAROL> via PagerDuty: *not delivered*: PagerDuty answered 500: Internal Error',
    );
    const [page] = await h.db.select().from(pages);
    const message = h.emulator.messages(ch).find((m) => m.text.startsWith('📟 Paging'))!;
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: ch,
      messageTs: message.ts,
      actionId: `page_retry:${page!.id}`,
      value: page!.id,
    });
    await settle(h);
    expect(rest.incidents).toHaveLength(1);
    expect(pagingBlocks(ch)).toContain('<@UCAROL> via PagerDuty: 📟 triggered');
  });
});

describe('reopening', () => {
  it("pages the severity's targets again, once, under new dedup keys; a raise after it pages in that round", async () => {
    const ch = await declare(h, 'declare sev2 payments checkout slow');
    const [first] = pagers.of('pagerduty', 'trigger').map((t) => t.key);
    expect(first).toMatch(/-service:payments:low$/);
    await run(h, 'UALICE', ch, 'ic <@UALICE>');
    await run(h, 'UALICE', ch, 'resolve');
    expect(pagers.of('pagerduty', 'resolve').map((t) => t.key)).toEqual([first]);

    await Promise.all([run(h, 'UALICE', ch, 'reopen'), run(h, 'UALICE', ch, 'reopen')]);
    await settle(h);
    expect(
      pagers
        .of('pagerduty', 'trigger')
        .slice(1)
        .map((t) => t.key),
    ).toEqual([`${first}-r1`]);
    expect(rest.of('oncalls')).toHaveLength(2);
    expect(pagingBlocks(ch).match(/📟 triggered/g)).toHaveLength(1);

    await run(h, 'UALICE', ch, 'sev 1');
    const raised = pagers
      .of('pagerduty', 'trigger')
      .slice(2)
      .map((t) => t.key.replace(/^firebreak-[0-9a-f-]{36}-/, ''));
    expect(raised.sort()).toEqual(['incident_managers-r1', 'service:payments-r1']);
    expect(await h.db.select().from(pages)).toHaveLength(4);
  });
});
