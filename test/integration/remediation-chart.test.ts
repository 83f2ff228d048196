import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidents, remediationProposals, remediationWatches, slackInbox } from '../../src/db/schema/index.js';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../../src/integrations/chart/chart-spec.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, run, settle } from '../support/scenario.js';

// The chart of the key series through the whole app: Prometheus and the automation endpoint are nock
// at the HTTP edge; the PNG goes through the emulator's files.uploadV2 flow and is decoded here.
const PROM = 'http://prometheus.test:9090';
const HOOK = 'https://automation.example.test';
const clock = new TestClock('2026-11-23T10:00:00Z');
const config = (prometheus = true) => `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
approvers: [UDAVE]
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
${prometheus ? `metrics: { prometheus: { url: "${PROM}", timeout: 2s } }` : ''}
`;
const ENV = { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' };
const h = useHarness({ config: config(), env: ENV, now: clock.now });

const MEMORY_QUERY = 'max(container_memory_working_set_bytes{namespace="prod",container="payments"})';
/** What Prometheus holds: memory vs limit, now; the range answer is a ramp up to it. */
const memory = { value: 0.97, range: true };
let ranges: URLSearchParams[] = [];
beforeEach(() => {
  clock.set('2026-11-23T10:00:00Z');
  memory.value = 0.97;
  memory.range = true;
  ranges = [];
  nock(PROM)
    .persist()
    .post('/api/v1/query')
    .reply((_uri, body) => {
      const query = new URLSearchParams(String(body)).get('query') ?? '';
      const value = query.startsWith(MEMORY_QUERY) ? memory.value : 1;
      const result = [{ metric: {}, value: [clock.nowMs() / 1000, String(value)] }];
      return [200, { status: 'success', data: { resultType: 'vector', result } }];
    })
    .post('/api/v1/query_range')
    .reply((_uri, body) => {
      const params = new URLSearchParams(String(body));
      ranges.push(params);
      const start = Number(params.get('start'));
      const values = Array.from({ length: 120 }, (_, i) => [start + i * 30, String((memory.value * i) / 119)]);
      const result = memory.range ? [{ metric: { container: 'payments' }, values }] : [];
      return [200, { status: 'success', data: { resultType: 'matrix', result } }];
    });
  nock(HOOK).persist().post('/firebreak').reply(200, { accepted: true });
});
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

async function oomIncident(): Promise<string> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on payments');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  return ch;
}

async function approve(ch: string) {
  const [p] = await h.db.select().from(remediationProposals);
  await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: p!.channelTs!, actionId: 'proposal_approve' });
  await settle(h);
}

async function tick() {
  await h.app.tick();
  await settle(h);
}

/** The charts shared in the channel: the emulator's stored PNGs, in order, with the message that shared each. */
function charts(ch: string) {
  const files = h.emulator.files().filter((f) => f.filename.endsWith('.png') && f.channels.includes(ch));
  return files.map((f) => ({
    ...f,
    shares: h.emulator.messages(ch).filter((m) => m.files?.some((x) => x.id === f.id)),
  }));
}

function expectPng(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([
    CHART_WIDTH * CHART_SCALE,
    CHART_HEIGHT * CHART_SCALE,
  ]);
}

