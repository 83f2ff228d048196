/**
 * Alert intake under a storm: 500 Alertmanager deliveries for 20 alert groups, sent within a
 * minute (10 in flight, paced over 60 s unless `--fast`), against the real app and the Slack
 * emulator. Reports the intake's answer latency (what PagerDuty's 5 s and Alertmanager's timeout
 * see) and how many incidents came out: 20 is right, anything else is a bug.
 */
import { fileURLToPath } from 'node:url';
import { incidents } from '../src/db/schema/index.js';
import { startBenchApp } from './bench-app.js';
import { type Summary, summarize } from './stats.js';

const DELIVERIES = 500;
const GROUPS = 20;
const IN_FLIGHT = 10;
const TOKEN = 'bench-intake-token-0123456789';
const CONFIG = `
channels: { broadcast: CINCIDENTS }
services: [{ name: checkout, risk: medium, team: payments }]
alerts:
  routes: [{ match: { severity: critical }, severity: sev1, action: declare }]
`;

export interface AlertIntakeResult {
  deliveries: number;
  groups: number;
  windowSeconds: number;
  answerMs: Summary;
  incidents: number;
  /** From the first delivery until every group's incident channel was open. */
  allDeclaredSeconds: number;
  database: string;
}

function delivery(i: number) {
  const group = i % GROUPS;
  const labels = { alertname: `Storm${group}`, service: 'checkout', severity: 'critical', pod: `checkout-${i}` };
  return {
    version: '4',
    status: 'firing',
    receiver: 'firebreak',
    groupKey: `{}:{alertname="Storm${group}"}`,
    groupLabels: { alertname: `Storm${group}` },
    commonLabels: { alertname: `Storm${group}`, service: 'checkout', severity: 'critical' },
    commonAnnotations: { summary: `Storm ${group}` },
    externalURL: 'http://alertmanager.bench',
    truncatedAlerts: 0,
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `checkout 5xx on pod ${i}` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.bench/graph',
        fingerprint: `fp-${i}`,
      },
    ],
  };
}

/** Sends the storm and waits for the incidents. */
export async function measureAlertIntake(opts: { fast?: boolean } = {}): Promise<AlertIntakeResult> {
  const { app, database, stop } = await startBenchApp({
    config: CONFIG,
    env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN },
    scheduler: false,
  });
  try {
    const windowMs = opts.fast ? 0 : 60_000;
    const started = performance.now();
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < DELIVERIES) {
        const i = next++;
        const due = started + (windowMs * i) / DELIVERIES;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = performance.now();
        const res = await fetch(`${app.url}/webhooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(delivery(i)),
        });
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`delivery ${i}: HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    };
    // Polls while the storm is still coming: how long until every group has its channel.
    const allDeclared = (async () => {
      for (let waited = 0; waited < 180_000; waited += 100) {
        const done = (await app.database.db.select().from(incidents)).filter((r) => r.declareState === 'complete');
        if (done.length >= GROUPS) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return (performance.now() - started) / 1000;
    })();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const sentSeconds = (performance.now() - started) / 1000;
    const allDeclaredSeconds = await allDeclared;
    // A moment more, to catch any extra incident a race would have opened.
    await new Promise((r) => setTimeout(r, 1_000));
    const total = (await app.database.db.select().from(incidents)).length;
    return {
      deliveries: DELIVERIES,
      groups: GROUPS,
      windowSeconds: Math.round(sentSeconds),
      answerMs: summarize(latencies),
      incidents: total,
      allDeclaredSeconds: Math.round(allDeclaredSeconds * 10) / 10,
      database,
    };
  } finally {
    await stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureAlertIntake({ fast: process.argv.includes('--fast') }), null, 2));
}
