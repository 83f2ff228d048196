import { z } from 'zod';
import type { Logger } from '../../observability/logger.js';

/**
 * A client of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`), which Thanos, Mimir and
 * VictoriaMetrics also speak. Every answer is validated before use; every failure comes back as a
 * reading with a sentence, never as an exception, so a slow or broken Prometheus cannot block an
 * analysis or a verification. The bearer token goes in a header and is never logged or echoed.
 */

/** One number read from Prometheus, or why there is none. */
export type Reading =
  | { status: 'ok'; value: number; at: Date; series: number }
  | { status: 'empty'; detail: string }
  | { status: 'error'; detail: string };

export interface RangeSeries {
  labels: Record<string, string>;
  points: { at: Date; value: number }[];
}
export type RangeReading = { status: 'ok'; series: RangeSeries[] } | { status: 'empty' | 'error'; detail: string };

export interface PrometheusClient {
  /** Instant query at `at` (default: Prometheus's now); a vector's first series, a scalar as is. */
  query(promql: string, at?: Date): Promise<Reading>;
  /** Range query: every series, points `stepMs` apart. */
  queryRange(promql: string, start: Date, end: Date, stepMs: number): Promise<RangeReading>;
}

// Sample values are strings so NaN and ±Inf survive JSON ("NaN", "+Inf", "-Inf").
const Sample = z.tuple([z.number(), z.string()]);
const Labels = z.record(z.string(), z.string());
const QueryData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: Labels, value: Sample })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: Labels, values: z.array(Sample) })) }),
  z.object({ resultType: z.literal('scalar'), result: Sample }),
  z.object({ resultType: z.literal('string'), result: Sample }),
]);
const ApiAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: QueryData }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);
type QueryData = z.infer<typeof QueryData>;

const MAX_DETAIL = 200;

export function createPrometheusClient(options: {
  url: string;
  timeoutMs: number;
  token?: string | undefined;
  logger: Logger;
  fetchImpl?: typeof fetch;
}): PrometheusClient {
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  const log = options.logger.child({ module: 'prometheus' });

  async function call(path: string, params: Record<string, string>): Promise<QueryData | { error: string }> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...(options.token && { authorization: `Bearer ${options.token}` }),
    };
    let res: Response;
    try {
      // POST: long queries do not hit URL length limits (documented as equivalent to GET).
      res = await (options.fetchImpl ?? globalThis.fetch)(new URL(path, base), {
        method: 'POST',
        headers,
        body: new URLSearchParams(params).toString(),
        signal: timeout,
        redirect: 'manual',
      });
    } catch (err) {
      const detail = timeout.aborted
        ? `Prometheus did not answer within ${options.timeoutMs / 1000}s`
        : `Prometheus could not be reached (${(err as Error).cause ? String((err as { cause: { code?: string } }).cause.code ?? 'network error') : 'network error'})`;
      log.warn({ path, detail }, 'prometheus query failed');
      return { error: detail };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return fail(path, `Prometheus answered HTTP ${res.status} without JSON`);
    }
    const answer = ApiAnswer.safeParse(body);
    if (!answer.success) return fail(path, `Prometheus answered HTTP ${res.status} with an unexpected body`);
    if (answer.data.status === 'error')
      return fail(
        path,
        `Prometheus refused the query (${answer.data.errorType ?? `HTTP ${res.status}`}: ${clip(answer.data.error ?? '')})`,
      );
    return answer.data.data;
  }

  function fail(path: string, detail: string): { error: string } {
    log.warn({ path, detail }, 'prometheus query failed');
    return { error: detail };
  }

  return {
    async query(promql, at) {
      const data = await call('api/v1/query', { query: promql, ...(at && { time: seconds(at) }) });
      if ('error' in data) return { status: 'error', detail: data.error };
      if (data.resultType === 'scalar') return sample(data.result, 1);
      if (data.resultType === 'vector') {
        const first = data.result[0];
        return first ? sample(first.value, data.result.length) : { status: 'empty', detail: 'no series matched' };
      }
      return { status: 'error', detail: `the query returns a ${data.resultType}, not a number` };
    },
    async queryRange(promql, start, end, stepMs) {
      const data = await call('api/v1/query_range', {
        query: promql,
        start: seconds(start),
        end: seconds(end),
        step: `${Math.max(1, Math.round(stepMs / 1000))}s`,
      });
      if ('error' in data) return { status: 'error', detail: data.error };
      if (data.resultType !== 'matrix')
        return { status: 'error', detail: `expected a matrix, got a ${data.resultType}` };
      if (!data.result.length) return { status: 'empty', detail: 'no series matched' };
      return {
        status: 'ok',
        series: data.result.map((s) => ({
          labels: s.metric,
          points: s.values.map(([t, v]) => ({ at: new Date(t * 1000), value: Number(v) })),
        })),
      };
    },
  };
}

function sample([t, v]: [number, string], series: number): Reading {
  const value = Number(v);
  // NaN is what 0/0 gives (a ratio over no traffic): no number, and so not evidence of anything.
  if (Number.isNaN(value)) return { status: 'empty', detail: 'the value is NaN (no data to divide)' };
  return { status: 'ok', value, at: new Date(t * 1000), series };
}

const seconds = (d: Date) => (d.getTime() / 1000).toFixed(3);
const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);
