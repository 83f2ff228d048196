import type { TrackerName } from '../../config/trackers.js';
import type { TrackerIssueDraft, TrackerState } from '../../domain/tracker.js';

/** An issue in a tracker, as Firebreak keeps it. */
export interface TrackerIssue {
  /** The tracker's own id (Jira issue id, Linear issue id, GitHub issue number). */
  id: string;
  /** What people read: OPS-12, ENG-3, #12. */
  key: string;
  url: string;
  state: TrackerState;
}

/**
 * A tracker's answer. `retryable`: 429, 5xx or no answer (try again, after `retryAfterMs` when the
 * tracker said so); otherwise it refused (401, 403, 404, 400) and the same request will not help.
 */
export type TrackerResult<T> =
  | { ok: true; value: T }
  | { ok: false; retryable: boolean; retryAfterMs?: number; reason: string; status?: number };

/** One tracker behind Firebreak's words; `place` is a Jira project key, a Linear team key or a GitHub owner/repo. */
export interface TrackerPort {
  readonly name: TrackerName;
  /** Jira, Linear, GitHub */
  readonly label: string;
  /** The issue carrying `marker`, if one exists (a creation cut off by a crash). */
  findByMarker(place: string, marker: string): Promise<TrackerResult<TrackerIssue | undefined>>;
  /** Creates the issue, assigned to `assignee` (an id `findUser` gave) or unassigned. */
  create(place: string, draft: TrackerIssueDraft, assignee?: string): Promise<TrackerResult<TrackerIssue>>;
  /** The tracker user with this email, if any. */
  findUser(email: string): Promise<TrackerResult<string | undefined>>;
  /** Writes the issue's title and text again (a postmortem link to add); state, assignee and labels are left as they are. */
  update(place: string, id: string, draft: TrackerIssueDraft): Promise<TrackerResult<void>>;
  /** Closes (Jira: the first transition to a done status; Linear: the team's completed state; GitHub: closed). */
  close(place: string, id: string): Promise<TrackerResult<void>>;
  /** The issue's state now (the poll); undefined when it is gone. */
  read(place: string, id: string): Promise<TrackerResult<TrackerIssue | undefined>>;
}

export type TrackerPorts = Partial<Record<TrackerName, TrackerPort>>;
