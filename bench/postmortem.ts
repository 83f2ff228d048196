/**
 * What drafting a postmortem costs for a 10,000-message incident: the deterministic draft's time
 * (pure CPU), and for the model path the estimated input tokens sent and the number of requests,
 * against a local fake OpenAI (a node http server on 127.0.0.1 answering structured JSON), so the
 * numbers are Firebreak's own and no key or network is needed.
 */

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createModelClient } from '../src/ai/model-engine.js';
import { DEFAULT_BUDGET_TOKENS, draftWithModel } from '../src/ai/postmortem/draft-with-model.js';
import { draftDeterministic } from '../src/domain/postmortem/deterministic-draft.js';
import type { PostmortemEvent, PostmortemInput } from '../src/domain/postmortem/types.js';
import { CHATTER } from './ai-context.js';
import { summarize } from './stats.js';

export const POSTMORTEM_MESSAGES = 10_000;
const WARMUP = 3;
const RUNS = 20;
const T0 = Date.parse('2026-11-23T10:00:00Z');

/** A resolved SEV1 with milestones every few hundred messages, a pin every 200th and chatter in between. */
export function syntheticPostmortemInput(messages = POSTMORTEM_MESSAGES): PostmortemInput {
  const event = (i: number, kind: string, text: string, data: Record<string, unknown> = {}): PostmortemEvent => ({
    id: `ev-${i}-${kind}`,
    at: new Date(T0 + i * 400),
    kind,
    actorId: `U${String(i % 40).padStart(4, '0')}`,
    actorType: i % 7 ? 'human' : 'bot',
    text,
    data,
    permalink:
      kind === 'message' || kind === 'pinned'
        ? `https://acme.slack.com/archives/C0BENCH/p${1795428000000000 + i}`
        : null,
  });
  const events: PostmortemEvent[] = [event(0, 'declared', 'Checkout failing for card payments', { severity: 1 })];
  for (let i = 1; i <= messages; i++) {
    const text = `${CHATTER[i % 5]} (#${i})`;
    events.push(event(i, 'message', text));
    if (i % 200 === 0) events.push(event(i, 'pinned', text));
    if (i % 1_000 === 0) events.push(event(i, 'status_update', `Still investigating (${i / 1_000})`));
  }
  const end = new Date(T0 + (messages + 1) * 400);
  events.push({ ...event(messages + 1, 'resolved', 'Pool size raised', { resolution: 'fixed' }), at: end });
  return {
    incident: {
      ref: 'INC-4242',
      title: 'Checkout failing for card payments',
      severity: 1,
      status: 'resolved',
      impact: '30% of card payments fail',
      description: null,
      services: ['payments', 'checkout'],
      isDrill: false,
      resolution: 'fixed',
      summary: 'Pool size raised',
      declaredAt: new Date(T0),
      acknowledgedAt: new Date(T0 + 60_000),
      identifiedAt: null,
      mitigatedAt: new Date(T0 + 45 * 60_000),
      resolvedAt: end,
    },
    people: { ic: 'U0001' },
    names: {},
    events,
  };
}

const completion = (answer: unknown) => ({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 0,
  model: 'fake',
  choices: [
    { index: 0, message: { role: 'assistant', content: JSON.stringify(answer), refusal: null }, finish_reason: 'stop' },
  ],
});

/** The fake model: a map answer picks a chunk's non-chatter items and every 40th message; a reduce answer cites one. */
function answer(body: { messages: { content: string }[]; response_format: { json_schema: { name: string } } }) {
  const user = body.messages[1]?.content ?? '';
  if (body.response_format.json_schema.name === 'postmortem_sections') {
    const id = /"eventId":"([^"]+)"/.exec(user)?.[1] ?? 'none';
    const c = { text: 'The connection pool was exhausted.', cites: [id] };
    const lists = [
      'fiveWhys',
      'contributingFactors',
      'detectionHow',
      'resolutionHow',
      'wentWell',
      'wentWrong',
      'gotLucky',
    ];
    return completion({
      summary: c,
      rootCause: c,
      ...Object.fromEntries(lists.map((k) => [k, [c]])),
      actionItems: [
        { type: 'detect', description: 'Alert on pool use', priority: 'P1', validation: 'Test alert', cites: [id] },
      ],
    });
  }
  const start = user.indexOf('<timeline_chunk>\n') + 17;
  const lines = user.slice(start, user.indexOf('\n</timeline_chunk>')).split('\n');
  const items = lines.map((l) => JSON.parse(l) as { id: string; at: string; kind: string; text: string });
  const events = items
    .filter((i, k) => i.kind !== 'message' || k % 40 === 0)
    .map((i) => ({ eventId: i.id, at: i.at, summary: i.text.slice(0, 80), category: 'diagnosis' }));
  return completion({ events });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Starts the fake OpenAI on 127.0.0.1 (random port); returns its base URL and a stop function. */
async function fakeOpenAI(): Promise<{ baseURL: string; stop: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(body)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stop: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Deterministic draft time over a 10,000-message incident (20 runs after 3 warm-ups), and one model
 * draft against the fake OpenAI: estimated input tokens sent (≤ the 60k budget), requests, chunks.
 */
export async function measurePostmortem(): Promise<{
  messages: number;
  deterministicMs: { p50: number; p99: number };
  model: { budgetTokens: number; inputTokens: number; calls: number; chunks: number; sampledOut: number; ms: number };
}> {
  const input = syntheticPostmortemInput();
  const samples: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const started = performance.now();
    draftDeterministic(input);
    if (run >= WARMUP) samples.push(performance.now() - started);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { p50, p99 } = summarize(samples);

  const fake = await fakeOpenAI();
  try {
    const client = createModelClient({ OPENAI_API_KEY: 'sk-bench-fake', OPENAI_BASE_URL: fake.baseURL })!;
    const started = performance.now();
    const draft = await draftWithModel(input, { client, model: 'fake-model' });
    const ms = Math.round(performance.now() - started);
    const { inputTokens, calls, chunks, sampledOut } = draft.stats;
    return {
      messages: draft.stats.messages,
      deterministicMs: { p50, p99 },
      model: { budgetTokens: DEFAULT_BUDGET_TOKENS, inputTokens, calls, chunks, sampledOut, ms },
    };
  } finally {
    await fake.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measurePostmortem(), null, 2));
}
