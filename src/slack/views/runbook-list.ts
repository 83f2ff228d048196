import { confidenceText } from '../../domain/autonomy.js';
import type { RunbookSummary } from '../../services/remediation/list-runbooks.js';
import { type SlackMessage, section } from './blocks.js';
import { escapeText, slackTime } from './format.js';

/** `/incident runbooks`: each runbook's mode, confidence (record or prior), 90-day record, gates and suspension. */
export function buildRunbookList(runbooks: readonly RunbookSummary[]): SlackMessage {
  if (!runbooks.length) return { text: 'No runbooks are loaded.', blocks: [section('No runbooks are loaded.')] };
  const lines = runbooks.map((r) => {
    const confidence =
      r.confidence.source === 'record'
        ? `${confidenceText(r.confidence)}, rolled back ${r.rolledBack}`
        : `no executions in 90 days; confidence ${confidenceText(r.confidence)}`;
    const held = r.autoApproveHeld ? ` · ${escapeText(r.autoApproveHeld)}` : '';
    const suspended = r.suspended
      ? ` · ⛔ *suspended* since ${slackTime(r.suspended.at)} (${escapeText(r.suspended.cause)}): \`/incident runbooks enable ${r.id}\``
      : '';
    return `• \`${r.id}\` ${escapeText(r.title)} · ${r.mode} · ${confidence}${held}${suspended}`;
  });
  const text = `Runbooks (${runbooks.length})\n${lines.join('\n')}`;
  return { text, blocks: [section(text, 'runbook_list')] };
}
