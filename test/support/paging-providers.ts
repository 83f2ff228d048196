import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import nock from 'nock';

/**
 * PagerDuty Events API v2 and Opsgenie Alert API behind nock, every request body checked against
 * the providers' published descriptions (test/fixtures/*\/PROVENANCE.md): the schema, plus no
 * property the description does not define (the published schemas allow extra properties, which
 * would let a misspelt field through).
 */
export const PD_ORIGIN = 'https://events.pagerduty.test';
export const OG_ORIGIN = 'https://api.opsgenie.test';

const load = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));
const PD_DOC = load('pagerduty/events-v2.openapiv3.json');
const OG_DOC = load('opsgenie/paging-api.swagger.json');

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
// PagerDuty's description uses the non-standard format `url`.
ajv.addFormat('url', (s: string) => URL.canParse(s));
ajv.addSchema(PD_DOC, 'pagerduty');
ajv.addSchema(OG_DOC, 'opsgenie');

const PD_EVENT = '#/paths/~1enqueue/post/requestBody/content/application~1json/schema';
const validators = {
  pdEvent: ajv.compile({ $ref: `pagerduty${PD_EVENT}` }),
  ogCreate: ajv.compile({ $ref: 'opsgenie#/definitions/CreateAlertPayload' }),
  ogAck: ajv.compile({ $ref: 'opsgenie#/definitions/AcknowledgeAlertPayload' }),
  ogClose: ajv.compile({ $ref: 'opsgenie#/definitions/CloseAlertPayload' }),
  ogTeam: ajv.compile({ $ref: 'opsgenie#/definitions/TeamRecipient' }),
  ogOnCalls: ajv.compile({ $ref: 'opsgenie#/definitions/GetOnCallResponse' }),
  ogUser: ajv.compile({ $ref: 'opsgenie#/definitions/GetUserResponse' }),
};

type Json = Record<string, unknown>;

/** Property names a schema defines, following `$ref` and `allOf` within one document. */
function definedProperties(doc: Json, schema: Json): Set<string> {
  const names = new Set<string>();
  const visit = (s: Json | undefined): void => {
    if (!s) return;
    if (typeof s.$ref === 'string') {
      visit(pointer(doc, s.$ref));
      return;
    }
    for (const name of Object.keys((s.properties as Json) ?? {})) names.add(name);
    for (const part of (s.allOf as Json[]) ?? []) visit(part);
  };
  visit(schema);
  return names;
}

function pointer(doc: Json, ref: string): Json {
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((at, key) => at[key] as Json, doc);
}

