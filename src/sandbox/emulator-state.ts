/**
 * The read-only side of the emulator: snapshots of channels, messages, views and files, the log of Web
 * API calls and response_url requests, and the violations the bot made. {@link SlackEmulator} extends it
 * with lifecycle, fault injection and the Slack-side driver.
 */
import type { EmulatorCore } from './core.js';
import { renderTranscript } from './transcript.js';
import type {
  ApiCallRecord,
  ChannelSnapshot,
  ResponseUrlRecord,
  StoredFile,
  StoredMessage,
  StoredView,
} from './types.js';

/** State inspection for tests and the demo. Everything returned is a copy unless marked live. */
export class EmulatorState {
  constructor(protected readonly core: EmulatorCore) {}

  /** Every channel (including the bot's DMs). */
  channels(): ChannelSnapshot[] {
    return [...this.core.ws.channels.values()].map((c) => this.core.ws.snapshot(c));
  }

  /** A channel by id or name (`incidents` / `#incidents`). */
  channel(idOrName: string): ChannelSnapshot | undefined {
    const c = this.core.ws.channel(idOrName);
    return c ? this.core.ws.snapshot(c) : undefined;
  }

  /**
   * Stored messages of a channel in ts order, ephemeral ones included (flagged `ephemeralTo`). System
   * messages (`subtype` such as `channel_topic`, which Slack posts on topic changes and returns in
   * conversations.history) are left out unless `includeSystem` is set, so tests count what people wrote.
   */
  messages(channelIdOrName: string, opts: { includeSystem?: boolean } = {}): StoredMessage[] {
    const all = this.core.ws.channel(channelIdOrName)?.messages ?? [];
    return structuredClone(opts.includeSystem ? all : all.filter((m) => !m.subtype));
  }

  /** The newest non-ephemeral message of a channel, if any. */
  lastMessage(channelIdOrName: string): StoredMessage | undefined {
    return this.messages(channelIdOrName)
      .filter((m) => !m.ephemeralTo)
      .at(-1);
  }

  /** Every modal and Home view the bot opened, pushed or published. */
  views(): StoredView[] {
    return structuredClone(this.core.ws.views.all());
  }

  /** One view by id. */
  view(viewId: string): StoredView | undefined {
    const v = this.core.ws.views.get(viewId);
    return v ? structuredClone(v) : undefined;
  }

  /** The modals currently open for a user, root first. */
  openModals(userId: string): StoredView[] {
    return structuredClone(this.core.ws.views.stack(userId));
  }

  /** The App Home view published for a user. */
  homeView(userId: string): StoredView | undefined {
    const v = this.core.ws.views.home(userId);
    return v ? structuredClone(v) : undefined;
  }

  /** Files uploaded and completed through the files.uploadV2 flow. */
  files(): StoredFile[] {
    return this.core.ws.files.all();
  }

  /** Every Web API call so far, in order (live, read-only). */
  get calls(): readonly ApiCallRecord[] {
    return this.core.calls;
  }

  /** Number of Web API calls, optionally of one method. */
  callCount(method?: string): number {
    return method ? this.core.calls.filter((c) => c.method === method).length : this.core.calls.length;
  }

  /** How many requests the app sent to response_urls (cheap: nothing copied). */
  responseCount(): number {
    return this.core.responses.length;
  }

  /** Requests the app sent to response_urls, optionally for one response_url id. */
  responses(responseUrlId?: string): ResponseUrlRecord[] {
    const all = this.core.responses.filter((r) => !responseUrlId || r.responseUrlId === responseUrlId);
    return structuredClone(all);
  }

  /** Ephemeral messages a user received (chat.postEphemeral and non in_channel response_url replies), in order. */
  ephemeralsFor(userId: string): (StoredMessage & { channel: string })[] {
    const found = [...this.core.ws.channels.values()].flatMap((c) =>
      c.messages.filter((m) => m.ephemeralTo === userId).map((m) => ({ ...structuredClone(m), channel: c.id })),
    );
    return found.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  }

  /** Protocol violations the bot made (live, read-only). */
  get violations(): readonly string[] {
    return this.core.violations;
  }

  /** Throws listing every violation, if any. Call in `afterEach`. */
  assertNoViolations(): void {
    if (this.core.violations.length === 0) return;
    const list = this.core.violations.map((v, i) => `  ${i + 1}. ${v}`).join('\n');
    throw new Error(`Slack emulator recorded ${this.core.violations.length} violation(s):\n${list}`);
  }

  /** Readable transcript of a channel: `[HH:MM:SS] @name: text`. */
  transcript(channelIdOrName: string): string {
    const c = this.core.ws.channel(channelIdOrName);
    if (!c) throw new Error(`slack emulator: unknown channel ${channelIdOrName}`);
    return renderTranscript(this.core, c);
  }
}
