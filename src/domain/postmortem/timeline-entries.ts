import { STATUS_LABEL } from '../lifecycle.js';
import { isRole, ROLE_NAME } from '../roles.js';
import { type Severity, severityLabel } from '../severity.js';
import type { Cite, PostmortemEvent, TimelineCategory, TimelineEntry } from './types.js';

/** Ordinary conversation: summarised by people (or the model), never listed line by line. */
const CHATTER = new Set(['message', 'message_edited', 'message_deleted']);
const MAX_QUOTE = 280;

/** Ordinary channel messages, edits and deletions. */
export const isChatter = (kind: string): boolean => CHATTER.has(kind);

/** Records about the review itself (a draft was made, an action item added): not part of the incident. */
export const isReviewRecord = (kind: string): boolean =>
  kind.startsWith('postmortem') || kind.startsWith('action_item');

/** The event's Slack permalink, or `record:<id>` when it has no message. */
export const citeOf = (e: Pick<PostmortemEvent, 'id' | 'permalink'>): Cite => e.permalink ?? `record:${e.id}`;

/** Cleans quoted channel text before it goes into the document (the service passes the redactor). */
export type Scrub = (text: string) => string;

/**
 * How the document names a person, from their user id. The domain writes no chat markup: the
 * service passes the workspace's own form (a Slack mention), and the default is plain text.
 */
export type NamePerson = (userId: string) => string;

export const plainPerson: NamePerson = (userId) => `@${userId}`;

function quote(text: string | null, scrub: Scrub): string {
  const flat = scrub((text ?? '').replace(/\s+/g, ' ').trim());
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1)}…` : flat;
}

const sev = (v: unknown) => (typeof v === 'number' && v >= 0 && v <= 3 ? severityLabel(v as Severity) : undefined);
const status = (v: unknown) =>
  typeof v === 'string' && v in STATUS_LABEL ? STATUS_LABEL[v as keyof typeof STATUS_LABEL] : undefined;

function statusCategory(to: unknown): TimelineCategory {
  if (to === 'identified') return 'diagnosis';
  if (to === 'mitigated') return 'mitigation';
  if (to === 'resolved') return 'resolution';
  return 'escalation';
}

const REMEDIATION_CATEGORY: Record<string, TimelineCategory> = {
  proposed: 'mitigation',
  approved: 'decision',
  rejected: 'decision',
  expired: 'decision',
  executed: 'mitigation',
  failed: 'mitigation',
  stopped: 'decision',
};

/** What a recorded (non-chatter) event says in the timeline, and what kind of moment it was. */
export function describeEvent(
  e: PostmortemEvent,
  scrub: Scrub,
  person: NamePerson = plainPerson,
): { text: string; category: TimelineCategory } {
  const by = e.actorId && e.actorType === 'human' ? ` by ${person(e.actorId)}` : '';
  const q = quote(e.text, scrub);
  const said = q ? `: "${q}"` : '';
  switch (e.kind) {
    case 'declared':
      return {
        text: `Incident declared${sev(e.data.severity) ? ` as ${sev(e.data.severity)}` : ''}${by}${said}`,
        category: 'escalation',
      };
    case 'channel_created':
      return { text: `Incident channel ${q} created`, category: 'escalation' };
    case 'pinned':
    case 'highlighted': {
      const verb = e.kind === 'pinned' ? 'Pinned' : 'Highlighted';
      const marker = typeof e.data.markedBy === 'string' ? e.data.markedBy : undefined;
      // Recorded before events carried their author: the actor is whoever pinned it.
      if (!marker) return { text: `${verb}${by}${said}`, category: 'evidence' };
      // Placed when it was said, by who said it; who pinned or flagged it follows.
      const from = e.actorId && e.actorType !== 'system' ? ` from ${person(e.actorId)}` : '';
      return { text: `Message${from}${said} (${verb.toLowerCase()} by ${person(marker)})`, category: 'evidence' };
    }
    case 'note':
      return { text: `Note${by}${said}`, category: 'evidence' };
    case 'severity_changed': {
      const change = sev(e.data.from) && sev(e.data.to) ? `${sev(e.data.from)} → ${sev(e.data.to)}` : q;
      return { text: `Severity changed ${change}${by}`, category: 'escalation' };
    }
    case 'status_changed': {
      const change = status(e.data.from) && status(e.data.to) ? `${status(e.data.from)} → ${status(e.data.to)}` : q;
      return { text: `Status changed ${change}${by}`, category: statusCategory(e.data.to) };
    }
    case 'role_assigned':
    case 'role_handoff': {
      const role = typeof e.data.role === 'string' && isRole(e.data.role) ? ROLE_NAME[e.data.role] : 'Role';
      const to = typeof e.data.to === 'string' ? person(e.data.to) : q;
      const from = typeof e.data.from === 'string' ? `${person(e.data.from)} → ` : '';
      const verb = e.kind === 'role_handoff' ? 'handed off' : 'assigned';
      return { text: `${role} ${verb}: ${from}${to}${by}`, category: 'escalation' };
    }
    case 'status_update':
      return { text: `Status update${by}${said}`, category: 'communication' };
    case 'automation_stopped':
      return { text: `Automation stopped (STOP)${by}${said}`, category: 'decision' };
    case 'resolved': {
      const how = e.data.resolution === 'false_alarm' ? ' as not an incident' : '';
      return { text: `Resolved${how}${by}${said}`, category: 'resolution' };
    }
    case 'reopened':
      return { text: `Reopened${by}${said}`, category: 'escalation' };
  }
  if (e.kind.startsWith('remediation_')) {
    const event = e.kind.slice('remediation_'.length);
    const runbook = typeof e.data.runbookId === 'string' ? ` ${e.data.runbookId}` : '';
    const detail = typeof e.data.detail === 'string' ? ` (${quote(e.data.detail, scrub)})` : '';
    return {
      text: `Remediation${runbook} ${event}${by}${detail}`,
      category: REMEDIATION_CATEGORY[event] ?? 'mitigation',
    };
  }
  if (e.kind.startsWith('alert')) return { text: `Alert${said}`, category: 'detection' };
  return { text: `${e.kind.replace(/_/g, ' ')}${by}${said}`, category: 'other' };
}

/** The record's timeline entry for an event. */
export function entryFor(e: PostmortemEvent, scrub: Scrub, person: NamePerson = plainPerson): TimelineEntry {
  const { text, category } = describeEvent(e, scrub, person);
  return { at: e.at, text, eventId: e.id, cite: citeOf(e), kind: e.kind, category, origin: 'record' };
}
