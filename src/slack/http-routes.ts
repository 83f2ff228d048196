import type { CustomRoute } from '@slack/bolt';
import type { Database } from '../db/client.js';
import type { Metrics } from '../observability/metrics.js';

/** /healthz (200 only when the database answers) and /metrics (Prometheus), beside Slack's endpoint. */
export function operationalRoutes(database: Database, metrics: Metrics): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: async (_req, res) => {
        const ok = await database.ping();
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: ok ? 'ok' : 'database unavailable', database: database.kind }));
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
