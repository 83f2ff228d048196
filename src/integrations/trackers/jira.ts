import { JIRA_PRIORITY, type TrackerIssueDraft } from '../../domain/tracker.js';
import { field, type HttpTracker, requestJson } from './http.js';
import type { TrackerIssue, TrackerPort, TrackerResult } from './ports.js';

export interface JiraOptions {
  url: string;
  email: string;
  token: string;
  issueType: string;
  fetchImpl?: typeof fetch;
}

interface JiraIssue {
  id: string;
  key: string;
  fields?: { status?: { statusCategory?: { key?: string } } };
}

/** Jira Cloud platform REST API v3 (test/fixtures/jira): issues, JQL search, transitions, user search. */
export function createJiraTracker(opts: JiraOptions): TrackerPort {
  const base = opts.url.replace(/\/+$/, '');
  const http: HttpTracker = {
    label: 'Jira',
    fetchImpl: opts.fetchImpl ?? fetch,
    headers: { authorization: `Basic ${Buffer.from(`${opts.email}:${opts.token}`).toString('base64')}` },
    secrets: [opts.token],
  };
  const api = (path: string) => `${base}/rest/api/3${path}`;
  const toIssue = (i: JiraIssue): TrackerIssue => ({
    id: String(i.id),
    key: i.key,
    url: `${base}/browse/${encodeURIComponent(i.key)}`,
    state: i.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open',
  });
  return {
    name: 'jira',
    label: 'Jira',
    async findByMarker(place, marker) {
      // The marker is also a label: an exact JQL match, not a fuzzy text search.
      return requestJson(
        http,
        api('/search/jql'),
        {
          method: 'POST',
          body: { jql: `project = "${place}" AND labels = "${marker}"`, fields: ['status'], maxResults: 1 },
        },
        (b) => {
          const [first] = field<JiraIssue[]>(b, 'issues');
          return first && toIssue(first);
        },
      );
    },
    async findUser(email) {
      return requestJson(http, `${api('/user/search')}?query=${encodeURIComponent(email)}`, { method: 'GET' }, (b) => {
        const users = b as { accountId?: string; accountType?: string; active?: boolean }[];
        return users.find((u) => u.accountId && u.active !== false && u.accountType !== 'app')?.accountId;
      });
    },
    async create(place, draft, assignee) {
      const created = await requestJson(
        http,
        api('/issue'),
        { method: 'POST', body: { fields: createFields(place, opts.issueType, draft, assignee) } },
        (b) => ({ id: field<string>(b, 'id'), key: field<string>(b, 'key') }),
      );
      if (!created.ok) return created;
      return { ok: true, value: toIssue({ ...created.value, fields: { status: { statusCategory: { key: 'new' } } } }) };
    },
    async update(_place, id, draft) {
      const { summary, description } = createFields('', opts.issueType, draft);
      return requestJson(
        http,
        api(`/issue/${encodeURIComponent(id)}`),
        { method: 'PUT', body: { fields: { summary, description } } },
        () => undefined,
      );
    },
    async close(_place, id) {
      const transitions = await requestJson(
        http,
        `${api(`/issue/${encodeURIComponent(id)}/transitions`)}`,
        { method: 'GET' },
        (b) => field<{ id: string; to?: { statusCategory?: { key?: string } } }[]>(b, 'transitions'),
      );
      if (!transitions.ok) return transitions;
      const done = transitions.value.find((t) => t.to?.statusCategory?.key === 'done');
      if (!done)
        return { ok: false, retryable: false, reason: 'Jira offers no transition to a done status for this issue' };
      return requestJson(
        http,
        api(`/issue/${encodeURIComponent(id)}/transitions`),
        { method: 'POST', body: { transition: { id: done.id } } },
        () => undefined,
      );
    },
    async read(_place, id): Promise<TrackerResult<TrackerIssue | undefined>> {
      const res = await requestJson(
        http,
        `${api(`/issue/${encodeURIComponent(id)}`)}?fields=status`,
        { method: 'GET' },
        (b) => toIssue(b as JiraIssue),
      );
      if (!res.ok && res.status === 404) return { ok: true, value: undefined };
      return res;
    },
  };
}

/** The create body's `fields`: summary, ADF description, labels (type, firebreak, the marker), priority, due date. */
function createFields(place: string, issueType: string, draft: TrackerIssueDraft, assignee?: string) {
  return {
    project: { key: place },
    issuetype: { name: issueType },
    summary: draft.title.replace(/[\r\n]+/g, ' '),
    description: {
      type: 'doc',
      version: 1,
      content: draft.lines.map((l) => ({
        type: 'paragraph',
        content: [
          { type: 'text', text: l.text, ...(l.href && { marks: [{ type: 'link', attrs: { href: l.href } }] }) },
        ],
      })),
    },
    labels: [...draft.labels, draft.marker],
    priority: { name: JIRA_PRIORITY[draft.priority] },
    duedate: draft.due,
    ...(assignee && { assignee: { accountId: assignee } }),
  };
}
