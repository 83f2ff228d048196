import type { Incident, RoleHolders } from '../domain/incident.js';

/**
 * What services tell people, independent of how it is drawn. The Slack adapter renders each kind
 * with a pure Block Kit builder; services never build blocks, so jobs and alert intake reuse them.
 */
export type Notice =
  | { kind: 'incident-opened'; incident: Incident; roles: RoleHolders; nextUpdateAt: Date | null }
  | { kind: 'incident-announced'; incident: Incident; roles: RoleHolders };

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
  /** Posts a notice; returns the message ts. */
  post(channelId: string, notice: Notice): Promise<string>;
  findUser(userId: string): Promise<ChatUser | undefined>;
}
