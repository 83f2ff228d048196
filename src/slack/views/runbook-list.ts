import type { RunbookSummary } from '../../services/remediation/list-runbooks.js';
import { type SlackMessage, section } from './blocks.js';
import { escapeText, slackTime } from './format.js';

/** `/incident runbooks`: each runbook's mode, 90-day record ("works in 19 of 20") and suspension. */
export function buildRunbookList(runbooks: readonly RunbookSummary[]): SlackMessage {
  if (!runbooks.length) return { text: 'No runbooks are loaded.', blocks: [section('No runbooks are loaded.')] };
  const lines = runbooks.map((r) => {
    const record = r.executed
      ? `works in ${r.verified} of ${r.executed} (90 days), rolled back ${r.rolledBack}`
      : 'no executions in 90 days';
    const suspended = r.suspended
      ? ` · ⛔ *suspended* since ${slackTime(r.suspended.at)} (${escapeText(r.suspended.cause)}): \`/incident runbooks enable ${r.id}\``
      : '';
    return `• \`${r.id}\` ${escapeText(r.title)} · ${r.mode} · ${record}${suspended}`;
  });
  const text = `Runbooks (${runbooks.length})\n${lines.join('\n')}`;
  return { text, blocks: [section(text, 'runbook_list')] };
}
