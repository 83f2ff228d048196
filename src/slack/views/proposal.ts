import { confidenceText } from '../../domain/autonomy.js';
import type { MetricLine, ProposalView } from '../../services/ports.js';
import { ACTIONS, proposalTarget } from '../ids.js';
import { actions, button, context, fields, type KnownBlock, type SlackMessage, section } from './blocks.js';
import { clip, escapeText, slackTime, userRef } from './format.js';

const pct = (c: number) => `${Math.round(c * 100)}%`;
const SOURCE = { model: '🤖 AI model', rules: '📏 rule-based' } as const;

function decisionLine(p: ProposalView): string {
  const who = p.autoApproved
    ? 'automatically (auto-approve policy: low-risk service, runbook allows it)'
    : userRef(p.decidedBy);
  const when = p.decidedAt ? ` at ${slackTime(p.decidedAt)}` : '';
  switch (p.status) {
    case 'approved':
    case 'executing':
      return `✅ Approved by ${who}${when} · sending to the executor…`;
    case 'executed':
      return `✅ Approved by ${who}${when} · executed: ${escapeText(p.executionDetail ?? '')}`;
    case 'failed':
      return `⚠️ Approved by ${who}${when} · execution failed: ${escapeText(p.executionDetail ?? '')}`;
    case 'rejected':
      return `❌ Rejected by ${userRef(p.decidedBy)}${when}${p.reason ? `: ${escapeText(p.reason)}` : ''}`;
    case 'expired':
      return `⌛ Expired unanswered${when}; run \`/incident analyze\` for a fresh proposal.`;
    case 'stopped':
      return `🛑 Cancelled by STOP (${userRef(p.decidedBy)})${when}`;
    case 'closed':
      return `🔒 Closed${when}: the incident was resolved, nothing was executed. Run \`/incident analyze\` for a fresh proposal if it reopens.`;
    default:
      return '';
  }
}

/**
 * One remediation proposal: hypothesis and evidence, the runbook and its exact steps, risk, blast
 * radius, reversibility, rollback, confidence and where it came from. Pending: Approve, Reject and
 * STOP (danger style, and never a confirmation dialog: break-glass must be instant). Shadow mode has
 * no Approve. Once decided, the buttons are replaced by the decision, so it cannot be approved twice.
 */
export function buildProposal(p: ProposalView): SlackMessage {
  const shadow = p.mode === 'shadow';
  const confidence = confidenceText(p.runbookConfidence);
  const text = `${shadow ? '👻 Shadow proposal' : '🛠️ Proposed remediation'} for ${p.incidentRef}: ${p.runbookTitle} (${p.runbookId}), ${p.runbookConfidence.source === 'record' ? confidence : `confidence ${confidence}`}, ${SOURCE[p.source]}`;
  const held = p.autoApproveHeld ? [escapeText(p.autoApproveHeld)] : [];
  const evidence = p.evidence.length
    ? p.evidence.map((e) => `> ${escapeText(e)}`).join('\n')
    : '_No timeline item cited._';
  const metrics = p.metrics.length ? `\n*Metrics (Prometheus):*\n${metricLines(p.metrics)}` : '';
  const steps = p.steps.length ? p.steps.map((s, i) => `${i + 1}. \`${escapeText(s)}\``).join('\n') : '_No steps._';
  const pending = p.status === 'pending';
  const choosing = pending && !!p.targetChoices;
  const buttons = pending
    ? [
        ...(shadow || choosing || p.suspended ? [] : [button('✅ Approve', ACTIONS.approveProposal, p.id, 'primary')]),
        button('Reject', ACTIONS.rejectProposal, p.id),
        button('🛑 STOP all automation', ACTIONS.stopAutomation, p.id, 'danger'),
      ]
    : [];
  return {
    text,
    blocks: [
      section(`*${text}*`, 'proposal_head'),
      section(`*Hypothesis:* ${escapeText(p.hypothesis)}\n*Evidence:*\n${evidence}${metrics}`, 'proposal_evidence'),
      section(`*Steps*\n${steps}`, 'proposal_steps'),
      fields(
        [
          `*Risk*\n${p.risk}`,
          `*Blast radius*\n${p.blastRadius}`,
          `*Reversibility*\n${p.reversibility}`,
          `*Rollback*\n${escapeText(p.rollback)}`,
          `*Confidence (${p.runbookConfidence.source === 'record' ? 'record' : 'prior'})*\n${confidence}${p.source === 'model' ? `\nmodel's estimate: ${pct(p.confidence)}` : ''}`,
          `*Source*\n${SOURCE[p.source]}`,
        ],
        'proposal_facts',
      ),
      ...(choosing ? [targetSelect(p.id, p.targetChoices!)] : []),
      ...(p.targetChosen
        ? [context(`🎯 Target *${escapeText(p.targetChosen.service)}*, chosen by ${userRef(p.targetChosen.by)}`)]
        : []),
      ...(pending
        ? [
            actions('proposal_actions', buttons),
            context(
              [
                ...held,
                shadow
                  ? 'Shadow mode: recorded to measure accuracy; it cannot be executed.'
                  : choosing
                    ? `Approve appears once the IC, the ops lead or a configured approver chooses the target. Expires ${slackTime(p.expiresAt)}.`
                    : p.suspended
                      ? `Runbook suspended after a regression: it cannot be approved until an approver runs \`/incident runbooks enable ${p.runbookId}\`.`
                      : `Only the IC, the ops lead or a configured approver can approve. Expires ${slackTime(p.expiresAt)}.`,
              ].join('\n'),
            ),
          ]
        : [
            context(
              [
                decisionLine(p),
                ...held,
                ...(p.verification ? [verificationLine(p.verification)] : []),
                ...(p.rolledBack ? [rollbackLine(p.rolledBack)] : []),
              ].join('\n'),
            ),
            ...(p.canRollBack
              ? [actions('proposal_rollback', [button('↩️ Roll back', ACTIONS.rollBackProposal, p.id, 'danger')])]
              : []),
          ]),
    ],
  };
}