function check(name: string, validate: ReturnType<typeof ajv.compile>, body: unknown, doc: Json, ref: string) {
  const problems: string[] = [];
  if (!validate(body)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const known = definedProperties(doc, pointer(doc, ref));
  for (const key of Object.keys(body as Json)) if (!known.has(key)) problems.push(`/${key} is not in the schema`);
  if (problems.length) throw new Error(`${name} body does not match the published schema: ${problems.join('; ')}`);
}

/** Throws unless the body is a valid Events API v2 event (and a trigger carries the required payload). */
export function assertPagerDutyEvent(body: Json): void {
  check('PagerDuty event', validators.pdEvent, body, PD_DOC, PD_EVENT);
  if (body.event_action === 'trigger') {
    if (!body.payload) throw new Error('a PagerDuty trigger needs a payload');
    const payload = body.payload as Json;
    const known = definedProperties(PD_DOC, pointer(PD_DOC, '#/components/schemas/Payload'));
    for (const key of Object.keys(payload)) if (!known.has(key)) throw new Error(`payload.${key} is not in the schema`);
  } else if (!body.dedup_key) throw new Error(`a PagerDuty ${String(body.event_action)} needs a dedup_key`);
}

/** Throws unless the body matches the Opsgenie operation of `kind`. */
export function assertOpsgenieBody(kind: 'create' | 'acknowledge' | 'close', body: Json): void {
  const ref = { create: 'CreateAlertPayload', acknowledge: 'AcknowledgeAlertPayload', close: 'CloseAlertPayload' }[
    kind
  ];
  const validate = { create: validators.ogCreate, acknowledge: validators.ogAck, close: validators.ogClose }[kind];
  check(`Opsgenie ${kind}`, validate, body, OG_DOC, `#/definitions/${ref}`);
  if (kind === 'create')
    for (const r of body.responders as Json[]) {
      if (r.type === 'team' && !validators.ogTeam(r)) throw new Error('responder is not a TeamRecipient');
      const known = new Set(['type', 'id', 'name', 'username']);
      for (const key of Object.keys(r)) if (!known.has(key)) throw new Error(`responder.${key} is not in the schema`);
    }
}

export interface Sent {
  provider: 'pagerduty' | 'opsgenie';
  /** PagerDuty event_action, or the Opsgenie operation. */
  action: string;
  /** dedup_key / alias */
  key: string;
  body: Json;
  headers: Record<string, string | string[] | undefined>;
  path: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * Both providers answering like the real ones (202 + their success bodies), recording every
 * request after validating it. `failNext` scripts answers (503, 429 + Retry-After, 400 refusals).
 * A body that does not match the published schema is answered 400 and recorded in `invalid`.
 */
export class FakePagers {
  /** Requests the provider accepted. */
  sent: Sent[] = [];
  /** Every valid request, accepted or answered with a scripted failure. */
  attempts: Sent[] = [];
  invalid: string[] = [];
  private scripted: Record<'pagerduty' | 'opsgenie', Reply[]> = { pagerduty: [], opsgenie: [] };

  install(): void {
    const self = this;
    nock(PD_ORIGIN)
      .persist()
      .post('/v2/enqueue')
      .reply(function (uri, body) {
        return self.answer('pagerduty', uri, body as Json, this.req.headers);
      });
    nock(OG_ORIGIN)
      .persist()
      .post(/^\/v2\/alerts/)
      .reply(function (uri, body) {
        return self.answer('opsgenie', uri, body as Json, this.req.headers);
      });
  }

  uninstall(): void {
    nock.cleanAll();
  }

  reset(): void {
    this.sent = [];
    this.attempts = [];
    this.invalid = [];
    this.scripted = { pagerduty: [], opsgenie: [] };
  }

  /** The next `times` requests to `provider` get this answer instead of success. */
  failNext(provider: 'pagerduty' | 'opsgenie', reply: Reply, times = 1): void {
    for (let i = 0; i < times; i++) this.scripted[provider].push(reply);
  }

  of(provider: 'pagerduty' | 'opsgenie', action?: string): Sent[] {
    return this.sent.filter((s) => s.provider === provider && (!action || s.action === action));
  }

  private answer(
    provider: 'pagerduty' | 'opsgenie',
    uri: string,
    body: Json,
    headers: Record<string, string | string[] | undefined>,
  ): [number, unknown, Record<string, string>?] {
    const path = new URL(uri, 'http://x').pathname;
    const action = provider === 'pagerduty' ? String(body.event_action) : opsgenieAction(path);
    const key =
      provider === 'pagerduty'
        ? String(body.dedup_key)
        : action === 'create'
          ? String(body.alias)
          : decodeURIComponent(path.split('/')[3] ?? '');
    try {
      if (provider === 'pagerduty') assertPagerDutyEvent(body);
      else assertOpsgenieBody(action as 'create', body);
    } catch (err) {
      this.invalid.push((err as Error).message);
      return [400, { status: 'invalid event', message: (err as Error).message }];
    }
    const request = { provider, action, key, body, headers, path: uri };
    this.attempts.push(request);
    const scripted = this.scripted[provider].shift();
    if (scripted) return [scripted.status, scripted.body ?? {}, scripted.headers ?? {}];
    this.sent.push(request);
    return provider === 'pagerduty'
      ? [202, { status: 'success', message: 'Event processed', dedup_key: body.dedup_key }]
      : [202, { result: 'Request will be processed', took: 0.01, requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120' }];
  }
}

function opsgenieAction(path: string): string {
  if (path === '/v2/alerts') return 'create';
  if (path.endsWith('/acknowledge')) return 'acknowledge';
  if (path.endsWith('/close')) return 'close';
  return `unknown ${path}`;
}

/**
 * Opsgenie's who-is-on-call and user APIs behind nock: query parameters checked against the
 * published operations, answers validated against their response schemas.
 */
export class FakeOpsgenieDirectory {
  /** Schedule name → on-call usernames (emails). */
  schedules: Record<string, string[]> = {};
  /** Opsgenie usernames (emails). */
  users: string[] = [];
  calls: { path: string; query: Record<string, string> }[] = [];
  invalid: string[] = [];
  private scripted: Reply[] = [];

  install(): void {
    const self = this;
    nock(OG_ORIGIN)
      .persist()
      .get(/^\/v2\/(schedules|users)\//)
      .reply(function (uri) {
        return self.answer(uri, this.req.headers);
      });
  }

  reset(): void {
    this.schedules = {};
    this.users = [];
    this.calls = [];
    this.invalid = [];
    this.scripted = [];
  }

  failNext(reply: Reply, times = 1): void {
    for (let i = 0; i < times; i++) this.scripted.push(reply);
  }

  private answer(uri: string, headers: Record<string, string | string[] | undefined>): [number, unknown] {
    const url = new URL(uri, OG_ORIGIN);
    const query = Object.fromEntries(url.searchParams);
    const [, , kind, rawId, tail] = url.pathname.split('/');
    const id = decodeURIComponent(rawId ?? '');
    const op =
      kind === 'schedules' && tail === 'on-calls'
        ? '/v2/schedules/{identifier}/on-calls'
        : kind === 'users' && !tail
          ? '/v2/users/{identifier}'
          : undefined;
    const problems: string[] = [];
    if (!op) problems.push(`GET ${url.pathname} is not an operation we expect`);
    else {
      const params = ((OG_DOC.paths[op].get.parameters as Json[]) ?? []).map((p) =>
        p.$ref ? pointer(OG_DOC, p.$ref as string) : p,
      );
      const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of Object.keys(query))
        if (!known.has(name)) problems.push(`${op}: query ${name} is not in the API`);
      if (query.scheduleIdentifierType && !['id', 'name'].includes(query.scheduleIdentifierType))
        problems.push(`${op}: scheduleIdentifierType must be id or name`);
    }
    if (headers.authorization !== `GenieKey ${OG_TEST_KEY}`) problems.push('Authorization is not "GenieKey …"');
    if (problems.length) {
      this.invalid.push(...problems);
      return [422, { message: problems.join('; '), took: 0, requestId: 'r' }];
    }
    this.calls.push({ path: url.pathname, query });
    const scripted = this.scripted.shift();
    if (scripted) return [scripted.status, scripted.body ?? {}];
    const base = { took: 0.01, requestId: '9ae63dd7-ed00-4c81-86f0-c4ffd33142c9' };
    const status = 200;
    let answer: Json;
    if (kind === 'schedules') {
      const recipients = this.schedules[id];
      if (!recipients) return [404, { message: 'Schedule not found', ...base }];
      answer = { ...base, data: { _parent: { id: 's-1', name: id, enabled: true }, onCallRecipients: recipients } };
    } else {
      if (!this.users.includes(id)) return [404, { message: `No user exists with username [${id}]`, ...base }];
      answer = { ...base, expandable: ['contact'], data: { id: 'u-1', username: id, fullName: id.split('@')[0] } };
    }
    const validate = kind === 'schedules' ? validators.ogOnCalls : validators.ogUser;
    if (!validate(answer)) {
      this.invalid.push(`the fake's answer is not Opsgenie's shape: ${ajv.errorsText(validate.errors)}`);
      return [500, {}];
    }
    return [status, answer];
  }
}

/** The Opsgenie key the paging tests configure (FakeOpsgenieDirectory checks it). */
export const OG_TEST_KEY = 'og-key-5ecret-0000-0000-0000-000000000003';
