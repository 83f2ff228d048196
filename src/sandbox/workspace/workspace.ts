/**
 * The emulated workspace: users, channels and their messages. Pure in-memory state with no HTTP or
 * Slack-protocol knowledge, so Web API handlers and the Slack-side driver share one source of truth.
 */
import type { ChannelSnapshot, EmulatorUser, StoredMessage } from '../types.js';
import { FileStore } from './files.js';
import { compareTs, type IdFactory, type TsClock } from './ids.js';
import type { EmulatorConfig } from './seed.js';
import { ViewStore } from './views.js';

/** A topic or purpose, as Slack stores it. */
export interface TopicValue {
  value: string;
  creator: string;
  /** Unix seconds. */
  last_set: number;
}

/** Mutable channel state. Handlers work on this; the outside world only sees {@link ChannelSnapshot}s. */
export interface ChannelRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  topic: TopicValue;
  purpose: TopicValue;
  members: string[];
  created: number;
  creator: string;
  archived: boolean;
  bookmarks: { id: string; title: string; link: string; created: number }[];
  pins: string[];
  /** In ts order (ascending). */
  messages: StoredMessage[];
}

/** In-memory workspace state. */
export class Workspace {
  readonly users = new Map<string, EmulatorUser>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly views: ViewStore;
  readonly files: FileStore;

  constructor(
    private readonly config: EmulatorConfig,
    private readonly ids: IdFactory,
    readonly ts: TsClock,
  ) {
    this.views = new ViewStore(ids);
    this.files = new FileStore(ids);
    this.reset();
  }

  /** Back to the seeded users and channels; every message, view and file is dropped. */
  reset(): void {
    this.users.clear();
    this.channels.clear();
    this.views.clear();
    this.files.clear();
    for (const u of this.config.users) this.users.set(u.id, { ...u });
    for (const seed of this.config.channels) {
      this.addChannel({
        id: seed.id,
        name: seed.name,
        isPrivate: seed.isPrivate ?? false,
        creator: this.config.botUserId,
        members: [...(seed.members ?? [])],
      });
    }
  }

  /** Seconds since the epoch on the emulator clock. */
  nowSeconds(): number {
    return Math.floor(this.config.now() / 1000);
  }

  /** Looks a channel up by id, or by name with or without a leading `#`. */
  channel(idOrName: string): ChannelRecord | undefined {
    const byId = this.channels.get(idOrName);
    if (byId) return byId;
    const name = idOrName.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.name === name && !c.isIm);
  }

  /** Creates a channel record (no validation: callers enforce Slack's naming rules). */
  addChannel(input: {
    id?: string;
    name: string;
    isPrivate: boolean;
    creator: string;
    members: string[];
  }): ChannelRecord {
    const empty = (): TopicValue => ({ value: '', creator: '', last_set: 0 });
    const record: ChannelRecord = {
      id: input.id ?? this.ids.next(input.isPrivate ? 'G' : 'C'),
      name: input.name,
      isPrivate: input.isPrivate,
      isIm: false,
      topic: empty(),
      purpose: empty(),
      members: [...new Set(input.members)],
      created: this.nowSeconds(),
      creator: input.creator,
      archived: false,
      bookmarks: [],
      pins: [],
      messages: [],
    };
    this.channels.set(record.id, record);
    return record;
  }

  /** The bot↔user DM, created on first use like Slack's App "Messages" tab. */
  imChannel(userId: string): ChannelRecord {
    const id = `D${userId.replace(/^[UW]/, '')}`;
    const existing = this.channels.get(id);
    if (existing) return existing;
    const record = this.addChannel({ id, name: id, isPrivate: true, creator: userId, members: [] });
    record.isIm = true;
    record.members = [this.config.botUserId, userId];
    return record;
  }

  /** Stores a message with a fresh ts (unless one is given) and returns it. */
  addMessage(channel: ChannelRecord, message: Omit<StoredMessage, 'ts'> & { ts?: string }): StoredMessage {
    const stored: StoredMessage = { ...message, ts: message.ts ?? this.ts.next() };
    // Kept in ts order. Usually the newest: appended; otherwise after the last message not later than it.
    const list = channel.messages;
    let at = list.length;
    while (at > 0 && compareTs(list[at - 1]!.ts, stored.ts) > 0) at--;
    list.splice(at, 0, stored);
    return stored;
  }

  /** The message with that ts in the channel (ephemeral ones included). */
  findMessage(channel: ChannelRecord, ts: string): StoredMessage | undefined {
    return channel.messages.find((m) => m.ts === ts);
  }

  /** Removes a message; returns whether it existed. */
  removeMessage(channel: ChannelRecord, ts: string): boolean {
    const before = channel.messages.length;
    channel.messages = channel.messages.filter((m) => m.ts !== ts);
    channel.pins = channel.pins.filter((p) => p !== ts);
    return channel.messages.length !== before;
  }

  /** A defensive copy of a channel's public state. */
  snapshot(c: ChannelRecord): ChannelSnapshot {
    return {
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate,
      isIm: c.isIm,
      topic: c.topic.value,
      purpose: c.purpose.value,
      members: [...c.members],
      created: c.created,
      creator: c.creator,
      archived: c.archived,
      bookmarks: c.bookmarks.map(({ id, title, link }) => ({ id, title, link })),
      pins: [...c.pins],
    };
  }
}
