import type { Notice } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { actions, button, type SlackMessage, section } from './blocks.js';
import { escapeText, userRef } from './format.js';

type Verified = Extract<Notice, { kind: 'remediation-verified' }>;
type Regressed = Extract<Notice, { kind: 'remediation-regressed' }>;

const target = (n: { runbookId: string; service: string | null }) =>
  `\`${n.runbookId}\`${n.service ? ` on ${escapeText(n.service)}` : ''}`;

/** The action worked, with the numbers; the IC gets one click to mark the incident mitigated. */
export function buildVerified(n: Verified): SlackMessage {
  const text = `✅ Verified: ${target(n)} worked. The verify query went from ${escapeText(n.before)} before the action to ${escapeText(n.after)}, healthy (${escapeText(n.healthy)}) for ${n.hold}.${n.chartNote ? ` ${escapeText(n.chartNote)}` : ''}`;
  const ask = n.offerMitigated
    ? `${n.icId ? `${userRef(n.icId)}, ` : ''}mark the incident mitigated? (\`/incident status mitigated\`)`
    : '';
  return {
    text: ask ? `${text} ${ask}` : text,
    blocks: [
      section(text, 'remediation_verified'),
      ...(ask
        ? [
            section(ask, 'remediation_verified_ask'),
            actions('remediation_verified_actions', [
              button('Mark mitigated', ACTIONS.markMitigated, 'mitigated', 'primary'),
            ]),
          ]
        : []),
    ],
  };
}

/** It got worse: what was seen, what Firebreak did (rollback, suspension), addressed to the IC. */
export function buildRegressed(n: Regressed): SlackMessage {
  const rollback = !n.rollback
    ? 'The runbook has no automated rollback: undo it by hand.'
    : n.rollback.status === 'accepted'
      ? `Rolled back automatically: ${escapeText(n.rollback.detail)}`
      : n.rollback.status === 'cancelled'
        ? `The automatic rollback was ${escapeText(n.rollback.detail)}.`
        : `⚠️ The automatic rollback failed (${escapeText(n.rollback.detail)}): undo it by hand.`;
  const suspended = `\`${n.runbookId}\` is suspended for every incident until an approver runs \`/incident runbooks enable ${n.runbookId}\`.`;
  const text = `🚨 ${n.icId ? `${userRef(n.icId)} ` : ''}Regression after ${target(n)}: ${escapeText(n.cause)} (before the action: ${escapeText(n.before)}, now ${escapeText(n.after)}). ${rollback} ${suspended}${n.chartNote ? ` ${escapeText(n.chartNote)}` : ''}`;
  return { text, blocks: [section(text, 'remediation_regressed')] };
}
