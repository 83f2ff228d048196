import { describe, expect, it } from 'vitest';
import { actionItems, alerts, incidents, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle, waitFor } from '../support/scenario.js';

const TOKEN = 'intake-token-0123456789abcdef';
const h = useHarness({
  config: `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: checkout, risk: medium, team: payments }
alerts:
  routes:
    - match: { severity: critical }
      severity: sev1
      action: declare
  default: { action: notify, severity: sev2 }
`,
  env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN },
});

// The exact fields of the issue: a generatorURL that closes `<url|…>` early, and an alertname that pings.
const HOSTILE_URL = 'https://grafana.example.com/d/x|Open the alert> <!channel> <https://evil.example/login';
const HOSTILE_NAME = '<!channel> Pwned';
const HOSTILE_TEXT = '<!here> <@UBOB> <https://evil.example|click> *bold* `code` \u0000\u0007 end';

function alertBody(labels: Record<string, string>, annotations: Record<string, string> = {}) {
  return {
    version: '4',
    status: 'firing',
    groupKey: `{}:{alertname="${labels.alertname}",severity="${labels.severity}"}`,
    receiver: 'firebreak',
    groupLabels: {},
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://alertmanager.example',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: '2026-11-30T10:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: HOSTILE_URL,
        fingerprint: `fp-${labels.alertname?.length}-${labels.severity}`,
      },
    ],
  };
}

