import { z } from 'zod';
import { Duration } from './duration.js';

export const TRACKER_NAMES = ['jira', 'linear', 'github'] as const;
export type TrackerName = (typeof TRACKER_NAMES)[number];

const Secret = (what: string) => z.string().trim().min(1, `must be ${what}; write it as "\${ENV_NAME}"`);
const JiraProject = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as OPS');
const LinearTeam = z.string().regex(/^[A-Z0-9][A-Z0-9_]{0,6}$/i, 'must be a Linear team key such as OPS');
const GitHubRepo = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, such as example/ops');

/** Jira Cloud REST v3, authenticated as `email` with an API token (Basic). */
const Jira = z.strictObject({
  url: z.url({ message: 'must be a URL such as https://example.atlassian.net' }),
  project: JiraProject,
  issue_type: z.string().min(1).default('Task'),
  email: Secret('the email of the account the API token belongs to'),
  token: Secret('a Jira API token'),
  /** Shared secret of the Jira webhook (X-Hub-Signature); unset: Jira webhooks are refused, polling still runs. */
  webhook_secret: Secret('the Jira webhook secret').optional(),
});

const Linear = z.strictObject({
  team: LinearTeam,
  token: Secret('a Linear API key'),
  api_url: z.url({ message: 'must be a URL' }).default('https://api.linear.app/graphql'),
  webhook_secret: Secret('the Linear webhook signing secret').optional(),
});

const GitHub = z.strictObject({
  repo: GitHubRepo,
  token: Secret('a GitHub token'),
  api_url: z.url({ message: 'must be a URL' }).default('https://api.github.com'),
  webhook_secret: Secret('the GitHub webhook secret').optional(),
});

/** `trackers:` — where action items are also created (README "Action items in Jira, Linear or GitHub"). */
export const Trackers = z.strictObject({
  default: z.enum([...TRACKER_NAMES, 'none']).default('none'),
  jira: Jira.optional(),
  linear: Linear.optional(),
  github: GitHub.optional(),
  /** How often open items are read back from their tracker: the safety net under the webhooks. */
  poll_every: Duration.refine((ms) => ms >= 60_000, { message: 'must be at least 1m' }).default(15 * 60_000),
});
export type TrackersConfig = z.infer<typeof Trackers>;

/** A service's own tracker place: `{ jira: { project: PAY } }`, `{ linear: { team: PAY } }`, `{ github: { repo: o/r } }` or `none`. */
export const ServiceTracker = z.union([
  z.literal('none'),
  z
    .strictObject({
      jira: z.strictObject({ project: JiraProject }).optional(),
      linear: z.strictObject({ team: LinearTeam }).optional(),
      github: z.strictObject({ repo: GitHubRepo }).optional(),
    })
    .refine((t) => Object.keys(t).length === 1, { message: 'must name exactly one of jira, linear, github' }),
]);
export type ServiceTracker = z.infer<typeof ServiceTracker>;

/** A tracker named (as default or by a service) must have its credentials under `trackers:`. */
export function checkTrackers(
  trackers: TrackersConfig,
  services: { name: string; tracker?: ServiceTracker | undefined }[],
): string[] {
  const problems: string[] = [];
  if (trackers.default !== 'none' && !trackers[trackers.default])
    problems.push(`trackers.default is ${trackers.default}, but trackers.${trackers.default} is not configured`);
  for (const s of services) {
    if (!s.tracker || s.tracker === 'none') continue;
    const name = Object.keys(s.tracker)[0] as TrackerName;
    if (!trackers[name])
      problems.push(`service ${s.name} uses ${name} as its tracker, but trackers.${name} is not configured`);
  }
  return problems;
}
