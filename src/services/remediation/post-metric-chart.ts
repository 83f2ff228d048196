import { firstAlertStart } from '../../db/repositories/alerts.js';
import type { Incident } from '../../domain/incident.js';
import { formatMetric } from '../../domain/metric-value.js';
import type { ServiceDeps } from '../deps.js';
import { type RequestRef, uploadOnce } from '../request-once.js';
import type { MetricChart, RemediationDeps } from './ports.js';

/** When a chart is posted: with the analysis (before), and when the action was verified or rolled back (after). */
export type ChartMoment = 'analysis' | 'verified' | 'regressed' | 'rolled-back';

/** A drawn chart ready to share, or the one line that says why there is none. */
export type DrawnChart = { png: Uint8Array; filename: string; title: string } | { note: string };

const WINDOW_MS = 60 * 60_000;
const STEP_MS = 30_000;
const HEADINGS: Record<ChartMoment, string> = {
  analysis: 'Before',
  verified: 'After: verified',
  regressed: 'After: regression',
  'rolled-back': 'After: rolled back',
};

/**
 * The key series of an incident over the last hour, as a PNG: the verify query of a proposal's
 * runbook (what "fixed" will be judged by), the alert's start and the action marked, the healthy
 * line drawn. Never throws: no Prometheus, no data or a failed drawing is a sentence, and the
 * analysis or verification it belongs to goes on without a picture.
 */
export async function drawMetricChart(deps: ServiceDeps, r: RemediationDeps, args: ChartArgs) {
  try {
    return await draw(deps, r, args);
  } catch (err) {
    deps.logger.warn({ err, incidentId: args.incident.id }, 'the metric chart failed');
    return { note: 'No chart: drawing it failed (see the logs).' };
  }
}

interface ChartArgs {
  incident: Incident;
  runbookId: string;
  params: Record<string, string>;
  moment: ChartMoment;
  /** When the action was sent, marked on the chart. */
  actionAt?: Date | null;
  /** Unique per chart of this moment (a proposal's or watch's id): names the file, which makes the upload keyed. */
  id: string;
}

async function draw(deps: ServiceDeps, r: RemediationDeps, args: ChartArgs): Promise<DrawnChart | undefined> {
  if (!r.charts) return undefined;
  let verify: ReturnType<RemediationDeps['catalog']['render']>['verify'];
  try {
    verify = r.catalog.render(args.runbookId, args.params).verify;
  } catch {
    return undefined;
  }
  if (!verify) return { note: `No chart: \`${args.runbookId}\` has no verify query to draw.` };
  if (!r.metrics) return { note: 'No chart: Prometheus is not configured (`metrics.prometheus`).' };
  const to = deps.now();
  const from = new Date(to.getTime() - WINDOW_MS);
  const range = await r.metrics.queryRange(verify.query, from, to, STEP_MS);
  if (range.status !== 'ok')
    return {
      note:
        range.status === 'empty'
          ? 'No chart: the verify query returned no data over the last hour.'
          : `No chart: the verify query failed (${range.detail}).`,
    };
  const target = args.params.service ?? args.runbookId;
  const alertAt = (await firstAlertStart(deps.db, args.incident.id)) ?? args.incident.declaredAt;
  const healthy = `healthy ${verify.op} ${formatMetric(verify.threshold, verify.unit)}`;
  const chart: MetricChart = {
    title: `${HEADINGS[args.moment]}: ${target}, verify query of ${args.runbookId}`,
    subtitle: `last hour, times in ${deps.config.timezone}`,
    unit: verify.unit,
    from,
    to,
    series: range.series.map((s) => ({ label: seriesLabel(s.labels, target), points: s.points })),
    marks: [
      { at: alertAt, label: alertAt === args.incident.declaredAt ? 'declared' : 'alert fired' },
      ...(args.actionAt ? [{ at: args.actionAt, label: 'action sent' }] : []),
    ],
    threshold: { value: verify.threshold, label: healthy },
    timeZone: deps.config.timezone,
  };
  try {
    const png = await r.charts.renderPng(chart);
    const slug = args.incident.channelName ?? `incident-${args.incident.number}`;
    return {
      png,
      filename: `${slug}-${args.moment}-${args.id.slice(0, 8)}.png`,
      title: `${HEADINGS[args.moment]}: ${target}, last hour (${healthy})`,
    };
  } catch (err) {
    deps.logger.warn({ err, incidentId: args.incident.id }, 'drawing the metric chart failed');
    return { note: 'No chart: drawing it failed (see the logs).' };
  }
}

/**
 * Shares a drawn chart in the channel, once (keyed by its filename: `recovering`, a request carried
 * out again looks for it first); a failure is logged, never thrown.
 */
export async function postMetricChart(
  deps: ServiceDeps,
  channelId: string,
  drawn: DrawnChart | undefined,
  req: Pick<RequestRef, 'recovering'> = { recovering: false },
) {
  if (!drawn || !('png' in drawn)) return;
  try {
    await uploadOnce(deps, channelId, { filename: drawn.filename, title: drawn.title, content: drawn.png }, req);
  } catch (err) {
    deps.logger.warn({ err, channelId }, 'sharing the metric chart failed');
  }
}

/** The note to print in the message a chart belongs to, if it could not be drawn. */
export const chartNote = (drawn: DrawnChart | undefined) => (drawn && 'note' in drawn ? drawn.note : undefined);

function seriesLabel(labels: Record<string, string>, fallback: string): string {
  const pairs = Object.entries(labels).filter(([k]) => k !== '__name__');
  return pairs.length ? pairs.map(([k, v]) => `${k}=${v}`).join(', ') : fallback;
}
