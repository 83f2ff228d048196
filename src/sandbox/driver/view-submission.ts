/**
 * view_submission: builds the payload from the stored view plus the test's values, sends it, and applies
 * the app's `response_action` (errors / update / push / clear) the way Slack's client would.
 */
import { viewObject } from '../api/shapes.js';
import { validateView } from '../blockkit/validate.js';
import type { EmulatorCore } from '../core.js';
import type { AppResponse, StoredView } from '../types.js';
import { MAX_MODAL_STACK } from '../workspace/views.js';
import { interactivityEnvelope, requireUser } from './common.js';
import type { AppTransport } from './transport.js';
import { buildStateValues, type InputValue } from './view-state.js';

/** Arguments of a modal submission. */
export interface SubmitViewArgs {
  user: string;
  viewId: string;
  /** Keyed by block_id or action_id of input blocks. */
  values?: Record<string, InputValue>;
}

/** Submits an open modal; returns the app's answer (its `json` holds any `response_action`). */
export async function submitView(core: EmulatorCore, t: AppTransport, a: SubmitViewArgs): Promise<AppResponse> {
  const user = requireUser(core, a.user);
  const view = core.ws.views.get(a.viewId);
  if (view?.kind !== 'modal' || view.user !== user.id || view.closed) {
    throw new Error(`slack emulator: ${user.id} has no open modal ${a.viewId}`);
  }
  const values = buildStateValues(view.view.blocks, a.values ?? {}, view.id);
  const payload = {
    type: 'view_submission',
    ...interactivityEnvelope(core, user.id),
    trigger_id: core.triggers.issue(user.id),
    view: { ...viewObject(core, view), state: { values } },
    response_urls: [],
  };
  const response = await t.interaction(payload);
  if (response.status === 200) applyResponseAction(core, view, response);
  return response;
}

function applyResponseAction(core: EmulatorCore, view: StoredView, response: AppResponse): void {
  // An empty 200 closes the submitted view (and nothing below it in the stack).
  if (response.body.trim() === '') {
    core.ws.views.close(view.id);
    return;
  }
  const isObject = typeof response.json === 'object' && response.json !== null;
  const answer: Record<string, unknown> = isObject ? (response.json as Record<string, unknown>) : {};
  const action = answer.response_action;
  // `{}` is an acknowledgement too (some frameworks send it instead of an empty body).
  if (isObject && Object.keys(answer).length === 0) {
    core.ws.views.close(view.id);
    return;
  }
  if (action === 'errors') {
    checkErrorKeys(core, view, answer.errors);
    return;
  }
  if (action === 'clear') {
    core.ws.views.clearStack(view.user);
    return;
  }
  if (action !== 'update' && action !== 'push') {
    core.violation(`view_submission answered with an unknown body: ${response.body.slice(0, 200)}`);
    return;
  }
  const next = answer.view;
  const errors = validateView(next, 'modal');
  if (errors.length > 0) {
    core.violation(`response_action ${action}: Block Kit rejected: ${errors.join('; ')}`);
    return;
  }
  const nextView = next as Record<string, unknown>;
  if (action === 'update') return void core.ws.views.update(view, nextView);
  if (core.ws.views.stack(view.user).length >= MAX_MODAL_STACK) {
    core.violation('response_action push beyond the 3-modal stack limit');
    return;
  }
  core.ws.views.push(view.user, nextView);
}

/** `response_action: errors` keys must name input blocks of the view, or Slack shows a generic failure. */
function checkErrorKeys(core: EmulatorCore, view: StoredView, errors: unknown): void {
  const blocks = Array.isArray(view.view.blocks) ? view.view.blocks : [];
  const inputIds = new Set(
    blocks
      .map((b) => b as Record<string, unknown>)
      .filter((b) => b.type === 'input' && typeof b.block_id === 'string')
      .map((b) => b.block_id as string),
  );
  const keys = typeof errors === 'object' && errors !== null ? Object.keys(errors) : [];
  if (keys.length === 0) core.violation('response_action errors without any error');
  for (const key of keys) {
    if (!inputIds.has(key)) core.violation(`response_action errors names "${key}", which is not an input block_id`);
  }
}
