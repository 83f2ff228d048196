/**
 * Slack's side of Socket Mode. The app asks apps.connections.open for a one-time URL, opens a WebSocket
 * there and gets `hello`; Slack then pushes envelopes (`slash_commands`, `interactive`, `events_api`) that
 * the app must acknowledge by `envelope_id` within 3 seconds, with a response payload where the envelope
 * accepts one (a slash command's ephemeral reply, a view submission's response_action). An unacknowledged
 * envelope is a violation; events are redelivered with `retry_attempt`/`retry_reason`, as Slack does.
 * `refresh()` sends `disconnect` (`refresh_requested`), after which the client must reconnect with a new URL.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { EmulatorCore } from '../core.js';
import { ACK_DEADLINE_MS } from '../driver/transport.js';
import type { AppResponse } from '../types.js';

/** Slack redelivers an unacknowledged event up to three times. */
const MAX_EVENT_RETRIES = 3;
/** How long an event waits for the app to be connected (it is reconnecting) before it is given up. */
const EVENT_QUEUE_MS = 30_000;

/** The envelope types Slack sends over Socket Mode. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** One envelope as sent on the wire. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** An envelope the emulator sent, and what became of it. */
export interface EnvelopeRecord {
  envelope: Envelope;
  /** The connection it went out on (1 = the first the app opened). */
  connection: number;
  acked: boolean;
  /** The ack's `payload`, when the app sent one. */
  ackPayload?: Record<string, unknown>;
}

interface Pending {
  record: EnvelopeRecord;
  timer: NodeJS.Timeout;
  started: number;
  settle: (response: AppResponse) => void;
}

interface Connection {
  id: number;
  ws: WebSocket;
  /** Set once `disconnect` was sent: nothing more is delivered here. */
  draining: boolean;
}

/** What {@link SocketModeServer.deliver} needs to build an envelope. */
export interface Delivery {
  type: EnvelopeType;
  payload: Record<string, unknown>;
  acceptsResponsePayload: boolean;
  retryAttempt?: number;
  retryReason?: string;
}

