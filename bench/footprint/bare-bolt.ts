/**
 * The floor: a Bolt app with Bolt's default HTTP receiver that only acks commands and clicks, as its own
 * process like Firebreak. Started by the bench with SLACK_SIGNING_SECRET, SLACK_API_URL, PORT and the
 * emulator's bot identity (so Bolt never calls auth.test inside a request).
 */
import { App, LogLevel } from '@slack/bolt';

const env = process.env;
const app = new App({
  token: env.SLACK_BOT_TOKEN ?? '',
  signingSecret: env.SLACK_SIGNING_SECRET ?? '',
  botId: env.BENCH_BOT_ID ?? '',
  botUserId: env.BENCH_BOT_USER_ID ?? '',
  clientOptions: { slackApiUrl: env.SLACK_API_URL ?? '' },
  logLevel: LogLevel.ERROR,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('ok') }],
});
app.command(/.*/, async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(env.PORT));
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
