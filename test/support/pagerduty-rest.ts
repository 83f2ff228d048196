import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import nock from 'nock';

/**
 * PagerDuty's REST API behind nock, checked against its published description
 * (test/fixtures/pagerduty/rest-paging.openapiv3.json): every request's path, query parameters,
 * headers and body, and every answer this fake gives, so neither side can drift from PagerDuty's shapes.
 */
export const PD_API_ORIGIN = 'https://api.pagerduty.test';
export const PD_TOKEN = 'u+PDTOKEN5ecret000000000000000000004';

type Json = Record<string, unknown>;
const DOC = JSON.parse(
  readFileSync(new URL('../fixtures/pagerduty/rest-paging.openapiv3.json', import.meta.url), 'utf8'),
) as Json;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
// PagerDuty's own formats for time zone names, which the paging answers never carry.
for (const format of ['activesupport-time-zone', 'tzinfo']) ajv.addFormat(format, () => true);
ajv.addSchema(DOC, 'rest');

type Op = { path: string; method: 'get' | 'post' | 'put' };
const OPS = {
  service: { path: '/services/{id}', method: 'get' },
  oncalls: { path: '/oncalls', method: 'get' },
  users: { path: '/users', method: 'get' },
  incidents: { path: '/incidents', method: 'get' },
  createIncident: { path: '/incidents', method: 'post' },
  updateIncident: { path: '/incidents/{id}', method: 'put' },
} satisfies Record<string, Op>;
type OpName = keyof typeof OPS;

