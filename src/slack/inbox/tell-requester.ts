import type { WebClient } from '@slack/web-api';
import { requestChannel, requester } from './identity.js';

type Body = Record<string, unknown>;

/**
 * Tells the person behind a request, in one sentence, what became of it: through the request's
 * response_url while it is still valid, else an ephemeral message where they acted, else a DM.
 * Best effort by nature (Slack may be the thing failing); says whether it got through.
 */
export async function tellRequester(client: WebClient, body: Body, text: string): Promise<boolean> {
  const urls = body.response_urls as { response_url?: string }[] | undefined;
  const url = (typeof body.response_url === 'string' && body.response_url) || urls?.[0]?.response_url;
  if (url) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
    }).catch(() => undefined);
    if (res?.ok) return true;
  }
  const user = requester(body);
  if (!user) return false;
  const channel = requestChannel(body);
  if (channel) {
    const shown = await client.chat.postEphemeral({ channel, user, text }).then(
      () => true,
      () => false,
    );
    if (shown) return true;
  }
  return client.chat.postMessage({ channel: user, text }).then(
    () => true,
    () => false,
  );
}