describe('the chart of the key series', () => {
  it('the analysis shares a PNG of the verify query over the last hour, once, after its summary', async () => {
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    const [chart, ...more] = charts(ch);
    expect(more).toEqual([]);
    expectPng(chart!.bytes);
    expect(chart!.filename).toMatch(/-analysis-[0-9a-f]{8}\.png$/);
    expect(chart!.title).toBe('Before: payments, last hour (healthy < 0.9 (90%))');
    expect(chart!.shares).toHaveLength(1);
    // The verify query of the proposal, filled for payments, over exactly the last hour.
    expect(ranges).toHaveLength(1);
    expect(ranges[0]!.get('query')).toContain('container="payments"');
    expect(Number(ranges[0]!.get('end')) - Number(ranges[0]!.get('start'))).toBe(3600);
    expect(ranges[0]!.get('end')).toBe((clock.nowMs() / 1000).toFixed(3));
    // After the summary, before the proposal.
    const order = h.emulator.messages(ch).map((m) => (m.files?.length ? 'chart' : m.text.split('\n')[0]));
    const summary = order.findIndex((t) => t?.startsWith('🔎 Analysis'));
    expect(order[summary + 1]).toBe('chart');
    expect(botTexts(h, ch).join('\n')).not.toContain('No chart');
    expect(h.emulator.callCount('files.getUploadURLExternal')).toBe(1);
    h.emulator.assertNoViolations();
  });

  /** An OOM incident analysed, approved and then verified (healthy for the hold). */
  async function verifiedIncident(): Promise<string> {
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    await approve(ch);
    memory.value = 0.42;
    await tick();
    clock.advance(3 * 60_000);
    await tick();
    return ch;
  }

  it('is shared again when the action is verified, and when it is rolled back', async () => {
    const ch = await verifiedIncident();
    expect(botTexts(h, ch).some((t) => t.startsWith('✅ Verified'))).toBe(true);
    await tick();
    const after = charts(ch).map((c) => c.title);
    expect(after).toEqual([
      'Before: payments, last hour (healthy < 0.9 (90%))',
      'After: verified: payments, last hour (healthy < 0.9 (90%))',
    ]);
    expectPng(charts(ch)[1]!.bytes);

    // Rolled back (by hand, here): the after picture once more.
    const [p] = await h.db.select().from(remediationProposals);
    await h.emulator.clickButton({
      user: 'UDAVE',
      channel: ch,
      messageTs: p!.channelTs!,
      actionId: 'proposal_rollback',
    });
    await settle(h);
    expect(charts(ch).map((c) => c.title)[2]).toBe('After: rolled back: payments, last hour (healthy < 0.9 (90%))');
    h.emulator.assertNoViolations();
  });

  // The verification was told, then the process died before its chart was shared (or right after):
  // told again after the lease, the message is found by its key and the chart by its filename.
  for (const cut of ['before the chart', 'after the chart'])
    it(`a verification told but for its chart (the crash coming ${cut}) shares the chart once, after the lease`, async () => {
      const ch = await verifiedIncident();
      const verifiedChart = () => charts(ch).filter((c) => c.title.startsWith('After: verified'));
      expect(verifiedChart()).toHaveLength(1);
      if (cut === 'before the chart')
        for (const m of verifiedChart()[0]!.shares) h.emulator.neverPosted({ channel: ch, ts: m.ts });
      await h.db.update(remediationWatches).set({ toldAt: null });
      const uploads = h.emulator.callCount('files.getUploadURLExternal');
      clock.advance(3 * 60_000);
      await tick();
      expect((await h.db.select().from(remediationWatches))[0]!.toldAt).not.toBeNull();
      expect(botTexts(h, ch).filter((t) => t.startsWith('✅ Verified'))).toHaveLength(1);
      expect(verifiedChart().flatMap((c) => c.shares)).toHaveLength(1);
      expect(h.emulator.callCount('files.getUploadURLExternal')).toBe(uploads + (cut === 'before the chart' ? 1 : 0));
      h.emulator.assertNoViolations();
    });

  it('a regression rolled back automatically shares the after chart with the numbers', async () => {
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    await approve(ch);
    memory.value = 0.99;
    await tick();
    await tick();
    const titles = charts(ch).map((c) => c.title);
    expect(titles).toEqual([
      'Before: payments, last hour (healthy < 0.9 (90%))',
      'After: rolled back: payments, last hour (healthy < 0.9 (90%))',
    ]);
    const texts = h.emulator.messages(ch).map((m) => (m.files?.length ? 'chart' : m.text));
    expect(texts[texts.findIndex((t) => t.startsWith('🚨')) + 1]).toBe('chart');
  });

  it('an empty query gives no chart and says so in one line; the analysis goes on', async () => {
    memory.range = false;
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    expect(charts(ch)).toEqual([]);
    const summary = botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))!;
    expect(summary).toContain('No chart: the verify query returned no data over the last hour.');
    expect(await h.db.select().from(remediationProposals)).toHaveLength(1);
  });

  it('a lost answer from Slack after the upload completed does not share the chart twice', async () => {
    const ch = await oomIncident();
    h.emulator.serverError('files.completeUploadExternal', { afterWork: true });
    await run(h, 'UBOB', ch, 'analyze');
    expect(charts(ch)).toHaveLength(1);
    expect(h.emulator.messages(ch).filter((m) => m.files?.length)).toHaveLength(1);
    expect(await h.db.select().from(remediationProposals)).toHaveLength(1);
  });

  it('an analysis carried out again after a crash (the inbox replays it) shares its chart once', async () => {
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    expect(charts(ch)).toHaveLength(1);
    // The process died before marking the request done: the next tick carries it out again.
    const [request] = (await h.db.select().from(slackInbox)).filter((r) => r.payload.text === 'analyze');
    await h.db
      .update(slackInbox)
      .set({
        status: 'pending',
        claimedAt: new Date(clock.nowMs() - 10 * 60_000),
        claimedBy: 'killed',
        finishedAt: null,
      })
      .where(eq(slackInbox.id, request!.id));
    clock.advance(1_000);
    await tick();
    const [after] = await h.db.select().from(slackInbox).where(eq(slackInbox.id, request!.id));
    expect(after).toMatchObject({ status: 'done', attempts: 2 });
    expect(charts(ch)).toHaveLength(1);
    expect(botTexts(h, ch).filter((t) => t.startsWith('🔎 Analysis'))).toHaveLength(1);
    expect(await h.db.select().from(remediationProposals)).toHaveLength(1);
  });

  it('without Prometheus there is no chart, said in one line', async () => {
    await h.restart({ config: config(false), env: ENV, now: clock.now });
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    expect(charts(ch)).toEqual([]);
    expect(ranges).toEqual([]);
    const summary = botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))!;
    expect(summary.match(/Prometheus is not configured/g)).toHaveLength(1);
  });
});
