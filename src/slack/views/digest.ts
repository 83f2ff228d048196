import { incidentRef } from '../../domain/incident.js';
import type { Comparison } from '../../domain/metrics/comparison.js';
import type { Digest, OpenIncident, Ranked, Rate, Spread } from '../../domain/metrics/digest.js';
import { formatDurationShort } from '../../domain/metrics/duration.js';
import { formatComparison, formatPercent, formatValue, NO_DATA, type Unit } from '../../domain/metrics/format.js';
import { meetsTarget, TARGETS, type Target } from '../../domain/metrics/targets.js';
import { SEVERITIES, severityLabel } from '../../domain/severity.js';
import { monthLabel, TRUST_TARGET } from '../../domain/trust-survey.js';
import { context, fields, header, type SlackMessage, section } from './blocks.js';
import { channelRef, clip, escapeText } from './format.js';

export interface DigestMessageOptions {
  /** e.g. `Weekly incident digest — payments`. */
  title: string;
  /** e.g. `16–22 Nov 2026` (periodLabel in src/domain/metrics/period.ts). */
  periodLabel: string;
  /** Where DIGEST_DEFINITIONS are published for readers. */
  definitionsUrl?: string;
}

const field = (label: string, value: string) => `*${label}*\n${value}`;
const figure = (c: Comparison, unit: Unit = 'count') => formatComparison(c, unit);
const spreadText = (s: Spread) =>
  `${figure(s.median, 'duration')}\np90 ${figure(s.p90, 'duration')}${s.n ? ` · n=${s.n}` : ''}`;
const rateText = (r: Rate) =>
  r.rate.value === null ? NO_DATA : `${r.count.value} of ${r.of.value} · ${figure(r.rate, 'percent')}`;
const verdict = (value: number | null, target: Target) => {
  const met = meetsTarget(value, target);
  return `target ${target.label}${met === null ? '' : met ? ' ✅' : ' ⚠️'}`;
};

/**
 * The weekly digest as a Slack message: every figure beside last week's with its arrow and change,
 * "no data" where there is none. Always 13 blocks, each under Block Kit's limits (the helpers in
 * blocks.ts clip). Private incidents appear only as a count; the fallback `text` carries the key
 * numbers for notifications.
 */
export function buildDigestMessage(digest: Digest, opts: DigestMessageOptions): SlackMessage {
  const { incidents: inc, response, automation: ai, communication: comms, followUp: fu } = digest;
  const text =
    `${opts.title}, ${opts.periodLabel}: ${figure(inc.total)} ${inc.total.value === 1 ? 'incident' : 'incidents'} · ` +
    `MTTR median ${figure(response.mttr.median, 'duration')} · ` +
    `time to approval median ${figure(ai.timeToApproval.median, 'duration')}`;
  const definitions = opts.definitionsUrl ? ` · <${opts.definitionsUrl}|How each figure is computed>` : '';
  return {
    text,
    blocks: [
      header(opts.title),
      context(`*${opts.periodLabel}*, compared with the 7 days before · drills excluded`),
      fields(
        [
          field('Incidents', figure(inc.total)),
          ...SEVERITIES.map((s) => field(severityLabel(s), figure(inc.bySeverity[s]))),
          field(
            'False alarms',
            `${rateText(inc.falseAlarms)}\n${verdict(inc.falseAlarms.rate.value, TARGETS.falseAlarms)}`,
          ),
        ],
        'digest_incidents',
      ),
      fields(
        [
          field('Top services', ranking(digest.top.services)),
          field(
            'Top incident types',
            `${ranking(digest.top.types)}\n_unclassified: ${figure(digest.top.unclassified)}_`,
          ),
        ],
        'digest_top',
      ),
      fields(
        [
          field('MTTA (median)', spreadText(response.mtta)),
          field('MTTM (median)', spreadText(response.mttm)),
          field('MTTR (median)', spreadText(response.mttr)),
        ],
        'digest_response',
      ),
      fields(
        SEVERITIES.map((s) => {
          const r = response.bySeverity[s];
          const line = (name: string, sp: Spread) =>
            `${name} ${figure(sp.median, 'duration')} (p90 ${formatValue(sp.p90.value, 'duration')})`;
          return field(severityLabel(s), [line('MTTA', r.mtta), line('MTTM', r.mttm), line('MTTR', r.mttr)].join('\n'));
        }),
        'digest_response_by_severity',
      ),
      section(openText(digest.open), 'digest_open'),
      fields(
        [
          field('Proposals made', figure(ai.made)),
          field('Approved', `${figure(ai.approved)}\nby policy: ${figure(ai.autoApproved)}`),
          field('Rejected · expired · stopped', [ai.rejected, ai.expired, ai.stopped].map((c) => figure(c)).join('\n')),
          field(
            'Time to approval (median)',
            `${figure(ai.timeToApproval.median, 'duration')}\n${verdict(ai.timeToApproval.median.value, TARGETS.timeToApproval)}`,
          ),
          field(
            'Auto-resolution',
            `${rateText(ai.autoResolution)}\n${verdict(ai.autoResolution.rate.value, TARGETS.autoResolution)}`,
          ),
          field(
            'MTTR of AI-handled incidents',
            `${figure(ai.aiHandledMttr, 'duration')}\n${verdict(ai.aiHandledMttr.value, TARGETS.aiHandledMttr)}`,
          ),
          field('Regressions', `${rateText(ai.regression)}\n${verdict(ai.regression.rate.value, TARGETS.regression)}`),
          field('Shadow-mode accuracy', rateText(ai.shadowAccuracy)),
        ],
        'digest_automation',
      ),
      fields(trustFields(digest), 'digest_trust'),
      fields(
        [
          field('Status updates on time', figure(comms.onTime)),
          field('Late', figure(comms.late)),
          field('On-time rate', rateText(comms.onTimeRate)),
        ],
        'digest_communication',
      ),
      fields(
        [
          field('Pages sent', figure(digest.paging.sent)),
          field('Pages acknowledged', figure(digest.paging.acknowledged)),
          field('Time to acknowledge (median)', spreadText(digest.paging.timeToAcknowledge)),
          field('Pages per incident', figure(digest.paging.perIncident, 'ratio')),
          field(
            'Pages reduced',
            digest.paging.reduced === null
              ? `no data\n${verdict(null, TARGETS.pagesReduced)}`
              : `${formatPercent(digest.paging.reduced)} vs last week\n${verdict(digest.paging.reduced, TARGETS.pagesReduced)}`,
          ),
        ],
        'digest_paging',
      ),
      fields(
        [
          field('Postmortems due', figure(fu.postmortemsDue)),
          field('Postmortems overdue', figure(fu.postmortemsOverdue)),
          field('Action items open', figure(fu.actionItemsOpen)),
          field('Action items overdue', figure(fu.actionItemsOverdue)),
          field('Action items closed', figure(fu.actionItemsClosed)),
        ],
        'digest_follow_up',
      ),
      context(
        '↑↓ show the direction of a change, not whether it is good. Medians and p90 interpolate between ' +
          'ranks; "no data" means nothing to measure, not zero. Private incidents are counted, never named.' +
          definitions,
      ),
    ],
  };
}

