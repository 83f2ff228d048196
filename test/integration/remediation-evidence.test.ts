import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents, remediationProposals } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, run } from '../support/scenario.js';

// Prometheus answered by nock at the HTTP edge, in the documented shapes (test/fixtures/prometheus).
const PROM = 'http://prometheus.test:9090';
const OPENAI = 'https://api.openai.test/v1';
const TOKEN = 'prometheus-bearer-token-abc';
const config = (prometheus: boolean) => `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
ai: { mode: propose }
runbooks_dir: ./runbooks
${prometheus ? `metrics: { prometheus: { url: "${PROM}", timeout: 2s } }` : ''}
`;
const ENV = { FIREBREAK_PROMETHEUS_TOKEN: TOKEN, FIREBREAK_EXECUTOR_SECRET: 'x'.repeat(32) };
const h = useHarness({ config: config(true), env: ENV });
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

const vector = (value: string, at = 1796075155.368) => ({
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: {}, value: [at, value] }] },
});

/** Answers Prometheus queries by what they ask for; keeps every query and its Authorization header. */
function prometheus(answer: (query: string) => [number, unknown]) {
  const seen: { query: string; auth: string | undefined }[] = [];
  nock(PROM)
    .post('/api/v1/query')
    .times(20)
    .reply(function (_uri, body) {
      const query = new URLSearchParams(String(body)).get('query') ?? '';
      seen.push({ query, auth: this.req.headers.authorization as string | undefined });
      return answer(query);
    });
  return seen;
}

async function oomIncident(): Promise<string> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on payments');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  return ch;
}

describe('analysis with evidence from Prometheus', () => {
  it('runs the matching runbook’s queries for the incident’s service and shows value, unit and time', async () => {
    const seen = prometheus((q) =>
      q.startsWith('max(container_memory_working_set_bytes') ? [200, vector('0.973')] : [200, vector('4')],
    );
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    const oomQueries = seen.filter((s) => s.query.includes('container="payments"'));
    expect(oomQueries.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    const summary = botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))!;
    expect(summary).toContain('memory vs limit (payments): *0.973 (97.3%)* at <!date^1796075155^');
    expect(summary).toContain('container restarts, last 15 min (payments): *4 count*');
    const [row] = await h.db.select().from(remediationProposals);
    expect(row!.readings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          runbookId: 'pod-oomkilled-restart',
          name: 'memory vs limit',
          status: 'ok',
          value: 0.973,
        }),
      ]),
    );
    const proposal = JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === row!.channelTs)!.blocks);
    expect(proposal).toContain('Metrics (Prometheus):');
    expect(proposal).toContain('memory vs limit (payments): *0.973 (97.3%)*');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });

  it('says which query failed or found nothing, and still proposes', async () => {
    prometheus((q) =>
      q.startsWith('max(container_memory_working_set_bytes')
        ? [503, { status: 'error', errorType: 'unavailable', error: 'query queue full' }]
        : [200, { status: 'success', data: { resultType: 'vector', result: [] } }],
    );
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    const summary = botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))!;
    expect(summary).toContain(
      'memory vs limit (payments): _query failed (Prometheus refused the query (unavailable: query queue full))_',
    );
    expect(summary).toContain('container restarts, last 15 min (payments): _no data (no series matched)_');
    expect(await h.db.select().from(remediationProposals)).toHaveLength(1);
  });

  it('a Prometheus that does not answer does not block the analysis', async () => {
    nock(PROM).post('/api/v1/query').times(20).delay(10_000).reply(200, vector('1'));
    const ch = await oomIncident();
    await run(h, 'UBOB', ch, 'analyze');
    const summary = botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))!;
    expect(summary).toContain('query failed (Prometheus did not answer within 2s)');
    expect(await h.db.select().from(remediationProposals)).toHaveLength(1);
  });

  it('gives the model the measured values as quoted data it may cite', async () => {
    await h.restart({ config: config(true), env: { ...ENV, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: OPENAI } });
    try {
      prometheus(() => [200, vector('0.973')]);
      const bodies: string[] = [];
      nock(OPENAI)
        .post('/chat/completions', (b) => {
          bodies.push(JSON.stringify(b));
          return true;
        })
        .reply(200, {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                refusal: null,
                content: JSON.stringify({
                  hypotheses: [{ cause: 'Memory at the limit', evidence: ['metric:0'], confidence: 0.9 }],
                  proposals: [
                    {
                      runbook_id: 'pod-oomkilled-restart',
                      params: [{ name: 'service', value: 'payments' }],
                      hypothesis: 'Memory at the limit',
                      evidence: ['metric:0', 'metric:99'],
                      confidence: 0.9,
                    },
                  ],
                }),
              },
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      const ch = await oomIncident();
      await run(h, 'UBOB', ch, 'analyze');
      expect(bodies).toHaveLength(1);
      // Inside <incident_data>, as data: the id to cite, the runbook, the value with its unit.
      const sent = JSON.parse(bodies[0]!).messages[1].content as string;
      const data = sent.slice(sent.indexOf('<incident_data>'), sent.indexOf('</incident_data>'));
      expect(data).toContain('"metrics":[{"id":"metric:0","runbook":"pod-oomkilled-restart","name":"memory vs limit"');
      expect(data).toContain('"value":"0.973 (97.3%)"');
      const [row] = await h.db.select().from(remediationProposals);
      expect(row).toMatchObject({ source: 'model', evidence: ['metric:0'] });
    } finally {
      await h.restart({ config: config(true), env: ENV });
    }
  });
});

describe('analysis without Prometheus', () => {
  it('says no metrics were queried, and shows no number', async () => {
    await h.restart({ config: config(false), env: ENV });
    try {
      const ch = await oomIncident();
      await run(h, 'UBOB', ch, 'analyze');
      const summary = botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))!;
      expect(summary).toContain('No metrics were queried: Prometheus is not configured (`metrics.prometheus`).');
      expect(summary).not.toContain('Metrics (Prometheus)');
      const [row] = await h.db.select().from(remediationProposals);
      expect(row!.readings).toEqual([]);
    } finally {
      await h.restart({ config: config(true), env: ENV });
    }
  });
});
