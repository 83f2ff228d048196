/**
 * The postmortem drafting contract: what a draft is built from (the incident row, who held which
 * role and the recorded timeline) and what comes out. Both engines — the deterministic one and the
 * model's map-reduce — produce the same `PostmortemDraft`, and every claim in it points at timeline
 * events, so `verifyDraft` can hold either to the record.
 */
import type { Incident, RoleHolders } from '../incident.js';

export type ActorType = 'human' | 'bot' | 'system';

/**
 * The incident row's facts, as `Incident` has them, plus its `INC-42` reference and the resolution
 * narrowed to what resolving can record. Milestones are the stored timestamps, never derived from
 * the timeline.
 */
export type PostmortemIncident = Pick<
  Incident,
  | 'title'
  | 'severity'
  | 'status'
  | 'impact'
  | 'description'
  | 'services'
  | 'isDrill'
  | 'summary'
  | 'declaredAt'
  | 'acknowledgedAt'
  | 'identifiedAt'
  | 'mitigatedAt'
  | 'resolvedAt'
> & {
  /** `INC-42` */
  ref: string;
  resolution: 'fixed' | 'false_alarm' | null;
};

/** Current role holders (Slack user ids, named by the caller's `NamePerson`) and anyone else who took part. */
export type PostmortemPeople = RoleHolders & { others?: string[] };

/**
 * One timeline event as stored (src/db/schema/timeline-events.ts). Kinds written today: declared,
 * channel_created, message, message_edited, message_deleted, pinned, highlighted, note,
 * severity_changed ({ from, to }), status_changed ({ from, to }), role_assigned / role_handoff
 * ({ role, from, to }), status_update, remediation_proposed | approved | rejected | expired |
 * executed | failed ({ proposalId, runbookId, … }), automation_stopped, resolved ({ resolution }),
 * reopened. Alert intake may add kinds starting with `alert`.
 */
export interface PostmortemEvent {
  id: string;
  at: Date;
  kind: string;
  actorId: string | null;
  actorType: ActorType;
  text: string | null;
  data: Record<string, unknown>;
  /** The Slack permalink when the event is a channel message; null for records with no message. */
  permalink: string | null;
}

export interface PostmortemInput {
  incident: PostmortemIncident;
  people: PostmortemPeople;
  /** Slack user id → display name: lets the blameless check recognise people named in plain text. */
  names: Record<string, string>;
  events: PostmortemEvent[];
  /** IANA zone shown next to UTC times in the rendered document (e.g. `Europe/Paris`). */
  timezone?: string;
}

/**
 * Where a statement comes from: the event's Slack permalink, or `record:<event id>` for events that
 * have no message (a severity change, a role handoff).
 */
export type Cite = string;

/** One statement and the events that support it. */
export interface Claim {
  text: string;
  cites: Cite[];
}

/** A section only a human can write: rendered as a clearly marked prompt. */
export interface HumanPrompt {
  needsHuman: true;
  prompt: string;
}

/** A written section: facts from the record, or the model's analysis (to be reviewed). */
export interface Written {
  needsHuman: false;
  origin: 'record' | 'model';
  claims: Claim[];
  /** What a human should still add, shown after the claims. */
  prompt?: string;
}

export type Section = Written | HumanPrompt;

export type TimelineCategory =
  | 'detection'
  | 'escalation'
  | 'diagnosis'
  | 'evidence'
  | 'mitigation'
  | 'decision'
  | 'communication'
  | 'resolution'
  | 'other';

export interface TimelineEntry {
  at: Date;
  text: string;
  /** The event this entry is about; `cite` must be its permalink or `record:<eventId>`. */
  eventId: string;
  cite: Cite;
  kind: string;
  category: TimelineCategory;
  origin: 'record' | 'model';
}

/** A duration computed from two recorded milestones; `ms` is null when one of them is missing. */
export interface DurationFact {
  ms: number | null;
  /** `1 hour 12 minutes`, or `not recorded`. */
  text: string;
  /** What was measured, e.g. `declared → mitigated`. */
  basis: string;
}

export type ActionItemType = 'prevent' | 'detect' | 'mitigate' | 'process';
export type Priority = 'P0' | 'P1' | 'P2';

/** A proposed follow-up. Owner and due date are assigned by people in the review. */
export interface ActionItem {
  /** Stable across re-drafts (a hash of the normalised description): makes recording them idempotent. */
  key: string;
  type: ActionItemType;
  description: string;
  priority: Priority;
  validation: string;
  cites: Cite[];
}

/** An action item as recorded for the incident: what the document lists once items exist. */
export interface RecordedActionItem {
  /** `INC-42-A3` */
  ref: string;
  type: string;
  description: string;
  ownerId: string | null;
  priority: string;
  /** `YYYY-MM-DD` in the team's time zone. */
  due: string;
  status: string;
  validation: string | null;
  /** Where it is tracked: label, key, link and state there. */
  tracker?: { label: string; key: string | null; url: string | null; state: string | null; error: string | null };
}

/** Blaming language or a person named in a causal statement. The text itself is never rewritten. */
export interface BlamelessWarning {
  phrase: string;
  /** A system-focused way to say it. */
  suggestion: string;
  /** The section title, e.g. `Root cause`. */
  where: string;
}

/** What the draft cost and what verification removed. All numbers (stored as JSON of numbers). */
export interface DraftStats {
  /** Estimated input tokens sent to the model, every request counted (0 for deterministic drafts). */
  inputTokens: number;
  calls: number;
  chunks: number;
  /** Channel messages in the input. */
  messages: number;
  /** Timeline entries dropped: cited event unknown, citation or time not matching it. */
  droppedEvents: number;
  /** Claims and action items dropped: no citation left that points at an input event. */
  droppedClaims: number;
  /** Events left out of the model's input to stay within the token budget. */
  sampledOut: number;
  /** Secrets and personal data replaced before anything was sent. */
  redactions: number;
}

export interface PostmortemHeader {
  ref: string;
  title: string;
  /** `YYYY-MM-DD` of the declaration, UTC. */
  date: string;
  /** `SEV1` */
  severity: string;
  /** Declared → resolved, or `ongoing`. */
  duration: string;
  /** User ids of the IC and scribe (the people expected to finish the document). */
  authors: string[];
  status: 'draft';
  isDrill: boolean;
  resolution: 'fixed' | 'false_alarm' | null;
}

/** Every section docs/domain.md requires of a blameless postmortem. */
export interface PostmortemDraft {
  /** Who wrote the analytic sections. */
  source: 'deterministic' | 'model';
  header: PostmortemHeader;
  summary: Section;
  impact: Section;
  timeline: TimelineEntry[];
  rootCause: { statement: Section; fiveWhys: Section };
  contributingFactors: Section;
  detection: { how: Section; timeToDetect: DurationFact; couldBeSooner: Section };
  resolution: {
    how: Section;
    timeToAcknowledge: DurationFact;
    timeToMitigate: DurationFact;
    timeToResolve: DurationFact;
  };
  wentWell: Section;
  wentWrong: Section;
  gotLucky: Section;
  actionItems: ActionItem[];
  warnings: BlamelessWarning[];
  stats: DraftStats;
  timezone?: string;
}
