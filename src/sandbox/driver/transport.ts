/**
 * Carries Slack→app traffic the way the app is set up to receive it: signed HTTP requests to its request
 * URL, or envelopes over its Socket Mode connection. The driver says what to deliver (a command's fields,
 * an interactivity payload, an event callback); this picks the wire. Either way Slack gives up after
 * 3 seconds (the user sees an error, Events API retries), so a slow ack is recorded as a violation.
 */
import type { EmulatorCore } from '../core.js';
import type { SocketModeServer } from '../socket/server.js';
import type { AppResponse } from '../types.js';
import { type SignatureHeaders, signSlackRequest } from './signing.js';

/** Slack's acknowledgement deadline. */
export const ACK_DEADLINE_MS = 3000;

/** Slack's redelivery marks: `X-Slack-Retry-*` headers over HTTP, `retry_*` envelope fields over the socket. */
export interface Retry {
  num: number;
  reason: string;
}

/** Interactivity payloads whose ack may carry a body Slack acts on (response_action, options). */
const ANSWERABLE = new Set(['view_submission', 'block_suggestion']);

/** The app side of the emulator: HTTP or Socket Mode. */
export class AppTransport {
  constructor(
    private readonly core: EmulatorCore,
    private readonly socket: SocketModeServer,
  ) {}

  /** A slash command: form fields over HTTP, a `slash_commands` envelope (fields as JSON) over the socket. */
  command(fields: Record<string, string>): Promise<AppResponse> {
    if (this.core.socketMode) {
      return this.socket.deliver({ type: 'slash_commands', payload: fields, acceptsResponsePayload: true });
    }
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  }

  /** An interactivity payload (block_actions, view_submission, message_action…). */
  interaction(payload: Record<string, unknown>): Promise<AppResponse> {
    if (this.core.socketMode) {
      const acceptsResponsePayload = ANSWERABLE.has(String(payload.type));
      return this.socket.deliver({ type: 'interactive', payload, acceptsResponsePayload });
    }
    return this.send(formPayload(payload), 'application/x-www-form-urlencoded');
  }

  /** An Events API `event_callback`, possibly marked as Slack's n-th retry. */
  event(callback: Record<string, unknown>, retry?: Retry): Promise<AppResponse> {
    if (this.core.socketMode) {
      return this.socket.deliver({
        type: 'events_api',
        payload: callback,
        acceptsResponsePayload: false,
        ...(retry && { retryAttempt: retry.num, retryReason: retry.reason }),
      });
    }
    const headers: Record<string, string> = retry
      ? { 'X-Slack-Retry-Num': String(retry.num), 'X-Slack-Retry-Reason': retry.reason }
      : {};
    return this.send(JSON.stringify(callback), 'application/json', headers);
  }

  /** Signs `body` with the connected app's secret. */
  sign(body: string, timestampSeconds?: number): SignatureHeaders {
    return signSlackRequest(this.connection().signingSecret, body, timestampSeconds);
  }

  /** Sends a signed HTTP request, as Slack would. */
  private async send(
    body: string,
    contentType: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<AppResponse> {
    const response = await this.raw(body, { 'Content-Type': contentType, ...this.sign(body), ...extraHeaders });
    if (response.elapsedMs > ACK_DEADLINE_MS) {
      this.core.violation(`app took ${Math.round(response.elapsedMs)} ms to acknowledge (Slack gives up after 3 s)`);
    }
    return response;
  }

  /** Sends an arbitrary request to the app (forged signatures, stale timestamps…). */
  async raw(body: string, headers: Record<string, string>): Promise<AppResponse> {
    const started = performance.now();
    const res = await fetch(this.connection().url, {
      method: 'POST',
      headers: { 'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...headers },
      body,
    });
    const text = await res.text();
    const elapsedMs = performance.now() - started;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: text, json, elapsedMs };
  }

  private connection(): { url: string; signingSecret: string } {
    if (!this.core.app)
      throw new Error(
        'slack emulator: call connectApp({ url, signingSecret }) (or useSocketMode()) before driving the app',
      );
    return this.core.app;
  }
}

/** Form-encodes an interactivity payload the way Slack does (`payload=<json>`). */
export function formPayload(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A signed HTTP request to the app, built but not sent (see {@link CapturingTransport}). */
export interface PreparedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Builds exactly what {@link AppTransport} would send over HTTP and hands it over instead of sending it,
 * so another event loop (a load driver in a worker thread) can send it and time the ack without the
 * emulator's own work in the way. Its answer to the driver is an empty 200.
 */
export class CapturingTransport extends AppTransport {
  readonly captured: PreparedRequest[] = [];

  constructor(
    core: EmulatorCore,
    socket: SocketModeServer,
    private readonly url: string,
  ) {
    super(core, socket);
  }

  override async raw(body: string, headers: Record<string, string>): Promise<AppResponse> {
    this.captured.push({
      url: this.url,
      headers: { 'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...headers },
      body,
    });
    return { status: 200, body: '', elapsedMs: 0 };
  }
}