/** The closed loop and earned autonomy: verified, rolled back by Firebreak, suspended, ready, team trust. */
function trustFields(digest: Digest): string[] {
  const { closedLoop, trust } = digest;
  const loop = [
    field('Verified after the action', figure(closedLoop.verified)),
    field('Rolled back automatically', figure(closedLoop.autoRolledBack)),
  ];
  if (!trust) return loop;
  const survey = trust.survey;
  return [
    ...loop,
    field('Suspended runbooks', runbookList(trust.suspended, 'none')),
    field(
      'Ready for auto-approval',
      trust.readyForAutoApproval.length
        ? `${runbookList(trust.readyForAutoApproval, '')}
_gates met; set \`auto_approve: true\` to trust them_`
        : 'none yet',
    ),
    ...(trust.readyToLeaveShadow
      ? [field('Ready to leave shadow mode', runbookList(trust.readyToLeaveShadow, 'none yet'))]
      : []),
    field(
      survey ? `Team trust (${monthLabel(survey.month)})` : 'Team trust',
      survey
        ? `${survey.score === null ? NO_DATA : `${formatScore(survey.score)}/10`} · ${survey.answered} of ${survey.asked} answered\n${verdict(survey.score, TRUST_TARGET)}`
        : 'no survey yet',
    ),
  ];
}

/** Runbook ids (from runbook files, still escaped), at most 8 named. */
function runbookList(ids: readonly string[], empty: string): string {
  if (!ids.length) return empty;
  const shown = ids.slice(0, 8).map((id) => `\`${escapeText(clip(id, 60))}\``);
  return [...shown, ...(ids.length > 8 ? [`…and ${ids.length - 8} more`] : [])].join('\n');
}

const formatScore = (score: number) => (Math.round(score * 10) / 10).toString();

function ranking(items: Ranked[]): string {
  if (!items.length) return NO_DATA;
  return items
    .map((r, i) => `${i + 1}. ${escapeText(clip(r.name, 60))} — ${figure(r.count)} (${formatPercent(r.share)})`)
    .join('\n');
}

function openText(open: Digest['open']): string {
  const privateNote = open.private ? ` (${open.private} private)` : '';
  const head = `*Open incidents:* ${figure(open.count)}${privateNote}`;
  const shown = open.oldest.map(openLine);
  const listedOrPrivate = open.oldest.length + open.private;
  const more = (open.count.value ?? 0) - listedOrPrivate;
  return [head, ...shown, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n');
}

const openLine = (i: OpenIncident) =>
  `• *${severityLabel(i.severity)}* ${channelRef(i.channelId)} ${escapeText(clip(i.title, 80))} · ${incidentRef(i)} · open ${formatDurationShort(i.ageMs)}`;
