/**
 * What tests and the demo see of the emulator's Socket Mode side: copies of the envelope log, connection
 * counts, and the two waits that replace sleeps (connected, refresh).
 */
import type { EnvelopeRecord, SocketModeServer } from './server.js';

/** Read-only view of the emulator's Socket Mode side, plus the refresh Slack performs every few hours. */
export interface SocketModeView {
  /** Every envelope sent since the last reset, with its ack (copies). */
  readonly envelopes: EnvelopeRecord[];
  /** WebSocket connections the app has opened so far. */
  readonly connectionsOpened: number;
  /** Open connections that still receive envelopes. */
  readonly liveConnections: number;
  /** Envelopes sent and not yet acknowledged. */
  readonly inFlight: number;
  /** Resolves once the app has a live connection (it said hello). */
  connected(): Promise<void>;
  /** Sends `disconnect` (`refresh_requested`); resolves once the app has reconnected with a new URL. */
  refresh(): Promise<void>;
}

/** The view over a running server. */
export function socketModeView(socket: SocketModeServer): SocketModeView {
  return {
    get envelopes() {
      return structuredClone(socket.envelopes);
    },
    get connectionsOpened() {
      return socket.connectionsOpened;
    },
    get liveConnections() {
      return socket.liveConnections;
    },
    get inFlight() {
      return socket.inFlight;
    },
    connected: () => socket.connected(),
    refresh: () => socket.refresh(),
  };
}
