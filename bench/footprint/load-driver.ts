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
const http = require('node:http');
const { requests, inFlight } = workerData;
// node:http with kept-alive connections, one per request in flight: fetch costs this thread ~2 ms of CPU a
// request, enough on a small machine for the driver itself to be the queue being timed.
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight, maxFreeSockets: inFlight });
const result = { samples: [], failures: [], refused: [] };
function send(r) {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(r.body);
    const req = http.request(r.url, {
      method: 'POST',
      agent,
      headers: { ...r.headers, 'content-length': String(body.length) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
let next = 0;
async function one() {
  while (next < requests.length) {
    const i = next++;
    const r = requests[i];
    const started = performance.now();
    try {
      const res = await send(r);
      const elapsed = performance.now() - started;
      if (res.status !== 200) result.refused.push('request ' + i + ': HTTP ' + res.status + ' ' + res.text.slice(0, 200));
      else result.samples.push(elapsed);
    } catch (err) {
      result.failures.push('request ' + i + ': ' + err.message);
    }
  }
}
Promise.all(Array.from({ length: inFlight }, one)).then(() => {
  agent.destroy();
  parentPort.postMessage(result);
});
`;
