import type { Incident, RoleHolders } from '../domain/incident.js';
import type { IncidentStatus } from '../domain/lifecycle.js';
import type { Role } from '../domain/roles.js';
import type { Severity } from '../domain/severity.js';

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
  | { kind: 'customer-update'; incident: Incident; text: string; authorId: string }
  | { kind: 'update-reminder'; incident: Incident; mention: string[]; dueAt: Date; missed: boolean };

export interface ChatUser {
  id: string;
  name: string;
  isBot: boolean;
  deleted: boolean;
}

/** The workspace as services need it. Failures surface as DomainError('UPSTREAM') with a readable sentence. */
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
  setTopic(channelId: string, topic: string): Promise<void>;
  addBookmark(channelId: string, title: string, link: string): Promise<void>;
  findUser(userId: string): Promise<ChatUser | undefined>;
  /** One message by ts (for reactions, whose events carry no text); undefined if gone or not visible. */
  findMessage(channelId: string, ts: string): Promise<{ text: string; userId?: string } | undefined>;
  /** A link to a message, cited by the timeline and the postmortem. */
  permalink(channelId: string, ts: string): Promise<string | undefined>;
}
