/**
 * The Web API pipeline for one call: record → method lookup → auth → required args → injected faults →
 * handler → final check that the error (if any) is one Slack documents for the method.
 */
import type { EmulatorCore } from '../core.js';
import { isAllowedError, missingArgumentError, requiredArgs } from '../specs.js';
import type { ApiCallRecord } from '../types.js';
import { EmulatorBugError, MethodContext, SlackApiError } from './method.js';
import { METHODS } from './methods/index.js';

/** What the HTTP layer sends back. */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Inputs of one Web API call. */
export interface ApiRequest {
  method: string;
  args: Record<string, unknown>;
  /** Value of the Authorization header, if any. */
  authorization?: string;
  /** Set when the body could not be parsed. */
  parseError?: string;
}

/** Absent, as opposed to present-but-empty: Slack answers `''` with the argument's own error (e.g. invalid_name_required). */
function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Runs one Web API call against the emulator and records it in `core.calls`. */
export function dispatch(core: EmulatorCore, request: ApiRequest): ApiAnswer {
  const { token, ...args } = request.args;
  const record: ApiCallRecord = { method: request.method, args, at: core.now(), ok: false };
  core.calls.push(record);
  const answer = run(core, request, token);
  const error = answer.body.error;
  if (typeof error === 'string' && METHODS.has(request.method) && !isAllowedError(request.method, error)) {
    // Never reached unless the emulator itself is wrong; surfaced loudly because it would make tests lie.
    core.violation(`[emulator bug] ${request.method} answered undocumented error "${error}"`);
    answer.body = { ok: false, error: 'internal_error' };
  }
  record.ok = answer.body.ok === true;
  if (!record.ok) record.error = answer.status === 500 ? 'http_500' : String(answer.body.error);
  return answer;
}

function run(core: EmulatorCore, request: ApiRequest, bodyToken: unknown): ApiAnswer {
  const { method, args } = request;
  const reply = (body: Record<string, unknown>, status = 200, headers: Record<string, string> = {}): ApiAnswer => ({
    status,
    headers,
    body,
  });
  const definition = METHODS.get(method);
  if (!definition) {
    core.violation(`called unknown or unemulated method ${method}`);
    return reply({ ok: false, error: 'unknown_method' });
  }
  if (request.parseError) {
    core.violation(`${method}: unparseable request body (${request.parseError})`);
    return reply({ ok: false, error: 'invalid_form_data' });
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(request.authorization ?? '')?.[1];
  const token = bearer ?? (typeof bodyToken === 'string' ? bodyToken : undefined);
  if (!token) return reply({ ok: false, error: 'not_authed' });
  // Slack keeps the two kinds apart: an app-level token cannot post, a bot token cannot open a socket.
  const expected = definition.token === 'app' ? core.config.appToken : core.config.botToken;
  if (token !== expected) return reply({ ok: false, error: 'invalid_auth' });

  const missing = requiredArgs(method).filter((name) => isMissing(args[name]));
  if (missing.length > 0) {
    core.violation(`${method}: missing required argument(s) ${missing.join(', ')}`);
    return reply({
      ok: false,
      error: missingArgumentError(method),
      response_metadata: { messages: missing.map((name) => `[ERROR] missing required field: ${name}`) },
    });
  }

  const fault = core.faults.take(method);
  if (fault?.kind === 'ratelimit') {
    return reply({ ok: false, error: 'ratelimited' }, 429, { 'Retry-After': String(fault.retryAfterSeconds) });
  }
  if (fault?.kind === 'error') return reply({ ok: false, error: fault.error });
  // Slack's own outage: an HTTP 500 without the Web API's `error` (so no method's error list applies).
  if (fault?.kind === 'server_error' && !fault.afterWork) return reply({ ok: false }, 500);

  try {
    const result = definition.handle(new MethodContext(definition, args, core));
    // The work is done, but the answer is lost on the way back.
    if (fault?.kind === 'server_error') return reply({ ok: false }, 500);
    return reply({ ok: true, ...result });
  } catch (error) {
    if (error instanceof SlackApiError) return reply({ ...error.extra, ok: false, error: error.code });
    const what = error instanceof EmulatorBugError ? error.message : ((error as Error)?.stack ?? String(error));
    core.violation(`[emulator bug] ${method} crashed: ${what}`);
    return reply({ ok: false, error: 'internal_error' });
  }
}
