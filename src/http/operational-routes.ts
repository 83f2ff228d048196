import type { CustomRoute } from '@slack/bolt';
import type { Database } from '../db/client.js';
import { DIGEST_DEFINITIONS } from '../domain/metrics/definitions.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * /healthz (200 only when the database answers; with how many Slack requests the durable inbox has not
 * carried out yet), /metrics (Prometheus) and the digest's definitions, beside Slack's endpoint.
 */
export function operationalRoutes(
  database: Database,
  metrics: Metrics,
  unfinishedRequests: () => Promise<number> = async () => 0,
): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: async (_req, res) => {
        const ok = await database.ping();
        const unfinished = ok ? await unfinishedRequests().catch(() => undefined) : undefined;
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: ok ? 'ok' : 'database unavailable',
            database: database.kind,
            ...(unfinished !== undefined && { inbox: { unfinished } }),
          }),
        );
      },
    },
    {
      // What each digest figure means, for `digest.definitions_url` to point at.
      path: '/digest/definitions',
      method: 'GET',
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(
          `How Firebreak computes the weekly digest\n\n${Object.entries(DIGEST_DEFINITIONS)
            .map(([k, v]) => `${k}\n  ${v}`)
            .join('\n\n')}\n`,
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: async (_req, res) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
    },
  ];
}
