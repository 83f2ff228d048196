import { ConfigError, type Env } from '../../config/env.js';
import type { ConfigFile } from '../../config/file.js';
import { createStatuspageClient } from './client.js';
import type { StatuspagePort } from './ports.js';

/**
 * The Statuspage adapter when `status_page.statuspage` is configured; start-up stops without the
 * API key, since every publication would otherwise fail.
 */
export function createStatuspage(args: {
  env: Env;
  file: ConfigFile;
  fetchImpl?: typeof fetch;
  /** Tests shorten Statuspage's 1 request per second and the retry pauses. */
  pace?: { intervalMs?: number; sleep?: (ms: number) => Promise<void> };
}): StatuspagePort | undefined {
  const settings = args.file.status_page?.statuspage;
  if (!settings) return undefined;
  const apiKey = args.env.FIREBREAK_STATUSPAGE_API_KEY;
  if (!apiKey) throw new ConfigError('FIREBREAK_STATUSPAGE_API_KEY is required: status_page.statuspage is configured');
  return createStatuspageClient({
    apiKey,
    pageId: settings.page_id,
    apiUrl: settings.api_url,
    ...(args.fetchImpl && { fetchImpl: args.fetchImpl }),
    ...(args.pace?.intervalMs !== undefined && { intervalMs: args.pace.intervalMs }),
    ...(args.pace?.sleep && { sleep: args.pace.sleep }),
  });
}
