/**
 * The real Firebreak pointed at a Slack emulator: the demo, the bench and the tests all start it
 * this way, so "wired exactly as `npm start` would be, except that Slack is local" means one thing.
 */
import { parseEnv } from '../config/env.js';
import { parseConfigText } from '../config/load.js';
import { type Firebreak, type FirebreakOptions, startFirebreak } from '../firebreak.js';
import type { SlackEmulator } from './emulator.js';

export interface AppOnEmulatorOptions extends Omit<FirebreakOptions, 'config'> {
  /** `firebreak.yml` text, and what to call it in errors and logs. */
  configText: string;
  source: string;
  signingSecret: string;
  /** More environment (FIREBREAK_DATA_DIR, DATABASE_URL, tokens…); PORT defaults to any free port. */
  env?: Record<string, string | undefined>;
  /**
   * Send the emulator's Slack→app requests to this app (default). A second replica says false. With
   * SLACK_APP_TOKEN in `env` the app runs in Socket Mode: it connects itself, and the emulator delivers
   * over the socket instead of signed HTTP (no signing secret is given to the app then: it needs none).
   */
  connect?: boolean;
}

export async function startFirebreakOn(emulator: SlackEmulator, opts: AppOnEmulatorOptions): Promise<Firebreak> {
  const { configText, source, signingSecret, env, connect = true, ...rest } = opts;
  const socketMode = Boolean(env?.SLACK_APP_TOKEN);
  const parsed = parseEnv({
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: socketMode ? undefined : signingSecret,
    SLACK_API_URL: emulator.apiUrl,
    PORT: '0',
    ...env,
  });
  const app = await startFirebreak({
    ...rest,
    config: { env: parsed, file: parseConfigText(configText, source, env), source },
  });
  if (connect && socketMode) emulator.useSocketMode();
  else if (connect) emulator.connectApp({ url: `${app.url}/slack/events`, signingSecret });
  return app;
}
