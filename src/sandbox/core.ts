/**
 * The emulator's shared internals: configuration, workspace state, registries and the logs tests inspect.
 * Web API handlers, the HTTP server and the Slack-side driver all receive this one object.
 */
import { FaultInjector } from './api/faults.js';
import { ResponseUrlRegistry } from './response-urls.js';
import { SocketTickets } from './socket/tickets.js';
import { TriggerRegistry } from './triggers.js';
import type { ApiCallRecord, ResponseUrlRecord, StoredMessage } from './types.js';
import { IdFactory, TsClock } from './workspace/ids.js';
import type { EmulatorConfig } from './workspace/seed.js';
import { Workspace } from './workspace/workspace.js';

/** Where Slack→app requests go. */
export interface AppConnection {
  url: string;
  signingSecret: string;
}

/** Shared emulator state. */
export class EmulatorCore {
  readonly ids = new IdFactory();
  readonly ws: Workspace;
  readonly triggers: TriggerRegistry;
  readonly responseUrls: ResponseUrlRegistry;
  readonly faults = new FaultInjector();
  readonly socketTickets = new SocketTickets();
  readonly calls: ApiCallRecord[] = [];
  readonly responses: ResponseUrlRecord[] = [];
  readonly violations: string[] = [];
  /** `http://127.0.0.1:PORT` once listening. */
  baseUrl = '';
  app: AppConnection | undefined;
  /** True when Slack→app traffic goes over Socket Mode instead of signed HTTP to {@link app}. */
  socketMode = false;
  /**
   * Called after the bot posts in a channel. Slack delivers an app's own messages to it as `message`
   * events (that is why Bolt has `ignoreSelf`); the emulator wires this to event delivery.
   */
  onBotMessage:
    | ((channel: { id: string; isPrivate: boolean; isIm?: boolean }, message: StoredMessage) => void)
    | undefined;

  constructor(readonly config: EmulatorConfig) {
    this.ws = new Workspace(config, this.ids, new TsClock(config.now));
    this.triggers = new TriggerRegistry(config.now);
    this.responseUrls = new ResponseUrlRegistry(config.now);
  }

  /** Emulator clock, ms. */
  now(): number {
    return this.config.now();
  }

  /**
   * Records a protocol violation by the bot. Also written to stderr so it is visible even when a test
   * forgets `assertNoViolations()` — a violation is a bug that would misbehave against real Slack.
   */
  violation(message: string): void {
    this.violations.push(message);
    process.stderr.write(`[slack-emulator] violation: ${message}\n`);
  }

  /** Display name of a user id, for transcripts and payloads. */
  userName(id: string): string {
    return this.ws.users.get(id)?.name ?? id;
  }

  /** Clears state and logs back to the seed. The app connection is kept. */
  reset(): void {
    this.ws.reset();
    this.triggers.clear();
    this.responseUrls.clear();
    this.faults.clear();
    this.calls.length = 0;
    this.responses.length = 0;
    this.violations.length = 0;
  }
}
