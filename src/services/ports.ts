import type { DisplayedConfidence } from '../domain/autonomy.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import type { IncidentStatus } from '../domain/lifecycle.js';
import type { Digest } from '../domain/metrics/digest.js';
import type { Role } from '../domain/roles.js';
import type { Severity } from '../domain/severity.js';
import type { IncidentTopic } from '../domain/topic.js';

/**
 * What services tell people, independent of how it is drawn. The Slack adapter renders each kind
 * with a pure Block Kit builder; services never build blocks, so jobs and alert intake reuse them.
 */
export type Notice =
  | { kind: 'incident-opened'; incident: Incident; roles: RoleHolders; nextUpdateAt: Date | null }
  | { kind: 'incident-announced'; incident: Incident; roles: RoleHolders }
  | { kind: 'role-assigned'; incident: Incident; role: Role; from?: string; to: string; actorId: string }
  | { kind: 'role-card'; incident: Incident; role: Role }
  | { kind: 'severity-changed'; incident: Incident; from: Severity; actorId: string }
  | { kind: 'severity-escalated'; incident: Incident; from: Severity; actorId: string }
  | { kind: 'status-changed'; incident: Incident; from: IncidentStatus; actorId: string }
  | { kind: 'incident-resolved'; incident: Incident; roles: RoleHolders; actorId: string }
  | { kind: 'incident-reopened'; incident: Incident; actorId: string }
  | { kind: 'note-added'; incident: Incident; text: string; actorId: string }
  | { kind: 'ic-reminder'; incident: Incident; minutes: number }
  | {
      kind: 'status-update';
      incident: Incident;
      roles: RoleHolders;
      /** The human's words; absent for the automatic update, which is the internal template. */
      text?: string;
      authorId?: string;
      /** What changed since the last update (timeline highlights), newest last. */
      changes: string[];
      nextUpdateAt: Date | null;
    }
  | {
      kind: 'customer-update';
      incident: Incident;
      text: string;
      authorId: string;
      /** The status update it belongs to: the message then offers "Publish to status page". */
      statusUpdateId?: string;
    }
  | { kind: 'status-page-published'; incident: Incident; publication: PublicationView }
  | { kind: 'update-reminder'; incident: Incident; mention: string[]; dueAt: Date; missed: boolean }
  | { kind: 'remediation-proposal'; proposal: ProposalView }
  | {
      kind: 'analysis-summary';
      incident: Incident;
      source: 'model' | 'rules';
      hypotheses: { cause: string; confidence: number }[];
      proposals: number;
      note?: string;
      /** Evidence queries' answers (value and unit, or why there is none). */
      metrics?: MetricLine[];
      /** Said when runbooks have evidence queries but nothing was queried. */
      metricsNote?: string;
      /** Why no chart of the key series follows, in one line. */
      chartNote?: string;
    }
  | {
      kind: 'remediation-verified';
      incident: Incident;
      icId: string | null;
      runbookId: string;
      service: string | null;
      before: string;
      after: string;
      /** `< 0.01 (1%)` */
      healthy: string;
      hold: string;
      /** Offer the IC a one-click `/incident status mitigated`. */
      offerMitigated: boolean;
      /** Why no before/after chart follows, in one line. */
      chartNote?: string;
    }
  | {
      kind: 'remediation-regressed';
      incident: Incident;
      icId: string | null;
      runbookId: string;
      service: string | null;
      cause: string;
      before: string;
      after: string;
      /** The automatic rollback's answer; null when the runbook has none. */
      rollback: { status: string; detail: string } | null;
      suspended: boolean;
      /** Why no before/after chart follows, in one line. */
      chartNote?: string;
    }
  | { kind: 'automation-stopped'; incident: Incident; actorId: string; cancelled: number }
  | { kind: 'automation-enabled'; incident: Incident; actorId: string }
  /** An execution whose answer was lost and that Firebreak did not send again. */
  | { kind: 'remediation-unconfirmed'; incident: Incident; runbookTitle: string; reason: string }
  | { kind: 'action-item-added'; item: ActionItemView; actorId: string }
  | { kind: 'action-item-assigned'; incident: Incident; item: ActionItemView; actorId: string }
  | { kind: 'action-item-overdue'; incident: Incident; item: ActionItemView }
  | { kind: 'action-item-closed'; item: ActionItemView; actorId?: string }
  /** The tracker did not take an item (yet): said once when retries start and once when they stop. */
  | { kind: 'tracker-problem'; item: ActionItemView; tracker: TrackerView }
  | { kind: 'postmortem-reminder'; incident: Incident; dueAt: Date }
  | { kind: 'postmortem-published'; summary: PostmortemSummary }
  | { kind: 'digest'; digest: Digest; title: string; periodLabel: string; definitionsUrl?: string }
  | {
      kind: 'alert-received';
      group: AlertGroupView;
      /** Set once someone clicked Declare: the message then says who, and where. */
      declared?: { by: string; channelId: string };
    }
  | { kind: 'alert-resolved'; incident: Incident; alerts: { title: string; endsAt: Date }[] }
  | { kind: 'paging'; incident: Incident; pages: PageView[] }
  | { kind: 'paged-person'; incident: Incident; actorId: string }
  /** The monthly trust survey in a person's DM: 0–10 buttons, then their answer and a comment button. */
  | {
      kind: 'trust-survey';
      surveyId: string;
      /** `November 2026`. */
      monthLabel: string;
      answered?: { score: number; commented: boolean };
    };