/**
 * The incident named no service the catalogue knows, and the rules do not guess one: a human picks the
 * target among the services the runbook applies to (a select holds at most 100 options).
 */
function targetSelect(proposalId: string, services: string[]): KnownBlock {
  return {
    type: 'section',
    block_id: 'proposal_target',
    text: {
      type: 'mrkdwn',
      text: '*Target:* the incident names no catalogued service. Which service should this act on?',
    },
    accessory: {
      type: 'static_select',
      action_id: ACTIONS.chooseProposalTarget,
      placeholder: { type: 'plain_text', text: 'Choose a service' },
      options: services.slice(0, 100).map((service) => ({
        text: { type: 'plain_text', text: clip(service, 75) },
        value: proposalTarget.encode(proposalId, service),
      })),
    },
  };
}

function verificationLine(v: NonNullable<ProposalView['verification']>): string {
  const last = v.last ?? 'no reading yet';
  switch (v.status) {
    case 'watching':
      return `🔭 Verifying: ${escapeText(v.before)} before, ${escapeText(last)} now; decided by ${slackTime(v.deadline)}`;
    case 'verified':
      return `✅ Verified: ${escapeText(v.before)} before → ${escapeText(last)} after`;
    case 'regressed':
      return `🚨 Regression: ${escapeText(v.cause ?? '')} (before: ${escapeText(v.before)})`;
    case 'cancelled':
      return '🛑 Verification cancelled by STOP';
    default:
      return `❔ Not verified: ${escapeText(v.cause ?? 'no data')}`;
  }
}

function rollbackLine(r: NonNullable<ProposalView['rolledBack']>): string {
  const when = ` at ${slackTime(r.at)}`;
  const by = r.by ? userRef(r.by) : 'Firebreak (automatic, after a regression)';
  if (!r.status) return `↩️ Rollback requested by ${by}${when} · sending…`;
  const ok = r.status === 'accepted';
  return `↩️ ${ok ? 'Rolled back' : 'Rollback failed'} by ${by}${when}: ${escapeText(r.detail ?? '')}`;
}

/** Measured values, one a line: `• memory vs limit (payments): 0.97 (97%) at 10:02`. Names come from runbooks, values from Prometheus. */
export function metricLines(metrics: readonly MetricLine[]): string {
  return metrics
    .slice(0, 10)
    .map(
      (m) =>
        `• ${escapeText(m.name)}: ${m.ok ? '*' : '_'}${escapeText(m.text)}${m.ok ? '*' : '_'}${m.at ? ` at ${slackTime(m.at)}` : ''}`,
    )
    .join('\n');
}

export function buildAnalysisSummary(n: {
  source: 'model' | 'rules';
  hypotheses: { cause: string; confidence: number }[];
  proposals: number;
  note?: string;
  metrics?: MetricLine[];
  metricsNote?: string;
  chartNote?: string;
}): SlackMessage {
  const head = `🔎 Analysis (${SOURCE[n.source]})`;
  const lines = n.hypotheses.slice(0, 5).map((h, i) => `${i + 1}. ${escapeText(h.cause)} (${pct(h.confidence)})`);
  const body = lines.length ? lines.join('\n') : 'No hypothesis.';
  const tail = n.proposals ? `${n.proposals} proposal${n.proposals === 1 ? '' : 's'} below.` : 'Nothing proposed.';
  const metrics = n.metrics?.length ? `\nMetrics (Prometheus):\n${metricLines(n.metrics)}` : '';
  const text = `${head}\n${body}${metrics}\n${tail}${n.note ? `\n${n.note}` : ''}${n.metricsNote ? `\n${n.metricsNote}` : ''}${n.chartNote ? `\n${escapeText(n.chartNote)}` : ''}`;
  return { text, blocks: [section(text, 'analysis_summary')] };
}

export function buildAutomationStopped(actorId: string, cancelled: number): SlackMessage {
  const text = `🛑 STOP by ${userRef(actorId)}: all automation for this incident is disabled; ${cancelled} pending proposal${cancelled === 1 ? '' : 's'} cancelled and nothing more will be sent. Only the IC can re-enable it (\`/incident analyze\`).`;
  return { text, blocks: [section(text, 'automation_stopped')] };
}

/** A remediation whose executor answer was lost and that was not sent again: a human must check. */
export function buildRemediationUnconfirmed(runbookTitle: string, reason: string): SlackMessage {
  const text = `⚠️ ${escapeText(runbookTitle)}: Firebreak lost the executor's answer and did not send it again (${escapeText(reason)}). Check the executor before running it by hand.`;
  return { text, blocks: [section(text, 'remediation_unconfirmed')] };
}

export function buildAutomationEnabled(actorId: string): SlackMessage {
  const text = `▶️ Automation re-enabled by ${userRef(actorId)} (IC).`;
  return { text, blocks: [section(text, 'automation_enabled')] };
}

/** The IC runs /incident analyze after a STOP: re-enabling is an explicit click. */
export function buildReenableOffer(): SlackMessage {
  const text = 'Automation is stopped for this incident. Re-enable it and analyse again?';
  return {
    text,
    blocks: [
      section(text),
      actions('reenable', [button('Re-enable automation and analyse', ACTIONS.enableAutomation, 'enable', 'primary')]),
    ],
  };
}
