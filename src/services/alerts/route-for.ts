import { routeAlert } from '../../alerts/routing.js';
import type { AlertBatch } from '../../alerts/types.js';
import type { Db } from '../../db/client.js';
import { countDeclaringGroupsSince } from '../../db/repositories/alerts.js';
import { countOf } from '../../domain/plural.js';
import type { ServiceDeps } from '../deps.js';

/**
 * The routing rules' verdict for a new alert group, with the storm brake: past
 * `alerts.declare_per_minute` alert-declared incidents in the last minute, further groups are
 * announced with a Declare button instead of each opening a channel — at 3 a.m. twenty channels
 * for one outage help nobody.
 */
export async function routeFor(tx: Db, deps: ServiceDeps, batch: AlertBatch, now: Date) {
  const route = routeAlert(
    batch,
    deps.config.alerts,
    deps.config.services.map((s) => s.name),
  );
  if (route.action !== 'declare') return route;
  const recent = await countDeclaringGroupsSince(tx, new Date(now.getTime() - 60_000));
  const limit = deps.config.alerts.declare_per_minute;
  if (recent < limit) return route;
  return {
    ...route,
    action: 'notify' as const,
    description:
      `${route.description}\n\nAlert storm: ${countOf(limit, 'incident was', 'incidents were')} declared from alerts in the last minute, so this one waits for a human.`.trim(),
  };
}
