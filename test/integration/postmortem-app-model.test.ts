import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/ai/tokens.js';
import { actionItems, postmortems } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle, waitFor } from '../support/scenario.js';

// `/incident postmortem` with OPENAI_API_KEY, through the whole app; OpenAI answered by nock.
const OPENAI = 'https://api.openai.test/v1';
const h = useHarness({
  config: `channels: { broadcast: ${BROADCAST} }`,
  env: { OPENAI_API_KEY: 'sk-test-fake', OPENAI_BASE_URL: OPENAI },
});
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

interface Body {
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string } };
}
const completion = (answer: unknown) => ({
  id: 'chatcmpl-pm',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: JSON.stringify(answer), refusal: null }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

/** A stand-in model: the map pass keeps every item it is shown; the reduce pass cites what the map kept. */
function fakeModel() {
  const seen: { id: string; at: string }[] = [];
  const bodies: string[] = [];
  nock(OPENAI)
    .post('/chat/completions')
    .times(20)
    .reply(200, (_uri, raw) => {
      const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Body;
      bodies.push(JSON.stringify(body));
      const user = body.messages[1]!.content;
      if (body.response_format.json_schema.name !== 'postmortem_sections') {
        const items = [...user.matchAll(/\{"id":"([^"]+)","at":"([^"]+)"/g)].map((m) => ({ id: m[1]!, at: m[2]! }));
        seen.push(...items);
        return completion({
          events: items.map((i) => ({ eventId: i.id, at: i.at, summary: 'Noted.', category: 'diagnosis' })),
        });
      }
      const cite = [seen[0]!.id];
      const claim = (text: string) => ({ text, cites: cite });
      return completion({
        summary: claim('Checkout pods ran out of memory after a deploy and card payments failed.'),
        rootCause: claim('The new image needs more memory than the deployment allows.'),
        fiveWhys: [claim('Payments failed because checkout pods restarted.')],
        contributingFactors: [],
        detectionHow: [claim('An engineer saw OOMKilled pods.')],
        resolutionHow: [claim('A rolling restart with a higher limit.')],
        wentWell: [],
        wentWrong: [claim('Because <@UBOB> forgot to raise the memory limit, pods were killed.')],
        gotLucky: [],
        actionItems: [
          {
            type: 'detect',
            description: 'Alert at 90% of the memory limit',
            priority: 'P1',
            validation: 'A test alert fires',
            cites: cite,
          },
          {
            type: 'prevent',
            description: 'Rewrite everything in Rust',
            priority: 'P0',
            validation: 'n/a',
            cites: ['evt-invented'],
          },
        ],
      });
    });
  return { bodies };
}

describe('/incident postmortem with an AI key', () => {
  it('writes the analytic sections with the model, drops what cites nothing real, flags blame, and never duplicates action items', async () => {
    const ch = await declare(h, 'declare sev1 Checkout pods restarting');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await h.emulator.userPosts({
      user: 'UBOB',
      channel: ch,
      text: 'checkout pods OOMKilled after the deploy; key AKIAZ7X2QWERTY123456',
    });
    await run(h, 'UBOB', ch, 'resolve Memory limit raised');
    const { bodies } = fakeModel();

    await run(h, 'UBOB', ch, 'postmortem');
    await settle(h);
    const [v1] = await h.db.select().from(postmortems);
    expect(v1).toMatchObject({ version: 1, source: 'model' });
    expect(v1!.markdown).toContain('The new image needs more memory than the deployment allows.');
    expect(v1!.markdown).not.toContain('Rust');
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    for (const body of bodies) expect(body).not.toContain('AKIAZ7X2QWERTY123456');
    const summary = JSON.stringify(h.emulator.lastMessage(ch)!.blocks);
    expect(summary).toContain('Blameless review');
    expect(summary).toMatch(/forgot/);
    expect(botTexts(h, ch).at(-1)).toMatch(/1 action item, [1-9]\d* blameless warnings?/);

    fakeModel();
    await run(h, 'UBOB', ch, 'postmortem');
    await settle(h);
    expect((await h.db.select().from(postmortems)).map((p) => p.version).sort()).toEqual([1, 2]);
    const items = await h.db.select().from(actionItems);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ description: 'Alert at 90% of the memory limit', origin: 'draft', ownerId: null });
  });

  it('drafts a 10,000-message channel it never heard within the token budget, reading the history page by page', async () => {
    const ch = await declare(h, 'declare sev1 Checkout pods restarting');
    const chatter = [
      'checkout p99 at 2.4s',
      'pods restarting again',
      'rolling back 4f2a9c1',
      'on it',
      'graphs look better',
    ];
    h.emulator.postedWhileAway({
      channel: ch,
      messages: Array.from({ length: 10_000 }, (_, i) => ({
        user: i % 2 ? 'UBOB' : 'UALICE',
        text: `${chatter[i % 5]} (${i})`,
      })),
    });
    const { bodies } = fakeModel();
    const historyCalls = h.emulator.callCount('conversations.history');
    await h.emulator.slashCommand({ user: 'UBOB', channel: ch, text: 'postmortem' });
    // Reading 10,000 messages and recording them keeps the app busy for seconds: allow for a slow machine.
    await settle(h, 150, 50_000);
    const pm = await waitFor(async () => {
      const [row] = await h.db.select().from(postmortems);
      if (!row?.publishedAt) throw new Error(`not drafted yet; ${lastEphemeral(h, 'UBOB')}`);
      return row;
    });
    expect(pm).toMatchObject({ source: 'model' });
    expect(pm!.stats.recoveredMessages).toBe(10_000);
    expect(h.emulator.callCount('conversations.history') - historyCalls).toBeGreaterThanOrEqual(50);
    const sent = bodies.reduce((sum, b) => sum + estimateTokens(b), 0);
    expect(sent).toBeLessThanOrEqual(60_000);
    expect(pm!.stats.inputTokens).toBeLessThanOrEqual(60_000);
    expect(pm!.stats.calls).toBe(bodies.length);
  }, 60_000);

  it('falls back to the deterministic draft and says why when the model fails', async () => {
    const ch = await declare(h, 'declare sev2 Search slow');
    nock(OPENAI)
      .post('/chat/completions')
      .times(4)
      .reply(500, { error: { message: 'boom', type: 'server_error' } });
    await run(h, 'UALICE', ch, 'postmortem');
    await settle(h);
    const [pm] = await h.db.select().from(postmortems);
    expect(pm).toMatchObject({ version: 1, source: 'deterministic' });
    expect(JSON.stringify(h.emulator.lastMessage(ch)!.blocks)).toContain('Deterministic draft instead');
  });
});
