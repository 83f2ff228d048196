/**
 * SlackEmulator: a local stand-in for Slack. It serves the Web API the bot calls (point
 * `@slack/web-api`'s `slackApiUrl` at {@link SlackEmulator.apiUrl}) and drives the app the way Slack does
 * (slash commands, interactions, events: signed HTTP requests, or Socket Mode envelopes after
 * {@link SlackEmulator.useSocketMode}). State is inspectable, and every protocol mistake the bot
 * makes is recorded in {@link SlackEmulator.violations}.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorServer } from './api/server.js';
import { EmulatorCore } from './core.js';
import { type SendEventOptions, sendEvent } from './driver/events.js';
import {
  type ClickButtonArgs,
  clickButton,
  clickViewButton,
  messageShortcut,
  slashCommand,
} from './driver/interactions.js';
import { type SelectOptionArgs, selectOption } from './driver/select-option.js';
import type { SignatureHeaders } from './driver/signing.js';
import { AppTransport, CapturingTransport, type PreparedRequest } from './driver/transport.js';
import {
  openAppHome,
  postedWhileAway,
  userDeletes,
  userEdits,
  userPins,
  userPosts,
  userReacts,
} from './driver/user-actions.js';
import type { InputValue } from './driver/view-state.js';
import { submitView } from './driver/view-submission.js';
import { EmulatorState } from './emulator-state.js';
import { SocketModeServer } from './socket/server.js';
import { type SocketModeView, socketModeView } from './socket/view.js';
import type { AppResponse, EmulatorOptions } from './types.js';
import { resolveConfig } from './workspace/seed.js';

/** A running emulator. Create with {@link startSlackEmulator}; always `close()` it. */
export class SlackEmulator extends EmulatorState {
  private readonly transport: AppTransport;
  private readonly socket: SocketModeServer;

  /** @internal use {@link startSlackEmulator}. */
  constructor(
    core: EmulatorCore,
    private readonly server: Server,
  ) {
    super(core);
    this.socket = new SocketModeServer(core, server);
    this.transport = new AppTransport(core, this.socket);
  }

  /** `http://127.0.0.1:PORT` */
  get baseUrl(): string {
    return this.core.baseUrl;
  }
  /** Web API root with trailing slash, the format of @slack/web-api's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.core.baseUrl}/api/`;
  }
  get botToken(): string {
    return this.core.config.botToken;
  }
  /** App-level token (`xapp-…`) for Socket Mode: what SLACK_APP_TOKEN should be. */
  get appToken(): string {
    return this.core.config.appToken;
  }
  get botUserId(): string {
    return this.core.config.botUserId;
  }
  get botId(): string {
    return this.core.config.botId;
  }
  get teamId(): string {
    return this.core.config.teamId;
  }
  get appId(): string {
    return this.core.config.appId;
  }
  /** Legacy verification token placed in payloads' `token` field. */
  get verificationToken(): string {
    return this.core.config.verificationToken;
  }

  private echoes = 0;

  /**
   * Echoes of the bot's own posts on their way to the app. Until one arrives the app cannot count it
   * as work, so "is the app idle?" must ask here too.
   */
  get echoesInFlight(): number {
    return this.echoes;
  }

  /** Where to send Slack→app requests (e.g. `http://127.0.0.1:3000/slack/events`) and the secret to sign them. */
  connectApp(app: { url: string; signingSecret: string }): void {
    this.core.app = { ...app };
    this.core.socketMode = false;
    this.echoBotMessages();
  }

  /**
   * Deliver Slack→app traffic over Socket Mode from now on (the app has `socket_mode_enabled`): the app
   * connects itself with its app-level token ({@link appToken}) through apps.connections.open.
   */
  useSocketMode(): void {
    this.core.socketMode = true;
    this.echoBotMessages();
  }

  /** Socket Mode state: envelopes sent and their acks, connections, and Slack's connection refresh. */
  get socketMode(): SocketModeView {
    return socketModeView(this.socket);
  }

