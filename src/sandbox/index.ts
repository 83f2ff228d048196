/**
 * Firebreak's Slack sandbox: a local Slack Web API emulator plus a Slack-side driver that sends signed
 * requests (or Socket Mode envelopes) to the app. Used by `npm run demo`, integration tests and local
 * development without a workspace.
 */
export type { SendEventOptions } from './driver/events.js';
export type { SignatureHeaders, VerifyInput } from './driver/signing.js';
export { signSlackRequest, verifySlackSignature } from './driver/signing.js';
export type { PreparedRequest } from './driver/transport.js';
export type { InputValue } from './driver/view-state.js';
export { SlackEmulator, startSlackEmulator } from './emulator.js';
export type { EmulatorState } from './emulator-state.js';
export type { Envelope, EnvelopeRecord, EnvelopeType } from './socket/server.js';
export type { SocketModeView } from './socket/view.js';
export { GENERIC_ERRORS } from './specs.js';
export type {
  ApiCallRecord,
  AppResponse,
  ChannelSnapshot,
  EmulatorChannelSeed,
  EmulatorOptions,
  EmulatorUser,
  ResponseUrlRecord,
  StoredFile,
  StoredMessage,
  StoredView,
} from './types.js';
