/**
 * Sends Slack→app HTTP requests to the connected app, signed like Slack does, and measures how long the
 * app takes to acknowledge: Slack gives up after 3 seconds (the user sees an error, Events API retries),
 * so a slow ack is recorded as a violation.
 */
import type { EmulatorCore } from '../core.js';
import type { AppResponse } from '../types.js';
import { type SignatureHeaders, signSlackRequest } from './signing.js';

/** Slack's acknowledgement deadline. */
export const ACK_DEADLINE_MS = 3000;

/** HTTP client for the app side. */
export class AppTransport {
  constructor(private readonly core: EmulatorCore) {}

  /** Signs `body` with the connected app's secret. */
  sign(body: string, timestampSeconds?: number): SignatureHeaders {
    return signSlackRequest(this.connection().signingSecret, body, timestampSeconds);
  }

  /** Sends a signed request, as Slack would. */
  async send(body: string, contentType: string, extraHeaders: Record<string, string> = {}): Promise<AppResponse> {
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
      throw new Error('slack emulator: call connectApp({ url, signingSecret }) before driving the app');
    return this.core.app;
  }
}

/** Form-encodes an interactivity payload the way Slack does (`payload=<json>`). */
export function formPayload(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
