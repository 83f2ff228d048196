/**
 * views.* methods: open, push, update, publish. Bad views answer `invalid_arguments` with the reasons
 * in `response_metadata.messages`, as Slack does. trigger_id rules live in ../../triggers.ts.
 */
import { validateView } from '../../blockkit/validate.js';
import { MAX_MODAL_STACK } from '../../workspace/views.js';
import { defineMethod, type MethodContext } from '../method.js';
import { viewObject } from '../shapes.js';
import { failBlocks } from './message-content.js';

/** Parses and validates the `view` argument. */
function readView(ctx: MethodContext, kind: 'modal' | 'home'): Record<string, unknown> {
  let view: unknown;
  try {
    view = ctx.json('view');
  } catch {
    failBlocks(ctx, ['view is not valid JSON [json-pointer:/view]'], 'invalid_arguments');
  }
  const errors = validateView(view, kind);
  if (errors.length > 0) failBlocks(ctx, errors, 'invalid_arguments');
  return view as Record<string, unknown>;
}

/** Exchanges the call's trigger_id (or interactivity_pointer) for the user it was issued to. */
function exchangeTrigger(ctx: MethodContext): string {
  const trigger = ctx.str('trigger_id') || ctx.str('interactivity_pointer');
  if (!trigger) {
    ctx.violation('no trigger_id or interactivity_pointer');
    ctx.fail('invalid_arguments');
  }
  const result = ctx.core.triggers.exchange(trigger);
  if ('error' in result) ctx.fail(result.error);
  return result.user;
}

function checkExternalId(ctx: MethodContext, view: Record<string, unknown>, exceptId?: string): void {
  if (typeof view.external_id === 'string' && ctx.ws.views.externalIdTaken(view.external_id, exceptId)) {
    ctx.fail('duplicate_external_id');
  }
}

const triggerErrors = ['invalid_arguments', 'invalid_trigger_id', 'expired_trigger_id', 'exchanged_trigger_id'];

export const viewsOpen = defineMethod({
  name: 'views.open',
  errors: [...triggerErrors, 'duplicate_external_id'],
  handle(ctx: MethodContext) {
    const view = readView(ctx, 'modal');
    const user = exchangeTrigger(ctx);
    checkExternalId(ctx, view);
    return { view: viewObject(ctx.core, ctx.ws.views.open(user, view)) };
  },
});

export const viewsPush = defineMethod({
  name: 'views.push',
  errors: [...triggerErrors, 'duplicate_external_id', 'not_found', 'push_limit_reached'],
  handle(ctx: MethodContext) {
    const view = readView(ctx, 'modal');
    const user = exchangeTrigger(ctx);
    const depth = ctx.ws.views.stack(user).length;
    // Pushing needs a modal to push onto; Slack keeps at most three in the stack.
    if (depth === 0) ctx.fail('not_found');
    if (depth >= MAX_MODAL_STACK) ctx.fail('push_limit_reached');
    checkExternalId(ctx, view);
    return { view: viewObject(ctx.core, ctx.ws.views.push(user, view)) };
  },
});

export const viewsUpdate = defineMethod({
  name: 'views.update',
  errors: ['invalid_arguments', 'not_found', 'hash_conflict', 'duplicate_external_id'],
  handle(ctx: MethodContext) {
    const viewId = ctx.str('view_id');
    const externalId = ctx.str('external_id');
    if (!viewId && !externalId) {
      ctx.violation('neither view_id nor external_id given');
      ctx.fail('invalid_arguments');
    }
    const stored = viewId ? ctx.ws.views.get(viewId) : ctx.ws.views.byExternalId(externalId ?? '');
    // A closed modal cannot be updated any more: Slack answers not_found.
    if (!stored || stored.closed) ctx.fail('not_found');
    const view = readView(ctx, stored.kind);
    const hash = ctx.str('hash');
    if (hash && hash !== stored.hash) ctx.fail('hash_conflict');
    checkExternalId(ctx, view, stored.id);
    return { view: viewObject(ctx.core, ctx.ws.views.update(stored, view)) };
  },
});

export const viewsPublish = defineMethod({
  name: 'views.publish',
  errors: ['invalid_arguments', 'hash_conflict'],
  handle(ctx: MethodContext) {
    const userId = ctx.str('user_id') ?? '';
    if (!ctx.ws.users.has(userId)) {
      ctx.violation(`unknown user_id ${userId}`);
      ctx.fail('invalid_arguments');
    }
    const view = readView(ctx, 'home');
    const hash = ctx.str('hash');
    const existing = ctx.ws.views.home(userId);
    if (hash && existing && hash !== existing.hash) ctx.fail('hash_conflict');
    return { view: viewObject(ctx.core, ctx.ws.views.publish(userId, view)) };
  },
});
