import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import nock from 'nock';

/**
 * Atlassian Statuspage's incidents API behind nock, every request body checked against Statuspage's
 * published OpenAPI description (test/fixtures/statuspage/PROVENANCE.md): the schema, plus no property
 * the description does not define, plus each component status from the description's enum (it
 * describes the component map with one example key).
 */
export const SP_ORIGIN = 'https://api.statuspage.test';
export const SP_KEY = 'sp-key-5ecret-0000-0000-0000-000000000004';

/** The status page configuration of the tests: two public services, one not; Statuspage when asked. */
export function statusConfig(opts: { statuspage: boolean }): string {
  return `
timezone: UTC
channels: { broadcast: CINCIDENTS }
services:
  - { name: payments, risk: critical, team: payments, public: { component: "Payments API" } }
  - { name: search, risk: medium, team: discovery, public: { component: "Search" } }
  - { name: analytics, risk: low, team: data }
status_page:
  title: "Acme status"
  links: { Support: "https://acme.example/support" }
${
  opts.statuspage
    ? `  statuspage: { page_id: pg123, components: { payments: cmppay, search: cmpsearch }, api_url: "${SP_ORIGIN}" }
`
    : ''
}`;
}

const DOC = JSON.parse(
  readFileSync(new URL('../fixtures/statuspage/incidents.openapiv3.json', import.meta.url), 'utf8'),
) as Json;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(DOC, 'statuspage');
const validators = {
  post: ajv.compile({ $ref: 'statuspage#/components/schemas/postPagesPageIdIncidents' }),
  patch: ajv.compile({ $ref: 'statuspage#/components/schemas/patchPagesPageIdIncidents' }),
};

type Json = Record<string, unknown>;
export interface SpRequest {
  method: 'POST' | 'PATCH' | 'GET';
  path: string;
  body: Json | undefined;
  authorization: string | undefined;
}
type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | { error: string };

function check(kind: 'post' | 'patch', body: Json): string[] {
  const schemaName = kind === 'post' ? 'postPagesPageIdIncidents' : 'patchPagesPageIdIncidents';
  const schema = (DOC.components as Json).schemas as Record<string, Json>;
  const problems: string[] = [];
  const validate = validators[kind];
  if (!validate(body)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const top = schema[schemaName]!.properties as Record<string, Json>;
  for (const key of Object.keys(body)) if (!top[key]) problems.push(`/${key} is not in the schema`);
  const incidentProps = top.incident!.properties as Record<string, Json>;
  const incident = (body.incident ?? {}) as Json;
  for (const key of Object.keys(incident))
    if (!incidentProps[key]) problems.push(`/incident/${key} is not in the schema`);
  const example = Object.values((incidentProps.components!.properties ?? {}) as Record<string, Json>)[0]!;
  for (const [id, status] of Object.entries((incident.components ?? {}) as Json))
    if (!(example.enum as unknown[]).includes(status))
      problems.push(`/incident/components/${id} ${String(status)} is not a status`);
  return problems;
}

/** A Statuspage page: creates incidents, updates them, lists the unresolved ones; failures scripted. */
export class FakeStatuspage {
  requests: SpRequest[] = [];
  invalid: string[] = [];
  incidents = new Map<string, Json>();
  private script: Scripted[] = [];
  private scope: nock.Scope | undefined;
  private seq = 0;

  constructor(readonly pageId: string) {}

  install(): void {
    const base = `/v1/pages/${this.pageId}/incidents`;
    this.scope = nock(SP_ORIGIN)
      .persist()
      .post(base)
      .reply(async function (this: nock.ReplyFnContext, _uri, body) {
        return self.answer('POST', base, body as Json, this.req.headers.authorization as string | undefined);
      })
      .patch(new RegExp(`^${base}/[a-z0-9]+$`))
      .reply(async function (this: nock.ReplyFnContext, uri, body) {
        return self.answer('PATCH', uri, body as Json, this.req.headers.authorization as string | undefined);
      })
      .get(`${base}/unresolved`)
      .reply(async function (this: nock.ReplyFnContext, uri) {
        return self.answer('GET', uri, undefined, this.req.headers.authorization as string | undefined);
      });
    const self = this;
  }

  uninstall(): void {
    this.scope?.persist(false);
    nock.cleanAll();
  }

  reset(): void {
    this.requests = [];
    this.invalid = [];
    this.incidents.clear();
    this.script = [];
  }

  /** The next `times` requests get this answer (an HTTP status, or a network error) instead. */
  failNext(answer: Scripted, times = 1): void {
    for (let i = 0; i < times; i++) this.script.push(answer);
  }

  of(method: SpRequest['method']): SpRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  private answer(method: SpRequest['method'], path: string, body: Json | undefined, authorization: string | undefined) {
    this.requests.push({ method, path, body, authorization });
    if (method !== 'GET') {
      const problems = check(method === 'POST' ? 'post' : 'patch', body ?? {});
      if (problems.length) this.invalid.push(`${method} ${path}: ${problems.join('; ')}`);
    }
    const scripted = this.script.shift();
    if (scripted && 'error' in scripted) throw Object.assign(new Error(scripted.error), { code: 'ECONNRESET' });
    if (scripted) return [scripted.status, scripted.body ?? { error: 'scripted failure' }, scripted.headers ?? {}];
    if (method === 'GET') return [200, [...this.incidents.values()].filter((i) => i.status !== 'resolved')];
    const incident = (body?.incident ?? {}) as Json;
    if (method === 'POST') {
      const id = `spinc${++this.seq}`;
      const created = { id, page_id: this.pageId, ...incident };
      this.incidents.set(id, created);
      return [201, created];
    }
    const id = path.split('/').at(-1)!;
    const existing = this.incidents.get(id);
    if (!existing) return [404, { error: 'The requested resource could not be found.' }];
    const updated = { ...existing, ...incident };
    this.incidents.set(id, updated);
    return [200, updated];
  }
}
