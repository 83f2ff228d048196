import type { TrackersConfig } from '../../config/trackers.js';
import { createGitHubTracker } from './github.js';
import { createJiraTracker } from './jira.js';
import { createLinearTracker } from './linear.js';
import type { TrackerPorts } from './ports.js';

/** One adapter per tracker configured under `trackers:` (credentials already interpolated from `${ENV}`). */
export function createTrackers(config: TrackersConfig, fetchImpl?: typeof fetch): TrackerPorts {
  const f = fetchImpl && { fetchImpl };
  return {
    ...(config.jira && {
      jira: createJiraTracker({
        url: config.jira.url,
        email: config.jira.email,
        token: config.jira.token,
        issueType: config.jira.issue_type,
        ...f,
      }),
    }),
    ...(config.linear && {
      linear: createLinearTracker({ apiUrl: config.linear.api_url, token: config.linear.token, ...f }),
    }),
    ...(config.github && {
      github: createGitHubTracker({ apiUrl: config.github.api_url, token: config.github.token, ...f }),
    }),
  };
}
