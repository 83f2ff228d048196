import { draftMarkdown, LINEAR_PRIORITY, trackerMarker } from '../../domain/tracker.js';
import { type HttpTracker, inertMarkdown, requestJson } from './http.js';
import { LINEAR_QUERIES as Q } from './linear-queries.js';
import type { TrackerIssue, TrackerPort, TrackerResult } from './ports.js';

export interface LinearOptions {
  apiUrl: string;
  token: string;
  fetchImpl?: typeof fetch;
}

interface LinearIssue {
  id: string;
  identifier: string;
  url: string;
  state?: { type?: string } | null;
}

type Gql<T> = TrackerResult<T>;

/** Linear's GraphQL API (test/fixtures/linear/schema.graphql): team by key, issues, labels, workflow states. */
export function createLinearTracker(opts: LinearOptions): TrackerPort {
  const http: HttpTracker = {
    label: 'Linear',
    fetchImpl: opts.fetchImpl ?? fetch,
    // Personal API keys go as they are; OAuth tokens would be "Bearer …".
    headers: { authorization: opts.token },
    secrets: [opts.token],
  };
  const teams = new Map<string, string>();

  // biome-ignore lint/suspicious/noExplicitAny: GraphQL data is read by each query, checked by the tests against the schema
  async function gql<T>(query: string, variables: Record<string, unknown>, read: (data: any) => T): Promise<Gql<T>> {
    const res = await requestJson(http, opts.apiUrl, { method: 'POST', body: { query, variables } }, (b) => b);
    if (!res.ok) return res;
    const body = res.value as { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] };
    if (body?.errors?.length) {
      const first = body.errors[0]!;
      const code = first.extensions?.code ?? '';
      const reason = `Linear refused: ${String(first.message ?? code).slice(0, 200)}`;
      return {
        ok: false,
        retryable: code === 'RATELIMITED',
        reason,
        ...(/not found/i.test(reason) && { status: 404 }),
      };
    }
    try {
      return { ok: true, value: read(body?.data) };
    } catch (err) {
      return { ok: false, retryable: true, reason: `Linear answered something unexpected (${(err as Error).message})` };
    }
  }

  async function teamId(key: string): Promise<Gql<string>> {
    const known = teams.get(key);
    if (known) return { ok: true, value: known };
    const res = await gql(Q.team, { key }, (d) => d.teams.nodes[0]?.id as string | undefined);
    if (!res.ok) return res;
    if (!res.value) return { ok: false, retryable: false, reason: `Linear has no team with the key ${key}` };
    teams.set(key, res.value);
    return { ok: true, value: res.value };
  }

  async function labelIds(team: string, names: string[]): Promise<Gql<string[]>> {
    const found = await gql(Q.labels, { names }, (d) => d.issueLabels.nodes as { id: string; name: string }[]);
    if (!found.ok) return found;
    const ids = found.value.filter((l) => names.includes(l.name)).map((l) => l.id);
    for (const name of names.filter((n) => !found.value.some((l) => l.name === n))) {
      const made = await gql(Q.createLabel, { input: { name, teamId: team } }, (d) => d.issueLabelCreate.issueLabel.id);
      if (!made.ok) return made;
      ids.push(made.value as string);
    }
    return { ok: true, value: ids };
  }

  const toIssue = (i: LinearIssue): TrackerIssue => ({
    id: i.id,
    key: i.identifier,
    url: i.url,
    state: i.state?.type === 'completed' || i.state?.type === 'canceled' ? 'closed' : 'open',
  });

  return {
    name: 'linear',
    label: 'Linear',
    async findByMarker(place, marker) {
      const team = await teamId(place);
      if (!team.ok) return team;
      return gql(Q.findByMarker, { teamId: team.value, marker }, (d) => {
        const first = d.issues.nodes[0] as LinearIssue | undefined;
        return first && toIssue(first);
      });
    },
    async findUser(email) {
      return gql(Q.user, { email }, (d) => d.users.nodes[0]?.id as string | undefined);
    },
    async create(place, draft, assignee) {
      const team = await teamId(place);
      if (!team.ok) return team;
      const labels = await labelIds(team.value, draft.labels);
      if (!labels.ok) return labels;
      const lines = draft.lines.map((l) => ({ ...l, text: inertMarkdown(l.text) }));
      const input = {
        // Our own id: a second create of the same item is refused by Linear, never a duplicate.
        id: draft.marker.slice(trackerMarker('').length),
        teamId: team.value,
        title: draft.title,
        description: draftMarkdown({ ...draft, lines }),
        priority: LINEAR_PRIORITY[draft.priority],
        dueDate: draft.due,
        labelIds: labels.value,
        ...(assignee && { assigneeId: assignee }),
      };
      return gql(Q.create, { input }, (d) => toIssue(d.issueCreate.issue));
    },
    async update(_place, id, draft) {
      const lines = draft.lines.map((l) => ({ ...l, text: inertMarkdown(l.text) }));
      const input = { title: draft.title, description: draftMarkdown({ ...draft, lines }) };
      return gql(Q.describe, { id, input }, () => undefined);
    },
    async close(place, id) {
      const team = await teamId(place);
      if (!team.ok) return team;
      const state = await gql(Q.completedState, { teamId: team.value }, (d) => d.workflowStates.nodes[0]?.id);
      if (!state.ok) return state;
      if (!state.value) return { ok: false, retryable: false, reason: `Linear team ${place} has no completed state` };
      return gql(Q.update, { id, input: { stateId: state.value } }, () => undefined);
    },
    async read(_place, id) {
      const res = await gql(Q.issue, { id }, (d) => (d.issue ? toIssue(d.issue) : undefined));
      if (!res.ok && res.status === 404) return { ok: true, value: undefined };
      return res;
    },
  };
}
