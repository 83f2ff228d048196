import { draftMarkdown, type TrackerIssueDraft } from '../../domain/tracker.js';
import { field, type HttpTracker, inertMarkdown, requestJson } from './http.js';
import type { TrackerIssue, TrackerPort, TrackerResult } from './ports.js';

export interface GitHubOptions {
  /** https://api.github.com, or GitHub Enterprise Server's https://HOST/api/v3 */
  apiUrl: string;
  token: string;
  fetchImpl?: typeof fetch;
}

interface GitHubIssue {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  pull_request?: unknown;
}

// Newest Firebreak issues read when looking for a marker: a crash leaves at most the last few uncertain.
const MARKER_PAGE = 100;

/** GitHub REST (test/fixtures/github): issues in one repository, closed with `state: closed`. */
export function createGitHubTracker(opts: GitHubOptions): TrackerPort {
  const base = opts.apiUrl.replace(/\/+$/, '');
  const http: HttpTracker = {
    label: 'GitHub',
    fetchImpl: opts.fetchImpl ?? fetch,
    headers: {
      authorization: `Bearer ${opts.token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'firebreak',
    },
    secrets: [opts.token],
  };
  const repoPath = (place: string) => `${base}/repos/${place.split('/').map(encodeURIComponent).join('/')}`;
  // Issue numbers repeat across repositories: the id carries the repository (as the webhook does).
  const toIssue = (place: string, i: GitHubIssue): TrackerIssue => ({
    id: githubIssueId(place, i.number),
    key: `#${i.number}`,
    url: i.html_url,
    state: i.state === 'closed' ? 'closed' : 'open',
  });
  return {
    name: 'github',
    label: 'GitHub',
    async findByMarker(place, marker) {
      // Listing is consistent at once; the search API's index lags, and a lag here would mean a duplicate.
      const url = `${repoPath(place)}/issues?labels=firebreak&state=all&sort=created&direction=desc&per_page=${MARKER_PAGE}`;
      return requestJson(http, url, { method: 'GET' }, (b) => {
        const found = (b as GitHubIssue[]).find((i) => !i.pull_request && i.body?.includes(marker));
        return found && toIssue(place, found);
      });
    },
    async findUser(email) {
      // Only a public email is searchable; otherwise the owner is named in the text.
      const q = encodeURIComponent(`${email} in:email type:user`);
      return requestJson(
        http,
        `${base}/search/users?q=${q}&per_page=1`,
        { method: 'GET' },
        (b) => field<{ login: string }[]>(b, 'items')[0]?.login,
      );
    },
    async create(place, draft, assignee) {
      return requestJson(
        http,
        `${repoPath(place)}/issues`,
        { method: 'POST', body: createBody(draft, assignee) },
        (b) => toIssue(place, b as GitHubIssue),
      );
    },
    async update(place, id, draft) {
      const { title, body } = createBody(draft);
      return requestJson(
        http,
        `${repoPath(place)}/issues/${numberOf(id)}`,
        { method: 'PATCH', body: { title, body } },
        () => undefined,
      );
    },
    async close(place, id) {
      return requestJson(
        http,
        `${repoPath(place)}/issues/${numberOf(id)}`,
        { method: 'PATCH', body: { state: 'closed', state_reason: 'completed' } },
        () => undefined,
      );
    },
    async read(place, id): Promise<TrackerResult<TrackerIssue | undefined>> {
      const res = await requestJson(http, `${repoPath(place)}/issues/${numberOf(id)}`, { method: 'GET' }, (b) =>
        toIssue(place, b as GitHubIssue),
      );
      if (!res.ok && (res.status === 404 || res.status === 410)) return { ok: true, value: undefined };
      return res;
    },
  };
}

/** `owner/repo#12`, lower-cased: GitHub's names are case-insensitive. */
export const githubIssueId = (repo: string, number: number): string => `${repo.toLowerCase()}#${number}`;
const numberOf = (id: string): string => encodeURIComponent(id.slice(id.lastIndexOf('#') + 1));

function createBody(draft: TrackerIssueDraft, assignee?: string) {
  // The description and the incident title are people's text: kept inert (no @mentions, no links).
  const lines = draft.lines.map((l) => ({ ...l, text: inertMarkdown(l.text) }));
  return {
    title: draft.title,
    body: draftMarkdown({ ...draft, lines }),
    labels: [...draft.labels, draft.priority],
    ...(assignee && { assignees: [assignee] }),
  };
}
