import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { captureActivity } from '../../../services/capture-timeline.js';
import { NOT_AN_INCIDENT_CHANNEL } from '../../../services/incident-context.js';
import type { ListenerContext } from '../../context.js';
import { fromSlackText } from '../../slack-text.js';
import { buildNotice } from '../../views/replies.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** Message shortcut "Add to timeline": flags the message; the user is told what happened. */
export function handleAddToTimeline(ctx: ListenerContext) {
  return async ({ ack, shortcut, respond }: Args): Promise<void> => {
    await ack();
    const outcome = await captureActivity(ctx.services, {
      kind: 'highlighted',
      channelId: shortcut.channel.id,
      ts: shortcut.message.ts,
      userId: shortcut.user.id,
      via: 'shortcut',
      text: fromSlackText(shortcut.message.text ?? ''),
    });
    const text = {
      recorded: '📌 Added to the incident timeline.',
      duplicate: 'That message is already on the timeline.',
      'not-incident': NOT_AN_INCIDENT_CHANNEL,
    }[outcome];
    await respond({ response_type: 'ephemeral', ...buildNotice(text) });
  };
}