/** The WebSocket endpoint (`/link/`) of the emulator, on the emulator's HTTP server. */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<number, Connection>();
  private readonly pending = new Map<string, Pending>();
  /** Envelopes whose deadline passed: a late ack is dropped by Slack, not an unknown id. */
  private readonly expired = new Set<string>();
  private readonly helloWaiters: (() => void)[] = [];
  private opened = 0;
  /** Every envelope sent since the last reset, in order. */
  readonly envelopes: EnvelopeRecord[] = [];

  constructor(
    private readonly core: EmulatorCore,
    server: Server,
  ) {
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Connections the app has opened so far (refreshes included). */
  get connectionsOpened(): number {
    return this.opened;
  }

  /** Connections open now that still receive envelopes. */
  get liveConnections(): number {
    return [...this.connections.values()].filter((c) => !c.draining && c.ws.readyState === WebSocket.OPEN).length;
  }

  /** Envelopes sent and not yet acknowledged (nor given up). */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one envelope and resolves with the app's ack: status 200 and the ack payload as the body (empty
   * when there is none), or status 0 when Slack would have given up (no ack within 3 s, after the retries
   * for events).
   */
  async deliver(d: Delivery): Promise<AppResponse> {
    const started = performance.now();
    const connection = await this.liveConnection(d.type);
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type: d.type,
      payload: d.payload,
      accepts_response_payload: d.acceptsResponsePayload,
      ...(d.type === 'events_api' && { retry_attempt: d.retryAttempt ?? 0, retry_reason: d.retryReason ?? '' }),
    };
    const record: EnvelopeRecord = { envelope, connection: connection.id, acked: false };
    this.envelopes.push(record);
    return new Promise<AppResponse>((resolve) => {
      const timer = setTimeout(() => this.missedDeadline(envelope, d, resolve), ACK_DEADLINE_MS);
      this.pending.set(envelope.envelope_id, { record, timer, started, settle: resolve });
      connection.ws.send(JSON.stringify(envelope));
    });
  }

  /**
   * Slack's routine refresh: `disconnect` with reason `refresh_requested` on every open connection. Resolves
   * once the app has opened a new connection and received its `hello`.
   */
  refresh(): Promise<void> {
    const reconnected = this.nextHello();
    for (const c of this.connections.values()) {
      c.draining = true;
      c.ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: this.debugInfo() }));
    }
    return reconnected;
  }

  /** Resolves when a connection says hello after this call (or at once if one is already live). */
  connected(): Promise<void> {
    return this.liveConnections > 0 ? Promise.resolve() : this.nextHello();
  }

  /** Forgets the envelope log (connections stay). */
  reset(): void {
    this.envelopes.length = 0;
    this.expired.clear();
  }

  /** Drops every connection at once (no close handshake), for shutdown. */
  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const c of this.connections.values()) c.ws.terminate();
    this.connections.clear();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (!/^\/link\/?$/.test(url.pathname) || !this.core.socketTickets.redeem(url.searchParams.get('ticket'))) {
      // Slack's URLs are single-use: reconnecting means calling apps.connections.open again.
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.opened += 1;
    const connection: Connection = { id: this.opened, ws, draining: false };
    this.connections.set(connection.id, connection);
    ws.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
    ws.on('close', () => this.connections.delete(connection.id));
    ws.on('error', () => this.connections.delete(connection.id));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.liveConnections,
        debug_info: { ...this.debugInfo(), approximate_connection_time: 18060 },
        connection_info: { app_id: this.core.config.appId },
      }),
    );
    for (const wake of this.helloWaiters.splice(0)) wake();
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : data.toString();
    let message: unknown;
    try {
      message = text === undefined ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    const ack = message as { envelope_id?: unknown; payload?: unknown } | undefined;
    if (typeof ack !== 'object' || ack === null || typeof ack.envelope_id !== 'string') {
      this.core.violation(`Socket Mode: connection ${connection.id} sent something that is not an ack: ${text}`);
      return;
    }
    const pending = this.pending.get(ack.envelope_id);
    if (!pending) {
      if (this.expired.has(ack.envelope_id)) return; // Late: Slack has moved on; already a violation.
      const again = this.envelopes.some((r) => r.envelope.envelope_id === ack.envelope_id);
      this.core.violation(`Socket Mode: ${again ? 'second ack' : 'ack of unknown envelope'} ${ack.envelope_id}`);
      return;
    }
    this.settle(pending, ack.payload);
  }

  private settle(p: Pending, payload: unknown): void {
    clearTimeout(p.timer);
    const { envelope } = p.record;
    this.pending.delete(envelope.envelope_id);
    const body = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
    const hasBody = Object.keys(body).length > 0;
    if (hasBody && !envelope.accepts_response_payload) {
      this.core.violation(`Socket Mode: ack of a ${envelope.type} envelope carries a payload Slack ignores`);
    }
    p.record.acked = true;
    if (hasBody) p.record.ackPayload = body;
    p.settle({
      status: 200,
      body: hasBody ? JSON.stringify(body) : '',
      json: hasBody ? body : undefined,
      elapsedMs: performance.now() - p.started,
    });
  }

  private missedDeadline(envelope: Envelope, d: Delivery, resolve: (r: AppResponse) => void): void {
    const p = this.pending.get(envelope.envelope_id);
    if (!p) return;
    this.pending.delete(envelope.envelope_id);
    this.expired.add(envelope.envelope_id);
    this.core.violation(
      `Socket Mode: ${envelope.type} envelope ${envelope.envelope_id} not acknowledged within 3 s (Slack gives up)`,
    );
    const attempt = envelope.retry_attempt ?? 0;
    if (envelope.type === 'events_api' && attempt < MAX_EVENT_RETRIES) {
      // Same payload and event_id, a new envelope: the app must recognise the redelivery by event_id.
      this.deliver({ ...d, retryAttempt: attempt + 1, retryReason: 'timeout' }).then(resolve, () =>
        resolve({ status: 0, body: '', elapsedMs: performance.now() - p.started }),
      );
      return;
    }
    resolve({ status: 0, body: '', elapsedMs: performance.now() - p.started });
  }

  private async liveConnection(type: EnvelopeType): Promise<Connection> {
    const pick = () =>
      [...this.connections.values()].reverse().find((c) => !c.draining && c.ws.readyState === WebSocket.OPEN);
    let connection = pick();
    if (!connection && type === 'events_api') {
      // Slack holds events while the app reconnects (a refresh), then delivers them.
      await Promise.race([this.nextHello(), new Promise((resolve) => setTimeout(resolve, EVENT_QUEUE_MS).unref())]);
      connection = pick();
    }
    if (!connection) {
      // What the user sees in Slack when a command or click reaches an app with no socket open.
      throw new Error(`slack emulator: no Socket Mode connection to deliver ${type} to (Slack: dispatch_failed)`);
    }
    return connection;
  }

  private nextHello(): Promise<void> {
    return new Promise((resolve) => this.helloWaiters.push(resolve));
  }

  private debugInfo(): Record<string, unknown> {
    return { host: 'applink-emulator', build_number: 1 };
  }
}
