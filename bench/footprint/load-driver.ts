/**
 * The load driver, in a worker thread: sends prepared signed requests to an app with a fixed number in
 * flight and times each answer (the ack). Its own event loop, so the emulator's work in the bench's main
 * thread (answering Firebreak's Web API calls, taking its response_url replies) never sits between a
 * response and its timestamp; the bare app (which makes no such calls) and Firebreak are timed alike.
 */
import { Worker } from 'node:worker_threads';
import type { PreparedRequest } from '../../src/sandbox/index.js';

export interface DriveResult {
  /** Ack latency of each answered request, ms. */
  samples: number[];
  /** Requests that got no HTTP answer, with why. */
  failures: string[];
  /** Answers other than HTTP 200 (expected: none). */
  refused: string[];
}

interface Job {
  requests: PreparedRequest[];
  inFlight: number;
}

/** Sends `requests` from a worker thread, `inFlight` at a time. */
export function drive(requests: PreparedRequest[], inFlight: number): Promise<DriveResult> {
  return new Promise((resolve, reject) => {
    // Plain JavaScript (no TypeScript loader in a worker): the worker only sends and times.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { requests, inFlight } satisfies Job });
    worker.once('message', (result: DriveResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { requests, inFlight } = workerData;
const result = { samples: [], failures: [], refused: [] };
let next = 0;
async function one() {
  while (next < requests.length) {
    const i = next++;
    const r = requests[i];
    const started = performance.now();
    try {
      const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
      const text = await res.text();
      const elapsed = performance.now() - started;
      if (res.status !== 200) result.refused.push('request ' + i + ': HTTP ' + res.status + ' ' + text.slice(0, 200));
      else result.samples.push(elapsed);
    } catch (err) {
      const cause = err && err.cause ? ' (' + err.cause.message + ')' : '';
      result.failures.push('request ' + i + ': ' + err.message + cause);
    }
  }
}
Promise.all(Array.from({ length: inFlight }, one)).then(() => parentPort.postMessage(result));
`;
