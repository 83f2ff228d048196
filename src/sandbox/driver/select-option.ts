/**
 * A user picks an option of a `static_select` in a stored message: the `block_actions` payload Slack
 * sends, with `selected_option` (samples/app-backend), and the message's `state.values` holding it.
 */
import { messageObject } from '../api/shapes.js';
import type { EmulatorCore } from '../core.js';
import type { AppResponse } from '../types.js';
import { actionTs, interactivityEnvelope, requireUser, requireVisibleChannel, responseUrl } from './common.js';
import type { AppTransport } from './transport.js';

export interface SelectOptionArgs {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  /** The option's `value`; it must be one of the select's options. */
  value: string;
}

interface Option {
  text: { type: string; text: string };
  value: string;
}

function findSelect(
  blocks: unknown,
  actionId: string,
): { element: Record<string, unknown>; blockId: string } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const [index, block] of blocks.entries()) {
    const b = (block ?? {}) as Record<string, unknown>;
    for (const el of [...(Array.isArray(b.elements) ? b.elements : []), b.accessory]) {
      const e = (el ?? {}) as Record<string, unknown>;
      if (e.type === 'static_select' && e.action_id === actionId)
        return { element: e, blockId: typeof b.block_id === 'string' ? b.block_id : `block-${index}` };
    }
  }
  return undefined;
}

/** Picks `value` in the message's select `actionId`; throws if there is no such select or option. */
export async function selectOption(core: EmulatorCore, t: AppTransport, a: SelectOptionArgs): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const channel = requireVisibleChannel(core, a.channel, user.id);
  const message = core.ws.findMessage(channel, a.messageTs);
  if (!message || (message.ephemeralTo && message.ephemeralTo !== user.id))
    throw new Error(`slack emulator: ${user.id} sees no message ${a.messageTs} in ${channel.id}`);
  const found = findSelect(message.blocks, a.actionId);
  if (!found) throw new Error(`slack emulator: no select "${a.actionId}" in message ${a.messageTs} of ${channel.id}`);
  const option = ((found.element.options ?? []) as Option[]).find((o) => o.value === a.value);
  if (!option) throw new Error(`slack emulator: select "${a.actionId}" has no option "${a.value}"`);
  const selected = { text: option.text, value: option.value };
  const rid = core.responseUrls.issue({ user: user.id, channel: channel.id, messageTs: message.ts });
  const payload = {
    type: 'block_actions',
    ...interactivityEnvelope(core, user.id),
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false },
    trigger_id: core.triggers.issue(user.id),
    channel: { id: channel.id, name: channel.name },
    message: messageObject(core, message, channel),
    state: { values: { [found.blockId]: { [a.actionId]: { type: 'static_select', selected_option: selected } } } },
    response_url: responseUrl(core, rid),
    actions: [
      {
        type: 'static_select',
        action_id: a.actionId,
        block_id: found.blockId,
        selected_option: selected,
        ...(found.element.placeholder !== undefined && { placeholder: found.element.placeholder }),
        action_ts: actionTs(core),
      },
    ],
  };
  return t.interaction(payload);
}