const esc = (p: string) => p.replace(/~/g, '~0').replace(/\//g, '~1');
const opRef = (op: Op) => `rest#/paths/${esc(op.path)}/${op.method}`;
const resolve = (ref: string): Json =>
  ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((at, key) => at[key] as Json, DOC);

/** The operation's parameters by name (`escalation_policy_ids[]`, `From`, …), `$ref`s resolved. */
function parameters(op: Op): Json[] {
  const operation = ((DOC.paths as Json)[op.path] as Json)[op.method] as Json;
  return ((operation.parameters as Json[]) ?? []).map((p) => (p.$ref ? resolve(p.$ref as string) : p));
}

const bodyValidators: Partial<Record<OpName, ReturnType<typeof ajv.compile>>> = {
  createIncident: ajv.compile({ $ref: `${opRef(OPS.createIncident)}/requestBody/content/application~1json/schema` }),
  updateIncident: ajv.compile({ $ref: `${opRef(OPS.updateIncident)}/requestBody/content/application~1json/schema` }),
};
const answerValidators = Object.fromEntries(
  Object.entries(OPS).map(([name, op]) => {
    const code = op.method === 'post' ? '201' : '200';
    return [name, ajv.compile({ $ref: `${opRef(op as Op)}/responses/${code}/content/application~1json/schema` })];
  }),
) as Record<OpName, ReturnType<typeof ajv.compile>>;

export interface PdUser {
  id: string;
  name: string;
  email: string;
}
export interface RestCall {
  op: OpName;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body?: Json;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A PagerDuty account: services with escalation policies, who is on call for each, users and incidents. */
export class FakePagerDutyRest {
  calls: RestCall[] = [];
  invalid: string[] = [];
  services: Record<string, string> = {};
  oncalls: Record<string, { level: number; user: PdUser }[]> = {};
  users: PdUser[] = [];
  incidents: { id: string; key: string; status: string; assignee: string; service: string; title: string }[] = [];
  private scripted: Partial<Record<OpName, Reply[]>> = {};

  install(): void {
    const self = this;
    const route = (method: 'get' | 'post' | 'put', path: RegExp) =>
      nock(PD_API_ORIGIN)
        .persist()
        .intercept(path, method.toUpperCase())
        .reply(function (uri, body) {
          return self.answer(method, uri, (body || undefined) as Json | undefined, this.req.headers);
        });
    route('get', /^\/(services|oncalls|users|incidents)/);
    route('post', /^\/incidents/);
    route('put', /^\/incidents\//);
  }

  reset(): void {
    this.calls = [];
    this.invalid = [];
    this.services = {};
    this.oncalls = {};
    this.users = [];
    this.incidents = [];
    this.scripted = {};
  }

  failNext(op: OpName, reply: Reply, times = 1): void {
    const queue = this.scripted[op] ?? [];
    for (let i = 0; i < times; i++) queue.push(reply);
    this.scripted[op] = queue;
  }

  of(op: OpName): RestCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  private answer(
    method: 'get' | 'post' | 'put',
    uri: string,
    body: Json | undefined,
    headers: Record<string, string | string[] | undefined>,
  ): [number, unknown, Record<string, string>?] {
    const url = new URL(uri, PD_API_ORIGIN);
    const path = url.pathname;
    const op = opOf(method, path);
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = key.endsWith('[]') ? all : all[0]!;
    }
    const problems = op
      ? check(op, query, headers, body)
      : [`${method.toUpperCase()} ${path} is not an operation we expect`];
    if (problems.length) {
      this.invalid.push(...problems);
      return [400, { error: { message: 'Invalid Input Provided', code: 2001, errors: problems } }];
    }
    this.calls.push({ op: op!, path, query, headers, ...(body && { body }) });
    const scripted = this.scripted[op!]?.shift();
    if (scripted) return [scripted.status, scripted.body ?? {}, scripted.headers ?? {}];
    const [status, answer] = this.reply(op!, path, query, body);
    if (status < 300 && !answerValidators[op!](answer)) {
      this.invalid.push(
        `the fake's ${op} answer is not PagerDuty's shape: ${ajv.errorsText(answerValidators[op!].errors)}`,
      );
      return [500, {}];
    }
    return [status, answer];
  }

  private reply(op: OpName, path: string, query: Json, body: Json | undefined): [number, unknown] {
    const id = decodeURIComponent(path.split('/')[2] ?? '');
    const page = { limit: 25, offset: 0, more: false, total: null };
    switch (op) {
      case 'service': {
        const policy = this.services[id];
        if (!policy) return [404, { error: { message: 'Not Found', code: 2100 } }];
        return [
          200,
          { service: { id, type: 'service', name: id, escalation_policy: ref(policy, 'escalation_policy_reference') } },
        ];
      }
      case 'oncalls': {
        const policies = query['escalation_policy_ids[]'] as string[];
        const oncalls = policies.flatMap((p) =>
          (this.oncalls[p] ?? []).map((o) => ({
            escalation_policy: ref(p, 'escalation_policy_reference'),
            escalation_level: o.level,
            // include[]=users expands the reference into the user (PagerDuty's own answer has the email).
            user: { ...ref(o.user.id, 'user_reference'), summary: o.user.name, name: o.user.name, email: o.user.email },
            start: '2026-11-23T00:00:00Z',
            end: '2026-11-30T00:00:00Z',
          })),
        );
        return [200, { ...page, oncalls }];
      }
      case 'users': {
        const q = String(query.query ?? '').toLowerCase();
        const users = this.users
          .filter((u) => u.email.toLowerCase().startsWith(q) || u.name.toLowerCase().startsWith(q))
          .map((u) => ({ ...ref(u.id, 'user'), name: u.name, email: u.email }));
        return [200, { ...page, users }];
      }
      case 'incidents': {
        const found = this.incidents.filter((i) => i.key === query.incident_key).map((i) => incidentObject(i));
        return [200, { ...page, incidents: found }];
      }
      case 'createIncident': {
        const incident = body!.incident as Json;
        const key = String(incident.incident_key);
        const service = (incident.service as Json).id as string;
        if (this.incidents.some((i) => i.key === key && i.service === service && i.status !== 'resolved'))
          return [
            400,
            {
              error: {
                message: 'Invalid Input Provided',
                code: 2001,
                errors: ['Open incident with matching dedup key already exists on this service'],
              },
            },
          ];
        const assignee = ((incident.assignments as Json[])[0]!.assignee as Json).id as string;
        const row = {
          id: `PINC${this.incidents.length + 1}`,
          key,
          status: 'triggered',
          assignee,
          service,
          title: String(incident.title),
        };
        this.incidents.push(row);
        return [201, { incident: incidentObject(row) }];
      }
      case 'updateIncident': {
        const row = this.incidents.find((i) => i.id === id);
        if (!row) return [404, { error: { message: 'Not Found', code: 2100 } }];
        row.status = String((body!.incident as Json).status);
        return [200, { incident: incidentObject(row) }];
      }
    }
    return [500, {}];
  }
}

const ref = (id: string, type: string) => ({ id, type, summary: id, self: `${PD_API_ORIGIN}/x/${id}`, html_url: null });

function incidentObject(i: FakePagerDutyRest['incidents'][number]): Json {
  return {
    id: i.id,
    type: 'incident',
    title: i.title,
    status: i.status,
    incident_key: i.key,
    service: ref(i.service, 'service_reference'),
    assignments: [{ at: '2026-11-23T03:00:00Z', assignee: ref(i.assignee, 'user_reference') }],
  };
}

function opOf(method: string, path: string): OpName | undefined {
  if (method === 'get' && /^\/services\/[^/]+$/.test(path)) return 'service';
  if (method === 'get' && path === '/oncalls') return 'oncalls';
  if (method === 'get' && path === '/users') return 'users';
  if (method === 'get' && path === '/incidents') return 'incidents';
  if (method === 'post' && path === '/incidents') return 'createIncident';
  if (method === 'put' && /^\/incidents\/[^/]+$/.test(path)) return 'updateIncident';
  return undefined;
}

/** The request against the operation's published parameters (query and header) and body schema. */
function check(op: OpName, query: Record<string, unknown>, headers: Json, body: Json | undefined): string[] {
  const problems: string[] = [];
  const params = parameters(OPS[op]);
  const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name as string));
  for (const name of Object.keys(query))
    if (!known.has(name)) problems.push(`${op}: query parameter ${name} is not in the API`);
  for (const p of params.filter((x) => x.in === 'header' && x.required)) {
    const value = headers[(p.name as string).toLowerCase()];
    if (!value) problems.push(`${op}: header ${p.name} is required`);
  }
  if (headers.accept !== 'application/vnd.pagerduty+json;version=2') problems.push(`${op}: Accept is not the v2 type`);
  if (headers.authorization !== `Token token=${PD_TOKEN}`) problems.push(`${op}: Authorization is not "Token token=…"`);
  const validate = bodyValidators[op];
  if (validate) {
    if (!validate(body)) problems.push(`${op}: ${ajv.errorsText(validate.errors)}`);
    const incident = (body?.incident ?? {}) as Json;
    const schema = resolveSchema(op);
    for (const key of Object.keys(incident))
      if (!(key in schema)) problems.push(`${op}: incident.${key} is not in the schema`);
  } else if (body && Object.keys(body).length) problems.push(`${op}: a GET has no body`);
  return problems;
}

function resolveSchema(op: OpName): Json {
  const o: Op = OPS[op];
  const operation = ((DOC.paths as Json)[o.path] as Json)[o.method] as Json;
  const schema = (((operation.requestBody as Json).content as Json)['application/json'] as Json).schema as Json;
  return ((schema.properties as Json).incident as Json).properties as Json;
}