async function postAlert(body: unknown) {
  const res = await fetch(`${h.app.url}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Every mrkdwn or plain text the bot sent anywhere (channel messages, DMs, ephemerals), fallback text included. */
function everythingTheBotSaid(): string[] {
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'action_id') walk(x);
  };
  for (const c of h.emulator.channels())
    for (const m of h.emulator.messages(c.id)) if (m.user === h.emulator.botUserId) walk([m.text, m.blocks]);
  for (const u of ['UALICE', 'UBOB', 'UCAROL']) for (const e of h.emulator.ephemeralsFor(u)) walk([e.text, e.blocks]);
  return texts;
}

/** Slack markup that would notify people or form a link. */
const PINGS = /<!(channel|here|everyone)\b|<https?:\/\/evil|<@UBOB/;

describe('hostile text in alert fields', () => {
  it('never pings or links: notify message, its fallback text, and a declared incident', async () => {
    const notify = alertBody({ alertname: HOSTILE_NAME, severity: 'warning' }, { summary: HOSTILE_TEXT });
    expect((await postAlert(notify)).status).toBe(202);
    const declared = alertBody(
      { alertname: `${HOSTILE_NAME} <@UBOB>`, severity: 'critical', service: 'checkout' },
      {
        summary: HOSTILE_TEXT,
        description: 'x'.repeat(40_000),
      },
    );
    expect((await postAlert(declared)).status).toBe(202);
    await waitFor(async () => {
      const [incident] = await h.db.select().from(incidents);
      expect(incident?.declareState).toBe('complete');
    });
    await settle(h);

    const [announcement] = h.emulator.messages(BROADCAST).filter((m) => m.text.includes('Alertmanager alert'));
    expect(announcement!.text).toBe('🚨 Alertmanager alert: &lt;!channel&gt; Pwned (SEV2)');
    const said = everythingTheBotSaid();
    expect(said.filter((t) => PINGS.test(t))).toEqual([]);
    // The hostile URL is no link at all: not in any `<…|…>`, and the evil host never appears inside brackets.
    expect(said.some((t) => t.includes('Open the alert>'))).toBe(false);
    // The incident and the alert are stored all the same (the NUL and BEL removed).
    const [row] = await h.db.select().from(alerts);
    expect(JSON.stringify(row!.annotations)).not.toMatch(/\\u0000|\\u0007/);
    expect(row!.generatorUrl).toBeNull();
  });

  it('a NUL byte in any field: stored (202), not a 500 forever', async () => {
    const body = alertBody({ alertname: 'Nul\u0000Alert', severity: 'warning', 'team\u0000': 'a\u0000b' });
    const first = await postAlert(body);
    expect(first.status).toBe(202);
    const [row] = await h.db.select().from(alerts);
    expect(row).toMatchObject({ title: 'NulAlert', labels: { alertname: 'NulAlert', team: 'ab' } });
    expect(h.logs.join('\n')).not.toContain('alert intake failed');
  });
});

describe('text people type', () => {
  it('is decoded once on the way in and escaped once on the way out (R&D latency > 2s)', async () => {
    const ch = await declare(h, 'declare sev2 R&D latency > 2s');
    const [incident] = await h.db.select().from(incidents);
    expect(incident!.title).toBe('R&D latency > 2s');
    expect(incident!.channelName).toMatch(/^inc-\d{4}-\d{2}-\d{2}-r-d-latency-2s$/);
    const first = h.emulator.messages(ch)[0]!.text;
    expect(first).toContain('R&amp;D latency &gt; 2s');
    expect(first).not.toContain('&amp;amp;');
  });

  it('keeps the mentions a person typed in titles and notes; <!channel> and <!here> never ping', async () => {
    const ch = await declare(h, 'declare sev2 <!channel> checkout down for <@UBOB>');
    await run(h, 'UALICE', ch, `note ${HOSTILE_TEXT} & <@UCAROL>`);
    const said = everythingTheBotSaid();
    expect(said.filter((t) => /<!(channel|here|everyone)\b|<https?:\/\/evil/.test(t))).toEqual([]);
    // The channel topic carries the title too: escaped there as everywhere (Slack shows <!channel> in a topic as @channel).
    const topic = h.emulator.channel(ch)!.topic;
    expect(topic).toContain('&lt;!channel&gt; checkout down for <@UBOB>');
    expect(topic).not.toContain('<!channel>');
    const note = h.emulator.messages(ch).find((m) => m.text.startsWith('📝 Note'))!;
    expect(note.text).toContain('<@UBOB>');
    expect(note.text).toContain('<@UCAROL>');
    expect(note.text).toContain('&lt;!here&gt;');
    expect(note.text).toContain('&lt;https://evil.example|click&gt;');
    expect(note.text).toContain(' &amp; ');
    const stored = (await h.db.select().from(timelineEvents)).find((e) => e.kind === 'note')!;
    expect(stored.text).toBeTruthy();
    expect(stored.text!.includes('\u0000') || stored.text!.includes('\u0007')).toBe(false);
  });
});

describe('refusals are one sentence, change nothing, and are not logged as errors', () => {
  it('a 40,000-character note', async () => {
    const ch = await declare(h);
    const before = (await h.db.select().from(timelineEvents)).length;
    const res = await h.emulator.slashCommand({ user: 'UALICE', channel: ch, text: `note ${'a'.repeat(40_000)}` });
    await settle(h);
    expect(JSON.parse(res.body).text).toBe('Keep a note under 3000 characters (it has 40000).');
    expect((await h.db.select().from(timelineEvents)).length).toBe(before);
    expect(h.logs.filter((l) => /"level":"(error|fatal)"/.test(l))).toEqual([]);
  });

  it('a due date in year 9999, by command and by form', async () => {
    const ch = await declare(h);
    await run(h, 'UALICE', ch, 'action <@UBOB> 9999-12-31 Fix it some day');
    expect(lastEphemeral(h, 'UALICE')).toMatch(
      /^Give a due date within two years, by \d{4}-\d{2}-\d{2} at the latest\.$/,
    );
    await run(h, 'UALICE', ch, 'action');
    const [view] = h.emulator.openModals('UALICE');
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: { description: 'Fix it some day', owner: 'UBOB', due: '9999-12-31' },
    });
    await settle(h);
    expect(lastEphemeral(h, 'UALICE')).toMatch(/^Give a due date within two years/);
    expect(await h.db.select().from(actionItems)).toHaveLength(0);
    expect(h.logs.filter((l) => /"level":"(error|fatal)"/.test(l))).toEqual([]);
    expect(h.logs.filter((l) => l.includes('"stack"'))).toEqual([]);
  });
});

describe('action-item due dates', () => {
  it('show the day given in the channel and the owner’s DM, not the day after', async () => {
    const ch = await declare(h);
    await run(h, 'UALICE', ch, 'action <@UBOB> 2026-12-07 P1 detect Alert on pool saturation');
    const added = h.emulator.messages(ch).find((m) => m.text.startsWith('📋'))!;
    const dm = h.emulator.channels().find((c) => c.isIm && c.members.includes('UBOB'))!;
    const assigned = h.emulator.messages(dm.id).at(-1)!;
    for (const m of [added, assigned]) {
      const all = JSON.stringify([m.text, m.blocks]);
      expect(all).toContain('due 2026-12-07');
      expect(all).not.toContain('2026-12-08');
    }
  });
});
