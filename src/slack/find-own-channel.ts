import type { WebClient } from '@slack/web-api';

// Slack has no lookup by name; a workspace's channels are listed a page at a time. Bounded, because this
// only runs after an unsure conversations.create, and a huge workspace must not turn it into minutes.
const PAGE = 1000;
const MAX_PAGES = 20;

/**
 * The id of the live channel called `name` that `creator` created at or after `since` (unix seconds),
 * if any: how a conversations.create whose answer was lost finds the channel it did create. A channel of
 * that name made earlier, or by someone else, is not ours.
 */
export async function findOwnChannel(
  client: WebClient,
  want: { name: string; isPrivate: boolean; creator: string; since: number },
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.list({
      types: want.isPrivate ? 'private_channel' : 'public_channel',
      exclude_archived: true,
      limit: PAGE,
      ...(cursor && { cursor }),
    });
    const hit = res.channels?.find((c) => c.name === want.name);
    if (hit) return hit.creator === want.creator && (hit.created ?? 0) >= want.since ? hit.id : undefined;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
