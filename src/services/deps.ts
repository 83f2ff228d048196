import type { ConfigFile } from '../config/file.js';
import type { Db } from '../db/client.js';
import type { PagingProviders } from '../integrations/paging/ports.js';
import type { StatuspagePort } from '../integrations/statuspage/ports.js';
import type { TrackerPorts } from '../integrations/trackers/ports.js';
import type { Logger } from '../observability/logger.js';
import type { ChatPort } from './ports.js';
import type { PostmortemWriterPort } from './postmortem/ports.js';
import type { RemediationDeps } from './remediation/ports.js';

/** What every service verb receives: the database, the workspace port, config, a clock and a logger. */
export interface ServiceDeps {
  db: Db;
  chat: ChatPort;
  config: ConfigFile;
  /** Injected so tests can move time (cadences, reminders, trigger expiry) without sleeping. */
  now: () => Date;
  logger: Logger;
  /** Analysis, proposals and execution; absent when `ai.mode` is off. */
  remediation?: RemediationDeps;
  /** Postmortem drafting by the LLM; absent without OPENAI_API_KEY (drafts are then deterministic). */
  postmortemWriter?: PostmortemWriterPort;
  /** PagerDuty / Opsgenie event APIs; absent (or partial) when `paging:` or the Opsgenie key is not configured. */
  paging?: PagingProviders;
  /** Atlassian Statuspage; absent unless `status_page.statuspage` and FIREBREAK_STATUSPAGE_API_KEY are set. */
  statuspage?: StatuspagePort;
  /** Jira / Linear / GitHub adapters for action items; absent or empty when `trackers:` configures none. */
  trackers?: TrackerPorts;
}
