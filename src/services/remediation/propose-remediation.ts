import type { ProposalDraft } from '../../ai/types.js';
import {
  audit,
  findProposalByRequestKey,
  insertProposal,
  setProposal,
  transitionProposal,
} from '../../db/repositories/proposals.js';
import { linkAnnouncement } from '../../db/repositories/timeline.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import type { EvidenceReading } from '../../domain/metric-value.js';
import type { ServiceDeps } from '../deps.js';
import { postOnce, type RequestRef } from '../request-once.js';
import { execute } from './execute-proposal.js';
import { type AutonomyVerdict, judgeAutonomy } from './judge-autonomy.js';
import type { RemediationDeps } from './ports.js';
import { proposalView } from './proposal-view.js';
import { record } from './record-decision.js';

export interface ProposalOf {
  draft: ProposalDraft;
  source: 'model' | 'rules';
  /** The runbook's evidence readings. */
  readings: EvidenceReading[];
  /** `analysis:<request key>:<rank>`, or null without a request key. */
  key: string | null;
}

/**
 * One proposal of an analysis: stored with its record, posted in the channel, and sent at once when
 * the policy approves it unattended. With a key, a request carried out again after a crash finds the
 * row it stored and the message it posted, and does each step once.
 */
export async function proposeRemediation(
  deps: ServiceDeps,
  r: RemediationDeps,
  incident: Incident,
  p: ProposalOf,
  req: RequestRef,
): Promise<void> {
  const mode = deps.config.ai.mode === 'shadow' ? 'shadow' : 'propose';
  const earlier = p.key && req.recovering ? await findProposalByRequestKey(deps.db, p.key) : undefined;
  // Judged on what was stored: carried out again, the analysis may have worded the draft differently.
  const verdict = await judgeAutonomy(deps, r, earlier ?? { ...p.draft, mode });
  let row = earlier ?? (await store(deps, r, incident, { ...p, mode }, verdict));
  if (!row.channelTs) {
    const notice = { kind: 'remediation-proposal' as const, proposal: await proposalView(deps, r, row) };
    const posted = await postOnce(deps, incident.channelId!, notice, p.key, req);
    row = await setProposal(deps.db, row.id, { channelTs: posted.ts });
    if (!posted.found) await linkAnnouncement(deps.db, incident.id, ['remediation_proposed'], posted.ts);
  }
  if (verdict.kind !== 'auto') return;
  // Approved by the policy before a crash, perhaps not sent: `execute` sends only what is still approved.
  const approved = row.status === 'approved' && row.autoApproved ? row : await approveUnattended(deps, row);
  if (approved) await execute(deps, r, approved);
}

/** The row, its `proposed` record and a held auto-approval's audit: together or not at all. */
function store(
  deps: ServiceDeps,
  r: RemediationDeps,
  incident: Incident,
  p: ProposalOf & { mode: 'propose' | 'shadow' },
  verdict: AutonomyVerdict,
): Promise<RemediationProposalRow> {
  const { mode } = p;
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const row = await insertProposal(tx, {
      incidentId: incident.id,
      runbookId: p.draft.runbookId,
      params: p.draft.params,
      hypothesis: p.draft.hypothesis,
      evidence: p.draft.evidence,
      readings: p.readings,
      confidence: p.draft.confidence,
      source: p.source,
      mode,
      createdAt: now,
      expiresAt: new Date(now.getTime() + r.proposalTtlMs),
      requestKey: p.key,
      ...(verdict.kind === 'held' && { autoApproveHeld: verdict.gates }),
    });
    await record({ ...deps, db: tx }, row, 'proposed', null, {
      source: p.source,
      mode,
      confidence: p.draft.confidence,
    });
    if (verdict.kind === 'held')
      await audit(tx, {
        incidentId: incident.id,
        proposalId: row.id,
        event: 'auto_approval_held',
        at: now,
        detail: { gates: verdict.gates },
      });
    return row;
  });
}

/** pending → approved by the policy, with its record: of two callers, one approves. */
function approveUnattended(deps: ServiceDeps, row: RemediationProposalRow) {
  return deps.db.transaction(async (tx) => {
    const approved = await transitionProposal(tx, row.id, 'pending', {
      status: 'approved',
      decidedAt: deps.now(),
      autoApproved: 'policy',
      approvalMs: 0,
    });
    if (approved) await record({ ...deps, db: tx }, approved, 'approved', null, { automatic: true });
    return approved;
  });
}
