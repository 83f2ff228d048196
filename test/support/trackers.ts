import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { buildSchema, execute, parse, validate } from 'graphql';
import nock from 'nock';

/**
 * Jira Cloud, GitHub and Linear behind nock, keeping issues in memory like the real ones, every
 * request checked against the published descriptions (test/fixtures/{jira,github,linear}/PROVENANCE.md):
 * JSON bodies with ajv (plus no property the schema does not define), GraphQL documents with
 * graphql-js `validate` against Linear's schema and the variables coerced against it.
 */
export const JIRA_ORIGIN = 'https://example.atlassian.test';
export const GITHUB_ORIGIN = 'https://api.github.test';
export const LINEAR_ORIGIN = 'https://api.linear.test';

type Json = Record<string, unknown>;
type Tracker = 'jira' | 'github' | 'linear';
const load = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
/** ajv refuses OpenAPI's `nullable` beside `allOf`/`$ref` without a `type`; there it only allows null, which we never send. */
function withoutTypelessNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutTypelessNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node))
    if (!(k === 'nullable' && !('type' in node))) out[k] = withoutTypelessNullable(v);
  return out;
}
const JIRA = withoutTypelessNullable(JSON.parse(load('jira/platform-v3.extract.json'))) as Json;
const GITHUB = withoutTypelessNullable(JSON.parse(load('github/issues.extract.json'))) as Json;
const LINEAR = buildSchema(load('linear/schema.graphql'));

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(JIRA, 'jira');
ajv.addSchema(GITHUB, 'github');

const body = (doc: string, path: string, method: string) =>
  `${doc}#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/requestBody/content/application~1json/schema`;
const checks = {
  jiraCreate: body('jira', '/rest/api/3/issue', 'post'),
  jiraSearch: body('jira', '/rest/api/3/search/jql', 'post'),
  jiraEdit: body('jira', '/rest/api/3/issue/{issueIdOrKey}', 'put'),
  jiraTransition: body('jira', '/rest/api/3/issue/{issueIdOrKey}/transitions', 'post'),
  githubCreate: body('github', '/repos/{owner}/{repo}/issues', 'post'),
  githubUpdate: body('github', '/repos/{owner}/{repo}/issues/{issue_number}', 'patch'),
};
const validators = Object.fromEntries(Object.entries(checks).map(([k, ref]) => [k, ajv.compile({ $ref: ref })]));

