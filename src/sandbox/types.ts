/**
 * Public data types of the Slack sandbox: emulator options and the read-only snapshots the inspection
 * methods hand out. Snapshots are copies, so tests cannot corrupt emulator state by mutating them.
 */

/** A workspace member known to the emulator. */
export interface EmulatorUser {
  id: string;
  name: string;
  realName?: string;
  isBot?: boolean;
  deleted?: boolean;
  /** IANA time zone, e.g. `Europe/Paris`; default `Etc/UTC`. */
  tz?: string;
  botId?: string;
  /** profile.email, which Slack returns to apps with users:read.email. */
  email?: string;
}

/** A channel to seed the workspace with. */
export interface EmulatorChannelSeed {
  id: string;
  name: string;
  isPrivate?: boolean;
  members?: string[];
}

/** Options of {@link startSlackEmulator}. Every field has a default suitable for tests. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Default `T0FIREBRK`. */
  teamId?: string;
  /** The only token accepted by the Web API; default `xoxb-emulator-token`. Any other → `invalid_auth`. */
  botToken?: string;
  /** The only token accepted by apps.connections.open (Socket Mode); default `xapp-1-AFIREBRK-1-emulator`. */
  appToken?: string;
  /** Default `UFIREBOT`. */
  botUserId?: string;
  /** Default `BFIREBOT`. */
  botId?: string;
  /** Seeded humans (and other bots). Default: UALICE alice, UBOB bob, UCAROL carol, UDAVE dave and bot UOTHERBOT. */
  users?: EmulatorUser[];
  /** Seeded channels. Default: public CINCIDENTS `incidents` with the bot and every human as members. */
  channels?: EmulatorChannelSeed[];
  /** Millisecond clock used for trigger_id / response_url expiry and message timestamps; default `Date.now`. */
  now?: () => number;
}

/** A stored message as the emulator sees it (ephemeral ones included, flagged by `ephemeralTo`). */
export interface StoredMessage {
  ts: string;
  /** Author user id (the bot user for messages the bot posted). */
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** Set by chat.update / user edits. */
  edited?: { user: string; ts: string };
  /** Recipient of an ephemeral message (chat.postEphemeral or a non in_channel response_url reply). */
  ephemeralTo?: string;
  /** System messages, e.g. `channel_topic`; absent for ordinary messages. */
  subtype?: string;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: { id: string; title: string; name: string }[];
  reactions?: { name: string; users: string[] }[];
  /** Slack message metadata (`event_type` + `event_payload`) the bot attached; apps use it as a durable marker. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** How the message arrived: Web API, a response_url, or a simulated human. */
  via?: 'api' | 'response_url' | 'user';
}

/** A snapshot of a channel. */
export interface ChannelSnapshot {
  id: string;
  name: string;
  isPrivate: boolean;
  /** True for the bot↔user DM conversations created when the bot posts to a user id. */
  isIm: boolean;
  topic: string;
  purpose: string;
  members: string[];
  /** Unix seconds. */
  created: number;
  creator: string;
  archived: boolean;
  bookmarks: { id: string; title: string; link: string }[];
  /** ts of pinned messages, in pin order. */
  pins: string[];
}

/** A modal or App Home view the bot opened, pushed or published. */
export interface StoredView {
  id: string;
  /** The user the view is shown to. */
  user: string;
  kind: 'modal' | 'home';
  /** The view payload as the bot sent it (after JSON parsing); updated in place by views.update. */
  view: Record<string, unknown>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string;
  /** True once the modal was closed (submitted without errors, or `response_action: clear`). */
  closed: boolean;
}

/** One Web API call the bot made. */
export interface ApiCallRecord {
  method: string;
  args: Record<string, unknown>;
  /** Emulator clock (ms) at the time of the call. */
  at: number;
  ok: boolean;
  error?: string;
}

/** One request the app sent to a response_url. */
export interface ResponseUrlRecord {
  responseUrlId: string;
  /** The user who triggered the interaction the response_url belongs to. */
  user: string;
  channel: string;
  body: Record<string, unknown>;
  at: number;
}

/** A file uploaded through files.getUploadURLExternal + upload URL + files.completeUploadExternal. */
export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  /** File bytes decoded as UTF-8. */
  content: string;
  size: number;
  /** Channels the file was shared into. */
  channels: string[];
  completed: boolean;
}

/** What the app answered to a request the driver sent it. */
export interface AppResponse {
  status: number;
  body: string;
  /** Parsed body when it was JSON. */
  json?: unknown;
  elapsedMs: number;
}