/** A publication to customers as the channel's record of it shows it. */
export interface PublicationView {
  id: string;
  name: string;
  message: string;
  phase: string;
  /** Public component name and its published status, for the components not operational (or set back to it). */
  components: { component: string; status: string }[];
  publishedBy: string;
  /** `the status page`, `Statuspage` */
  where: string[];
  /** null: Statuspage is not set up. */
  statuspage: { state: 'pending' | 'sent' | 'failed'; error: string | null; attempts: number } | null;
}

/** One page as the channel's paging message shows it. */
export interface PageView {
  id: string;
  /** `payments`, `incident managers`, `leadership` */
  label: string;
  provider: 'PagerDuty' | 'Opsgenie';
  state: 'pending' | 'triggered' | 'acknowledged' | 'resolved' | 'cancelled';
  acknowledgedBy: string | null;
  /** The last failure, while retrying or after giving up. */
  error: string | null;
  /** Retries stopped: the message offers Retry. */
  failed: boolean;
  /** When the next automatic attempt is due, while retrying. */
  retryAt: Date | null;
  /** A person paged by hand: their Slack id (the label is then theirs). */
  personId?: string;
  /** Who is on call for the paged service (Slack ids), once looked up. */
  onCall?: string[];
  /** What the on-call look-up could not do, said plainly. */
  onCallNote?: string | null;
}

/** An alert group as the broadcast announcement shows it. */
export interface AlertGroupView {
  id: string;
  source: string;
  title: string;
  severity: string;
  service: string | null;
  description: string;
  generatorUrl: string | null;
  state: string;
}

/** Where an action item stands in its tracker. */
export interface TrackerView {
  /** Jira, Linear, GitHub */
  label: string;
  /** OPS-12, ENG-3, #12; null until created. */
  key: string | null;
  url: string | null;
  /** open | closed, as last seen there. */
  state: string | null;
  /** The last failure, while retrying or after giving up. */
  error: string | null;
  /** Retries stopped: Retry is offered. */
  failed: boolean;
  retryAt: Date | null;
}

/** An action item as messages show it. */
export interface ActionItemView {
  id: string;
  /** `INC-42-A3` */
  ref: string;
  type: string;
  priority: string;
  description: string;
  ownerId: string | null;
  /**
   * The calendar day it is due, `YYYY-MM-DD` in the team's time zone: what the person gave. Not the
   * stored instant (the end of that day, i.e. the next day's midnight), which read as a date is a day late.
   */
  due: string;
  status: string;
  validation: string | null;
  /** Absent when the item lives in Firebreak only. */
  tracker?: TrackerView;
  /** Closed in the tracker rather than in Slack. */
  closedVia?: string | null;
}

/** The summary message that goes with an uploaded postmortem draft. */
export interface PostmortemSummary {
  incident: Incident;
  version: number;
  source: 'model' | 'deterministic';
  /** Human-readable durations from milestones ("1 h 12 min" or "not recorded"). */
  durations: { label: string; value: string }[];
  timelineEntries: number;
  actionItems: { added: number; total: number };
  warnings: { phrase: string; suggestion: string; where: string }[];
  /** Why the model was not used, or what it cost. */
  note?: string;
  fileId: string;
}

/** One measured value as messages show it. */
export interface MetricLine {
  runbookId: string;
  /** "memory vs limit (payments)" */
  name: string;
  /** "0.97 (97%)", or "no data (…)" / "query failed (…)" */
  text: string;
  at: Date | null;
  ok: boolean;
}