  private echoBotMessages(): void {
    // After the API answer, like Slack: the bot's own channel posts reach it as message events (with bot_id).
    this.core.onBotMessage = (channel, m) => {
      if (channel.isIm) return;
      const event = {
        type: 'message',
        channel: channel.id,
        channel_type: channel.isPrivate ? 'group' : 'channel',
        user: m.user,
        bot_id: m.botId,
        text: m.text,
        ts: m.ts,
        ...(m.thread_ts && { thread_ts: m.thread_ts }),
      };
      this.echoes++;
      setImmediate(() => {
        sendEvent(this.core, this.transport, event)
          .catch(() => {
            // The app may be stopping; Slack would retry, but a test or demo has moved on.
          })
          .finally(() => this.echoes--);
      });
    };
  }

  /** Stops the HTTP server, dropping idle keep-alive connections and sockets so the process can exit. */
  async close(): Promise<void> {
    this.socket.close();
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  /** Back to the seeded workspace; clears messages, views, files, calls, responses, violations and faults. */
  reset(): void {
    this.core.reset();
    this.socket.reset();
  }

  /** Archives a channel (as a human admin would); its name stays taken. */
  archiveChannel(idOrName: string): void {
    const c = this.core.ws.channel(idOrName);
    if (!c) throw new Error(`slack emulator: unknown channel ${idOrName}`);
    c.archived = true;
  }

  /** Issues a trigger_id for a user, for tests that call views.open directly. */
  issueTriggerId(userId: string): string {
    return this.core.triggers.issue(userId);
  }

  // ── Fault injection ─────────────────────────────────────────────────────────────────────────────

  /** The next call(s) of `method` answer `{ok:false, error}`. Throws if Slack never answers that error there. */
  failNext(method: string, error: string, opts: { times?: number } = {}): void {
    this.core.faults.failNext(method, error, opts.times ?? 1);
  }

  /** The next call(s) of `method` get HTTP 429 with `Retry-After` and `{ok:false, error:'ratelimited'}`. */
  rateLimit(method: string, opts: { retryAfterSeconds: number; times?: number }): void {
    this.core.faults.rateLimit(method, opts.retryAfterSeconds, opts.times ?? 1);
  }

  /**
   * The next call(s) of `method` get HTTP 500 (Slack itself failing): before doing anything, or with
   * `afterWork`, after doing it (the answer is lost, so a blind retry does it twice).
   */
  serverError(method: string, opts: { times?: number; afterWork?: boolean } = {}): void {
    this.core.faults.serverError(method, opts.times ?? 1, opts.afterWork ?? false);
  }

  // ── Slack → app driver ──────────────────────────────────────────────────────────────────────────

  /** A user runs a slash command (default `/incident`). */
  slashCommand(a: { user: string; channel: string; text: string; command?: string }): Promise<AppResponse> {
    return slashCommand(this.core, this.transport, a);
  }

  /** A user clicks a button of a stored message; throws if there is no such button. */
  clickButton(a: ClickButtonArgs) {
    return clickButton(this.core, this.transport, a);
  }

  /**
   * The signed HTTP request a slash command or a button click would send the connected app (HTTP mode),
   * built now (trigger_id, response_url and signature issued as for a real one) and not sent: a load
   * driver sends it from its own event loop. Slack's 5-minute signature window applies.
   */
  async prepare(
    a: ({ kind: 'command' } & Parameters<SlackEmulator['slashCommand']>[0]) | ({ kind: 'click' } & ClickButtonArgs),
  ): Promise<PreparedRequest> {
    if (this.core.socketMode || !this.core.app) throw new Error('slack emulator: prepare() needs an app over HTTP');
    const t = new CapturingTransport(this.core, this.socket, this.core.app.url);
    if (a.kind === 'command') await slashCommand(this.core, t, a);
    else await clickButton(this.core, t, a);
    return t.captured[0]!;
  }

  /** A user picks an option of a select menu in a stored message; throws if there is no such select or option. */
  selectOption(a: SelectOptionArgs): Promise<AppResponse> {
    return selectOption(this.core, this.transport, a);
  }

  /** A user clicks a button in their App Home. */
  clickHomeButton(a: { user: string; actionId: string; value?: string }): Promise<AppResponse> {
    return clickViewButton(this.core, this.transport, a);
  }

  /** A user clicks a button inside an open modal. */
  clickViewButton(a: { user: string; viewId: string; actionId: string; value?: string }): Promise<AppResponse> {
    return clickViewButton(this.core, this.transport, a);
  }

  /** A user submits a modal; `values` keyed by input block_id or action_id. Applies any response_action. */
  submitView(a: { user: string; viewId: string; values?: Record<string, InputValue> }): Promise<AppResponse> {
    return submitView(this.core, this.transport, a);
  }

  /** Delivers an Events API event (wrapped in `event_callback`); `retryNum` simulates a redelivery. */
  sendEvent(event: object, opts?: SendEventOptions): Promise<AppResponse> {
    return sendEvent(this.core, this.transport, event, opts);
  }

  /** A human posts in a channel they are a member of; the app receives a `message` event. */
  userPosts(a: { user: string; channel: string; text: string; threadTs?: string }) {
    return userPosts(this.core, this.transport, a);
  }

  /** Messages the app never received events for (it was down): in the history only. Returns their ts. */
  postedWhileAway(a: { channel: string; messages: { user: string; text: string; threadTs?: string }[] }): string[] {
    return postedWhileAway(this.core, a);
  }

  /**
   * Takes a message out of the history without telling anyone (no event): for tests of a process
   * that died just before it would have posted it.
   */
  neverPosted(a: { channel: string; ts: string }): boolean {
    const channel = this.core.ws.channel(a.channel);
    return !!channel && this.core.ws.removeMessage(channel, a.ts);
  }

  /** A human edits their message (`message_changed`). */
  userEdits(a: { user: string; channel: string; ts: string; text: string }): Promise<AppResponse> {
    return userEdits(this.core, this.transport, a);
  }

  /** A human deletes their message (`message_deleted`). */
  userDeletes(a: { user: string; channel: string; ts: string }): Promise<AppResponse> {
    return userDeletes(this.core, this.transport, a);
  }

  /** A human pins a message (`pin_added`). */
  userPins(a: { user: string; channel: string; ts: string }): Promise<AppResponse> {
    return userPins(this.core, this.transport, a);
  }

  /** A human reacts to a message (`reaction_added`). */
  userReacts(a: { user: string; channel: string; ts: string; reaction: string }): Promise<AppResponse> {
    return userReacts(this.core, this.transport, a);
  }

  /** A human runs a message shortcut (`message_action`). */
  messageShortcut(a: { user: string; channel: string; ts: string; callbackId: string }): Promise<AppResponse> {
    return messageShortcut(this.core, this.transport, a);
  }

  /** A human opens the app's Home tab (`app_home_opened`). */
  openAppHome(userId: string): Promise<AppResponse> {
    return openAppHome(this.core, this.transport, userId);
  }

  /** Sends an arbitrary request to the app (e.g. forged or stale signatures). */
  rawPost(body: string, headers: Record<string, string>): Promise<AppResponse> {
    return this.transport.raw(body, headers);
  }

  /** The `X-Slack-Signature` value (`v0=<hex>`) for a body, with the connected app's secret (timestamp: now). */
  sign(body: string, timestampSeconds?: number): string {
    return this.transport.sign(body, timestampSeconds)['X-Slack-Signature'];
  }

  /** Both signature headers (`X-Slack-Request-Timestamp`, `X-Slack-Signature`) for a body. */
  signatureHeaders(body: string, timestampSeconds?: number): SignatureHeaders {
    return this.transport.sign(body, timestampSeconds);
  }
}

/** Starts an emulator on 127.0.0.1. */
export async function startSlackEmulator(opts: EmulatorOptions = {}): Promise<SlackEmulator> {
  const core = new EmulatorCore(resolveConfig(opts));
  const server = createEmulatorServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(core.config.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  core.baseUrl = `http://127.0.0.1:${port}`;
  return new SlackEmulator(core, server);
}
