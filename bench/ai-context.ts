/**
 * What preparing an AI analysis costs before the model is called: building the redacted context from
 * a 5,000-message incident timeline (budgeted to the newest items) and rendering the prompt. Every
 * 25th message carries a secret (Slack token, AWS key, JWT, card, password URL, email) so redaction
 * does real work. Pure CPU, no network: the numbers are the app's own overhead per analysis.
 */

import { fileURLToPath } from 'node:url';
import { buildAnalysisContext, type ContextInput } from '../src/ai/context.js';
import { buildMessages, type CatalogView } from '../src/ai/prompt.js';
import { redact } from '../src/ai/redact.js';
import { estimateMessageTokens } from '../src/ai/tokens.js';
import { summarize } from './stats.js';

export const MESSAGES = 5_000;
const WARMUP = 5;
const RUNS = 50;

const T0 = Date.parse('2026-11-23T10:00:00Z');
// Assembled from parts so secret scanners leave the repository alone.
const SECRETS = [
  ['slack token ', 'xox', 'b-1234567890-0987654321-AbCdEfGhIjKl'],
  ['key id ', 'AKIA', 'Z7X2QWERTY123456', ' in the env dump'],
  ['jwt eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['card 4242 4242 ', '4242 4242 declined'],
  ['dsn postgres://app:', 'hunter2', '@db-1.internal/pay'],
  ['ping dana.oncall', '@example.org'],
].map((parts) => parts.join(''));
/** What people say during an incident; both synthetic timelines (analysis, postmortem) are made of it. */
export const CHATTER = [
  'redis timeouts again on payments-api, p99 2.3s',
  'rolled back deploy 4f2a9c1 at 10:42, watching error rate',
  'checkout 5xx ratio 4.1% and climbing; dashboards linked in the pin',
  'pods payments-7d9f-x2 OOMKilled twice in 10 minutes',
  'I am looking at the connection pool: 200/200 in use',
];

/** A synthetic incident: one declaration, some pins and status changes, chatter and alerts. */
export function syntheticInput(messages = MESSAGES): ContextInput {
  const timeline: ContextInput['timeline'] = [
    { id: 'ev-0', at: new Date(T0), actorType: 'system', kind: 'declared', text: 'SEV1 declared: checkout failing' },
  ];
  for (let i = 1; i < messages; i++) {
    const kind = i % 500 === 0 ? 'status_changed' : i % 200 === 0 ? 'pinned' : 'message';
    const text = i % 25 === 0 ? `${CHATTER[i % 5]} ${SECRETS[(i / 25) % SECRETS.length]}` : `${CHATTER[i % 5]} (#${i})`;
    timeline.push({ id: `ev-${i}`, at: new Date(T0 + i * 1_000), actorType: i % 7 ? 'human' : 'bot', kind, text });
  }
  return {
    incident: {
      ref: 'INC-4242',
      title: 'Checkout failing for card payments',
      severity: 1,
      status: 'investigating',
      impact: '30% of card payments fail',
      description: 'Reported by support at 10:31',
      services: ['payments', 'checkout'],
    },
    alerts: [
      {
        status: 'firing',
        commonLabels: { service: 'payments', severity: 'critical' },
        alerts: [
          { status: 'firing', labels: { alertname: 'HighErrorRate' }, annotations: { summary: '5xx > 5%' } },
          { status: 'firing', labels: { alertname: 'RedisLatency' }, values: { A: 2.3 } },
        ],
      },
    ],
    timeline,
  };
}

const CATALOG: CatalogView = {
  list: () =>
    ['flush-cache', 'restart-service', 'rollback-deploy', 'clear-old-logs', 'scale-up'].map((id) => ({
      id,
      title: id.replace(/-/g, ' '),
      symptoms: ['redis timeout', 'oom killed', 'errors after deploy'],
      services: ['*'],
      confidence: 0.9,
    })),
  parametersOf: () => ['service'],
  validateParams: (_id, params) => ({ ok: true, params }),
};

/** Times context assembly plus prompt rendering over the synthetic timeline (50 runs after 5 warm-ups). */
export async function measureContextAssembly(): Promise<{
  messages: number;
  ms: { p50: number; p99: number };
  promptTokens: number;
  redactions: number;
  /** Redacting every message of the timeline, kept or not (the upper bound; analysis only redacts what it keeps). */
  redactAllMs: { p50: number; p99: number };
}> {
  const input = syntheticInput();
  const samples: number[] = [];
  let last: { tokens: number; redactions: number } | undefined;
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const started = performance.now();
    const built = buildAnalysisContext(input, {});
    const messages = buildMessages(built.context, CATALOG);
    const elapsed = performance.now() - started;
    if (run >= WARMUP) samples.push(elapsed);
    last = { tokens: estimateMessageTokens(messages), redactions: built.redactions };
    // Yield between runs so a caller's timers and I/O are not starved.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { p50, p99 } = summarize(samples);
  const all: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const started = performance.now();
    for (const item of input.timeline) if (item.text) redact(item.text);
    if (run >= WARMUP) all.push(performance.now() - started);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const redactAll = summarize(all);
  return {
    messages: input.timeline.length,
    ms: { p50, p99 },
    promptTokens: last!.tokens,
    redactions: last!.redactions,
    redactAllMs: { p50: redactAll.p50, p99: redactAll.p99 },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureContextAssembly(), null, 2));
}