/** Everything a proposal message shows; redrawn as its state changes. */
export interface ProposalView {
  id: string;
  incidentRef: string;
  runbookId: string;
  runbookTitle: string;
  hypothesis: string;
  /** Quotes of the timeline items cited as evidence. */
  evidence: string[];
  /** The runbook's Prometheus evidence, measured during the analysis. */
  metrics: MetricLine[];
  steps: string[];
  rollback: string;
  risk: string;
  blastRadius: string;
  reversibility: string;
  /** The engine's own confidence (the model's estimate, or the runbook's prior for the rules). */
  confidence: number;
  /** The runbook's record (verified ÷ executed, 90 days) once it has one, else its YAML prior. */
  runbookConfidence: DisplayedConfidence;
  /** The one sentence saying which autonomy gate held back an auto-approval, when one did. */
  autoApproveHeld?: string;
  source: 'model' | 'rules';
  mode: 'propose' | 'shadow';
  status: string;
  expiresAt: Date;
  decidedBy?: string | null;
  decidedAt?: Date | null;
  autoApproved?: boolean;
  reason?: string | null;
  executionDetail?: string | null;
  /** Pending with no target yet: the services a human may choose from (Approve waits for the choice). */
  targetChoices?: string[];
  /** The target a human chose, and who (shown on the message). */
  targetChosen?: { service: string; by: string | null };
  /** The runbook is suspended after a regression: no Approve. */
  suspended?: boolean;
  /** The verification after execution, when the runbook has `verify`. */
  verification?: { status: string; before: string; last: string | null; cause: string | null; deadline: Date };
  /** An executed proposal whose runbook has an automated rollback not used yet: show "Roll back". */
  canRollBack?: boolean;
  rolledBack?: { by: string | null; at: Date; status: string | null; detail: string | null } | undefined;
}

export interface ChatUser {
  id: string;
  name: string;
  isBot: boolean;
  deleted: boolean;
  /** profile.email (users:read.email); absent when the workspace hides it or the user has none. */
  email?: string;
}

/** The workspace as services need it. Failures surface as DomainError('UPSTREAM') with a readable sentence. */
/** A message read back from a channel's history (the postmortem completes the timeline from these). */
export interface ChannelMessage {
  ts: string;
  /** Set on thread replies: the parent's ts. */
  threadTs?: string;
  userId?: string;
  botId?: string;
  subtype?: string;
  text: string;
}

export interface ChatPort {
  readonly botUserId: string;
  /** Creates a channel; `name_taken` is an expected answer, not an error. */
  createChannel(name: string, isPrivate: boolean): Promise<{ id: string } | 'name_taken'>;
  /** Invites people; those already in the channel are not an error. */
  invite(channelId: string, userIds: string[]): Promise<void>;
  /**
   * Posts a notice; returns the message ts. With `key`, the message carries it as Slack metadata so
   * `findPosted` can tell, after a crash, whether the post happened.
   */
  post(channelId: string, notice: Notice, opts?: { key?: string }): Promise<string>;
  /** The ts of a recent bot message in the channel carrying `key`, if any. */
  findPosted(channelId: string, key: string): Promise<string | undefined>;
  /** Redraws a message the bot posted earlier. */
  update(channelId: string, ts: string, notice: Notice): Promise<void>;
  /** A message only `userId` sees. */
  postEphemeral(channelId: string, userId: string, notice: Notice): Promise<void>;
  /** Sets the channel topic, written from the incident's facts by the Slack side. */
  setTopic(channelId: string, topic: IncidentTopic): Promise<void>;
  addBookmark(channelId: string, title: string, link: string): Promise<void>;
  findUser(userId: string): Promise<ChatUser | undefined>;
  /** The person with this email (users.lookupByEmail); undefined when nobody (or only a bot or a deactivated account) has it. */
  findUserByEmail(email: string): Promise<string | undefined>;

  /** The app's direct-message conversation with a person (conversations.open), its id. */
  openDm(userId: string): Promise<string>;
  /** One message by ts (for reactions, whose events carry no text); undefined if gone or not visible. */
  findMessage(channelId: string, ts: string): Promise<{ text: string; userId?: string } | undefined>;
  /** A link to a message, cited by the timeline and the postmortem. */
  permalink(channelId: string, ts: string): Promise<string | undefined>;
  /** Whether Firebreak is a member of the channel (false when it cannot even see it). */
  isMember(channelId: string): Promise<boolean>;
  /** A message's permalink, computed without a call (see slack/chat-history.ts). */
  messageLink(channelId: string, ts: string, threadTs?: string): string;
  /** A person named the way the workspace's text links them (a Slack mention), for documents such as the postmortem. */
  mention(userId: string): string;
  /** Every message since `oldest` (Slack ts), thread replies included, oldest first. */
  readChannel(channelId: string, opts?: { oldest?: string }): Promise<ChannelMessage[]>;
  /**
   * files.uploadV2 (getUploadURLExternal, upload, completeUploadExternal), shared in the channel. With
   * `once`, the filename identifies the upload: after an unsure failure the channel is searched for a file of that
   * name before uploading again, so a retry never shares a second copy.
   */
  uploadFile(
    channelId: string,
    file: { filename: string; title: string; content: string | Uint8Array; comment?: string },
    opts?: { once?: boolean },
  ): Promise<{ fileId: string }>;
  /**
   * The id of a file named `filename` the bot shared among the channel's recent messages, if any: how a
   * request carried out again after a crash finds the upload it made before storing the file's id.
   */
  findUploaded(channelId: string, filename: string): Promise<string | undefined>;
}
