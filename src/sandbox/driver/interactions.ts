/**
 * Interactivity the driver can perform on the app's behalf of a user: slash commands, button clicks in
 * messages and views, message shortcuts. Payload shapes follow samples/app-backend.
 */
import { messageObject, viewObject } from '../api/shapes.js';
import type { EmulatorCore } from '../core.js';
import type { AppResponse } from '../types.js';
import { actionTs, interactivityEnvelope, requireUser, requireVisibleChannel, responseUrl } from './common.js';
import type { AppTransport } from './transport.js';
import { asSlackSendsIt } from './typed-text.js';

/** Arguments of a slash command. */
export interface SlashCommandArgs {
  user: string;
  channel: string;
  text: string;
  /** Default `/incident`. */
  command?: string;
}

/** Sends a slash command (form-encoded fields, fresh trigger_id and response_url). */
export async function slashCommand(core: EmulatorCore, t: AppTransport, a: SlashCommandArgs): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const channel = requireVisibleChannel(core, a.channel, user.id);
  const rid = core.responseUrls.issue({ user: user.id, channel: channel.id });
  const fields = {
    token: core.config.verificationToken,
    team_id: core.config.teamId,
    team_domain: core.config.teamDomain,
    channel_id: channel.id,
    channel_name: channel.isIm ? 'directmessage' : channel.name,
    user_id: user.id,
    user_name: user.name,
    command: a.command ?? '/incident',
    text: asSlackSendsIt(a.text),
    api_app_id: core.config.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl(core, rid),
    trigger_id: core.triggers.issue(user.id),
  };
  return t.command(fields);
}

interface FoundButton {
  element: Record<string, unknown>;
  blockId: string;
}

/** Finds a button by action_id (and value, when given) in `actions` blocks and section accessories. */
export function findButton(blocks: unknown, actionId: string, value?: string): FoundButton | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const [index, block] of blocks.entries()) {
    if (typeof block !== 'object' || block === null) continue;
    const b = block as Record<string, unknown>;
    const candidates = [...(Array.isArray(b.elements) ? b.elements : []), b.accessory];
    for (const el of candidates) {
      if (typeof el !== 'object' || el === null) continue;
      const e = el as Record<string, unknown>;
      if (e.type !== 'button' || e.action_id !== actionId) continue;
      if (value !== undefined && e.value !== value) continue;
      // Slack generates block_ids for blocks sent without one; a stable stand-in is enough here.
      return { element: e, blockId: typeof b.block_id === 'string' ? b.block_id : `block-${index}` };
    }
  }
  return undefined;
}

function buttonAction(core: EmulatorCore, found: FoundButton): Record<string, unknown> {
  const e = found.element;
  return {
    type: 'button',
    action_id: e.action_id,
    block_id: found.blockId,
    text: e.text,
    ...(e.value !== undefined ? { value: e.value } : {}),
    ...(e.style !== undefined ? { style: e.style } : {}),
    action_ts: actionTs(core),
  };
}

/** Arguments of a message button click. */
export interface ClickButtonArgs {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  /** Pick the button with this value when several share the action_id; must match. */
  value?: string;
  /**
   * The blocks the person's client still shows: an earlier version of the message (a client that
   * has not redrawn yet). The button is looked up there, as a stale click would be.
   */
  shownBlocks?: unknown[];
}

/** Clicks a button in a stored message; throws if the message or button does not exist. */
export async function clickButton(core: EmulatorCore, t: AppTransport, a: ClickButtonArgs): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const channel = requireVisibleChannel(core, a.channel, user.id);
  const message = core.ws.findMessage(channel, a.messageTs);
  if (!message || (message.ephemeralTo && message.ephemeralTo !== user.id)) {
    throw new Error(`slack emulator: ${user.id} sees no message ${a.messageTs} in ${channel.id}`);
  }
  const found = findButton((a.shownBlocks ?? message.blocks) as typeof message.blocks, a.actionId, a.value);
  if (!found) {
    const suffix = a.value !== undefined ? ` with value "${a.value}"` : '';
    throw new Error(`slack emulator: no button "${a.actionId}"${suffix} in message ${a.messageTs} of ${channel.id}`);
  }
  const ephemeral = message.ephemeralTo !== undefined;
  const rid = core.responseUrls.issue({ user: user.id, channel: channel.id, messageTs: message.ts });
  const payload = {
    type: 'block_actions',
    ...interactivityEnvelope(core, user.id),
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: ephemeral },
    trigger_id: core.triggers.issue(user.id),
    channel: { id: channel.id, name: channel.name },
    // Slack omits the message body for ephemeral messages: the app never stored them.
    ...(ephemeral ? {} : { message: messageObject(core, message, channel) }),
    state: { values: {} },
    response_url: responseUrl(core, rid),
    actions: [buttonAction(core, found)],
  };
  return t.interaction(payload);
}

/** Clicks a button in a view (App Home when `viewId` is omitted). No response_url: Slack sends none for views. */
export async function clickViewButton(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; actionId: string; value?: string; viewId?: string },
): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const view = a.viewId ? core.ws.views.get(a.viewId) : core.ws.views.home(user.id);
  if (!view || view.user !== user.id || view.closed) {
    throw new Error(`slack emulator: ${user.id} has no open view ${a.viewId ?? '(App Home)'}`);
  }
  const found = findButton(view.view.blocks, a.actionId, a.value);
  if (!found) throw new Error(`slack emulator: no button "${a.actionId}" in view ${view.id}`);
  const payload = {
    type: 'block_actions',
    ...interactivityEnvelope(core, user.id),
    container: { type: 'view', view_id: view.id },
    trigger_id: core.triggers.issue(user.id),
    view: viewObject(core, view),
    actions: [buttonAction(core, found)],
  };
  return t.interaction(payload);
}

/** Runs a message shortcut (`message_action`) on a stored message. */
export async function messageShortcut(
  core: EmulatorCore,
  t: AppTransport,
  a: { user: string; channel: string; ts: string; callbackId: string },
): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const channel = requireVisibleChannel(core, a.channel, user.id);
  const message = core.ws.findMessage(channel, a.ts);
  if (!message || message.ephemeralTo) throw new Error(`slack emulator: no message ${a.ts} in ${channel.id}`);
  const rid = core.responseUrls.issue({ user: user.id, channel: channel.id });
  const payload = {
    type: 'message_action',
    callback_id: a.callbackId,
    trigger_id: core.triggers.issue(user.id),
    message_ts: message.ts,
    response_url: responseUrl(core, rid),
    message: messageObject(core, message, channel),
    channel: { id: channel.id, name: channel.name },
    action_ts: actionTs(core),
    ...interactivityEnvelope(core, user.id),
  };
  return t.interaction(payload);
}