export function checkJson(name: keyof typeof checks, value: unknown): void {
  const v = validators[name]!;
  if (!v(value))
    throw new Error(`${name}: ${(v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
}

/** A GraphQL request valid against Linear's schema, variables included; returns the operation name. */
export function checkLinear(request: { query: string; variables?: Json }): string {
  const document = parse(request.query);
  const errors = validate(LINEAR, document);
  if (errors.length) throw new Error(`Linear document: ${errors.map((e) => e.message).join('; ')}`);
  // Coercion of the variables happens before execution; with no resolvers, only its errors come back without data.
  const result = execute({ schema: LINEAR, document, variableValues: request.variables ?? {} }) as {
    data?: unknown;
    errors?: { message: string }[];
  };
  if (result.data === undefined && result.errors?.length)
    throw new Error(`Linear variables: ${result.errors.map((e) => e.message).join('; ')}`);
  const op = document.definitions[0] as { name?: { value: string } };
  return op.name?.value ?? '';
}

export interface FakeIssue {
  id: string;
  key: string;
  number: number;
  repo?: string;
  title: string;
  body: string;
  labels: string[];
  assignee?: string;
  state: 'open' | 'closed';
  request: Json;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
/** `createdThenFail`: the tracker creates the issue, then the answer is lost (a crash or a cut connection). */
type Script = Reply | { createdThenFail: Reply };

export class FakeTrackers {
  issues: Record<Tracker, FakeIssue[]> = { jira: [], github: [], linear: [] };
  /** `tracker method path` (or the GraphQL operation) of every request, in order. */
  calls: string[] = [];
  invalid: string[] = [];
  users: Record<string, string> = { 'alice@example.com': 'alice', 'bob@example.com': 'bob' };
  /** How long each answer takes: concurrency tests widen the window in which two replicas could both act. */
  latencyMs = 0;
  private scripted: Record<Tracker, Script[]> = { jira: [], github: [], linear: [] };

  install(): void {
    const origins: [Tracker, string, string[]][] = [
      ['jira', JIRA_ORIGIN, ['GET', 'POST', 'PUT']],
      ['github', GITHUB_ORIGIN, ['GET', 'POST', 'PATCH']],
      ['linear', LINEAR_ORIGIN, ['POST']],
    ];
    for (const [tracker, origin, methods] of origins)
      for (const method of methods)
        nock(origin)
          .persist()
          .intercept(/.*/, method)
          .reply((uri, b, callback) => {
            const answer = this.answer(tracker, method, uri, b as Json);
            setTimeout(() => callback(null, answer as [number, string]), this.latencyMs);
          });
  }

  reset(): void {
    this.latencyMs = 0;
    this.issues = { jira: [], github: [], linear: [] };
    this.calls = [];
    this.invalid = [];
    this.scripted = { jira: [], github: [], linear: [] };
  }

  /** The next `times` requests to `tracker` get this answer. */
  failNext(tracker: Tracker, reply: Script, times = 1): void {
    for (let i = 0; i < times; i++) this.scripted[tracker].push(reply);
  }

  creates(tracker: Tracker): string[] {
    return this.calls.filter((c) => c.startsWith(`${tracker} `) && /create/.test(c));
  }

  private answer(tracker: Tracker, method: string, uri: string, b: Json): [number, unknown, Record<string, string>?] {
    const url = new URL(uri, 'http://x');
    let route: string;
    try {
      route = this.route(tracker, method, url, b);
    } catch (err) {
      this.invalid.push((err as Error).message);
      return [400, { errorMessages: [(err as Error).message] }];
    }
    this.calls.push(`${tracker} ${route}`);
    const scripted = this.scripted[tracker].shift();
    if (scripted && 'createdThenFail' in scripted) {
      this.handle(tracker, route, url, b);
      return [scripted.createdThenFail.status, scripted.createdThenFail.body ?? {}];
    }
    if (scripted) return [scripted.status, scripted.body ?? {}, scripted.headers ?? {}];
    return this.handle(tracker, route, url, b);
  }

  /** Names the operation, validating the request against the published description. */
  private route(tracker: Tracker, method: string, url: URL, b: Json): string {
    const p = url.pathname;
    if (tracker === 'linear') return checkLinear(b as { query: string; variables?: Json });
    if (tracker === 'jira') {
      if (method === 'POST' && p === '/rest/api/3/issue') {
        checkJson('jiraCreate', b);
        return 'create';
      }
      if (method === 'POST' && p === '/rest/api/3/search/jql') {
        checkJson('jiraSearch', b);
        return 'search';
      }
      if (method === 'GET' && p === '/rest/api/3/user/search') return 'user';
      if (/\/transitions$/.test(p)) {
        if (method === 'GET') return 'transitions';
        checkJson('jiraTransition', b);
        return 'transition';
      }
      if (method === 'GET' && /^\/rest\/api\/3\/issue\/[^/]+$/.test(p)) return 'read';
      if (method === 'PUT' && /^\/rest\/api\/3\/issue\/[^/]+$/.test(p)) {
        checkJson('jiraEdit', b);
        return 'edit';
      }
      throw new Error(`jira: no such operation ${method} ${p}`);
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(p)) {
      checkJson('githubCreate', b);
      return 'create';
    }
    if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(p)) return 'list';
    if (method === 'PATCH' && /\/issues\/\d+$/.test(p)) {
      checkJson('githubUpdate', b);
      return 'update';
    }
    if (method === 'GET' && /\/issues\/\d+$/.test(p)) return 'read';
    if (method === 'GET' && p === '/search/users') return 'user';
    throw new Error(`github: no such operation ${method} ${p}`);
  }

  private handle(tracker: Tracker, route: string, url: URL, b: Json): [number, unknown] {
    return tracker === 'jira'
      ? this.jira(route, url, b)
      : tracker === 'github'
        ? this.github(route, url, b)
        : this.linear(route, b);
  }

  private jira(route: string, url: URL, b: Json): [number, unknown] {
    const list = this.issues.jira;
    const find = () => list.find((i) => i.id === decodeURIComponent(url.pathname.split('/')[5] ?? ''));
    const shape = (i: FakeIssue) => ({
      id: i.id,
      key: i.key,
      fields: { status: { statusCategory: { key: i.state === 'closed' ? 'done' : 'new' } } },
    });
    switch (route) {
      case 'create': {
        const f = b.fields as Json;
        const n = list.length + 1;
        const issue: FakeIssue = {
          id: String(10000 + n),
          key: `${(f.project as Json).key}-${n}`,
          number: n,
          title: String(f.summary),
          body: JSON.stringify(f.description),
          labels: f.labels as string[],
          state: 'open',
          request: b,
          ...(f.assignee ? { assignee: String((f.assignee as Json).accountId) } : {}),
        };
        list.push(issue);
        return [201, { id: issue.id, key: issue.key, self: `${JIRA_ORIGIN}/rest/api/3/issue/${issue.id}` }];
      }
      case 'search': {
        const marker = /labels = "([^"]+)"/.exec(String(b.jql))?.[1];
        return [200, { issues: list.filter((i) => marker && i.labels.includes(marker)).map(shape), isLast: true }];
      }
      case 'user': {
        const login = this.users[url.searchParams.get('query') ?? ''];
        return [200, login ? [{ accountId: `acc-${login}`, accountType: 'atlassian', active: true }] : []];
      }
      case 'edit': {
        const issue = find();
        if (!issue) return [404, { errorMessages: ['Issue does not exist'] }];
        const f = b.fields as Json;
        issue.title = String(f.summary);
        issue.body = JSON.stringify(f.description);
        return [204, ''];
      }
      case 'transitions':
        return find()
          ? [
              200,
              {
                transitions: [
                  { id: '11', to: { statusCategory: { key: 'indeterminate' } } },
                  { id: '31', to: { statusCategory: { key: 'done' } } },
                ],
              },
            ]
          : [404, { errorMessages: ['Issue does not exist'] }];
      case 'transition': {
        const issue = find();
        if (!issue) return [404, { errorMessages: ['Issue does not exist'] }];
        if ((b.transition as Json).id === '31') issue.state = 'closed';
        return [204, ''];
      }
      default: {
        const issue = find();
        return issue ? [200, shape(issue)] : [404, { errorMessages: ['Issue does not exist'] }];
      }
    }
  }

  private github(route: string, url: URL, b: Json): [number, unknown] {
    const list = this.issues.github;
    const repo = url.pathname.split('/').slice(2, 4).join('/');
    const shape = (i: FakeIssue) => ({
      number: i.number,
      html_url: `https://github.test/${i.repo}/issues/${i.number}`,
      state: i.state,
      body: i.body,
      title: i.title,
    });
    const find = () => list.find((i) => i.repo === repo && i.number === Number(url.pathname.split('/')[5]));
    switch (route) {
      case 'create': {
        const n = list.filter((i) => i.repo === repo).length + 1;
        const issue: FakeIssue = {
          id: String(n),
          key: `#${n}`,
          number: n,
          repo,
          title: String(b.title),
          body: String(b.body),
          labels: b.labels as string[],
          state: 'open',
          request: b,
          ...(b.assignees ? { assignee: (b.assignees as string[])[0] } : {}),
        };
        list.push(issue);
        return [201, shape(issue)];
      }
      case 'list':
        return [
          200,
          list
            .filter((i) => i.repo === repo && i.labels.includes(url.searchParams.get('labels') ?? ''))
            .reverse()
            .map(shape),
        ];
      case 'user': {
        const email = (url.searchParams.get('q') ?? '').split(' ')[0]!;
        const login = this.users[email];
        return [200, { total_count: login ? 1 : 0, incomplete_results: false, items: login ? [{ login }] : [] }];
      }
      case 'update': {
        const issue = find();
        if (!issue) return [404, { message: 'Not Found' }];
        if (b.state === 'closed') issue.state = 'closed';
        if (typeof b.body === 'string') issue.body = b.body;
        return [200, shape(issue)];
      }
      default: {
        const issue = find();
        return issue ? [200, shape(issue)] : [404, { message: 'Not Found' }];
      }
    }
  }

  private linear(op: string, b: Json): [number, unknown] {
    const v = (b.variables ?? {}) as Json;
    const list = this.issues.linear;
    const shape = (i: FakeIssue) => ({
      id: i.id,
      identifier: i.key,
      url: `https://linear.test/issue/${i.key}`,
      state: { type: i.state === 'closed' ? 'completed' : 'unstarted' },
    });
    switch (op) {
      case 'FirebreakTeam':
        return [200, { data: { teams: { nodes: v.key === 'OPS' ? [{ id: 'team-ops' }] : [] } } }];
      case 'FirebreakUser': {
        const login = this.users[String(v.email)];
        return [200, { data: { users: { nodes: login ? [{ id: `user-${login}` }] : [] } } }];
      }
      case 'FirebreakLabels':
        return [200, { data: { issueLabels: { nodes: [{ id: 'label-firebreak', name: 'firebreak' }] } } }];
      case 'FirebreakLabel':
        return [
          200,
          { data: { issueLabelCreate: { success: true, issueLabel: { id: `label-${(v.input as Json).name}` } } } },
        ];
      case 'FirebreakFind': {
        const found = list.filter((i) => i.body.includes(String(v.marker)));
        return [200, { data: { issues: { nodes: found.map(shape) } } }];
      }
      case 'FirebreakCreate': {
        const input = v.input as Json;
        if (list.some((i) => i.id === input.id))
          return [200, { errors: [{ message: 'duplicate id', extensions: { code: 'INVALID_INPUT' } }] }];
        const n = list.length + 1;
        const issue: FakeIssue = {
          id: String(input.id),
          key: `OPS-${n}`,
          number: n,
          title: String(input.title),
          body: String(input.description),
          labels: input.labelIds as string[],
          state: 'open',
          request: input,
          ...(input.assigneeId ? { assignee: String(input.assigneeId) } : {}),
        };
        list.push(issue);
        return [200, { data: { issueCreate: { success: true, issue: shape(issue) } } }];
      }
      case 'FirebreakDone':
        return [200, { data: { workflowStates: { nodes: [{ id: 'state-done' }] } } }];
      case 'FirebreakClose': {
        const issue = list.find((i) => i.id === v.id);
        if (!issue)
          return [200, { errors: [{ message: 'Entity not found: Issue', extensions: { code: 'INVALID_INPUT' } }] }];
        if ((v.input as Json).stateId === 'state-done') issue.state = 'closed';
        return [200, { data: { issueUpdate: { success: true } } }];
      }
      case 'FirebreakDescribe': {
        const issue = list.find((i) => i.id === v.id);
        if (!issue) return [200, { errors: [{ message: 'Entity not found: Issue' }] }];
        issue.body = String((v.input as Json).description);
        return [200, { data: { issueUpdate: { success: true } } }];
      }
      case 'FirebreakIssue': {
        const issue = list.find((i) => i.id === v.id);
        return issue
          ? [200, { data: { issue: shape(issue) } }]
          : [200, { errors: [{ message: 'Entity not found: Issue' }] }];
      }
      default:
        throw new Error(`linear: unknown operation ${op}`);
    }
  }
}
