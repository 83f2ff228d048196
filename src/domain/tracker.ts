import type { Priority } from './action-item.js';

/** What the tracker reports: an issue is open or closed (done, cancelled, won't do all close it). */
export type TrackerState = 'open' | 'closed';

/** After this many failed attempts in a row, retries stop and the channel's Retry button is the way on. */
export const TRACKER_MAX_ATTEMPTS = 6;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60_000;

/** How long to wait after the n-th failed attempt (n ≥ 1), at least what the tracker asked for. */
export function trackerBackoffMs(attempts: number, retryAfterMs = 0): number {
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, Math.min(retryAfterMs, MAX_BACKOFF_MS));
}

/**
 * The text written into every tracker issue Firebreak creates, unique to the item: after a crash
 * between the tracker's answer and our record of it, searching for it finds the issue again.
 */
export const trackerMarker = (actionItemId: string): string => `firebreak-${actionItemId}`;

/** P0–P2 as each tracker counts priority. */
export const JIRA_PRIORITY: Record<Priority, string> = { P0: 'Highest', P1: 'High', P2: 'Medium' };
/** Linear: 1 urgent, 2 high, 3 medium (0 none, 4 low). */
export const LINEAR_PRIORITY: Record<Priority, number> = { P0: 1, P1: 2, P2: 3 };

/** Everything a tracker issue says about an action item, in Firebreak's words; adapters shape it. */
export interface TrackerIssueDraft {
  marker: string;
  /** `INC-42-A3: Alert on pool saturation` */
  title: string;
  /** Plain lines; adapters keep links clickable. */
  lines: { text: string; href?: string }[];
  /** The type (prevent, detect, mitigate, process), `firebreak`, and the marker where labels are searchable. */
  labels: string[];
  priority: Priority;
  /** `YYYY-MM-DD` */
  due: string;
}

/** Builds the draft of the tracker issue; `owner` is a display name (the tracker cannot resolve Slack ids). */
export function trackerIssueDraft(args: {
  actionItemId: string;
  ref: string;
  incidentRef: string;
  incidentTitle: string;
  description: string;
  type: string;
  priority: Priority;
  due: string;
  validation: string | null;
  owner: string | null;
  assigned: boolean;
  channelName: string | null;
  channelUrl: string | null;
  postmortemUrl: string | null;
}): TrackerIssueDraft {
  const marker = trackerMarker(args.actionItemId);
  const ownerLine = args.owner
    ? `Owner: ${args.owner}${args.assigned ? '' : ' (not found in this tracker by email: assign by hand)'}`
    : 'Owner: to assign';
  const lines: TrackerIssueDraft['lines'] = [
    { text: args.description },
    { text: `Incident: ${args.incidentRef} ${args.incidentTitle}` },
    ...(args.channelUrl ? [{ text: `Slack channel: #${args.channelName ?? 'incident'}`, href: args.channelUrl }] : []),
    ...(args.postmortemUrl ? [{ text: 'Postmortem', href: args.postmortemUrl }] : []),
    { text: `Type: ${args.type} · Priority: ${args.priority} · Due: ${args.due}` },
    { text: ownerLine },
    ...(args.validation ? [{ text: `Done when: ${args.validation}` }] : []),
    { text: `Created by Firebreak (${args.ref}); closing this issue marks the action item done. ${marker}` },
  ];
  return {
    marker,
    title: `${args.ref}: ${args.description}`.slice(0, 250),
    lines,
    labels: ['firebreak', args.type],
    priority: args.priority,
    due: args.due,
  };
}

/** Plain text of a draft (GitHub Markdown; Linear Markdown): links as Markdown links. */
export const draftMarkdown = (draft: TrackerIssueDraft): string =>
  draft.lines.map((l) => (l.href ? `[${l.text}](${l.href})` : l.text)).join('\n\n');
