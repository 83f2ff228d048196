import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { publishToStatusPage } from '../../../services/status-page/publish-to-status-page.js';
import type { ListenerContext } from '../../context.js';
import type { ViewStateValues } from '../../forms/declare-form.js';
import { STATUS_PAGE_FIELDS } from '../../ids.js';
import { mappingErrors } from '../../reply-errors.js';
import { formValues, tellSubmitter } from './form-io.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The publication form was submitted: publish it (the view id makes a double submit publish once). */
export function handleStatusPageSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const values = formValues<ViewStateValues>(view);
    const text = (id: string) => values[id]?.[id]?.value?.trim() ?? '';
    const selected = (id: string) => values[id]?.[id]?.selected_option?.value ?? '';
    const name = text(STATUS_PAGE_FIELDS.name);
    const message = text(STATUS_PAGE_FIELDS.message);
    if (!name || !message) {
      await ack({
        response_action: 'errors',
        errors: {
          ...(!name && { [STATUS_PAGE_FIELDS.name]: 'Give the incident a public name.' }),
          ...(!message && { [STATUS_PAGE_FIELDS.message]: 'Write what customers should read.' }),
        },
      });
      return;
    }
    await ack();
    const components = Object.fromEntries(
      Object.keys(values)
        .filter((id) => id.startsWith(STATUS_PAGE_FIELDS.componentPrefix))
        .map((id) => [id.slice(STATUS_PAGE_FIELDS.componentPrefix.length), selected(id)]),
    );
    const { channelId } = JSON.parse(view.private_metadata) as { channelId: string };
    const log = ctx.logger.child({ module: 'status-page-form', userId: body.user.id });
    await mappingErrors(
      tellSubmitter(client, log, body.user.id, channelId),
      log,
      () =>
        publishToStatusPage(ctx.services, {
          channelId,
          actorId: body.user.id,
          requestKey: `view:${view.id}`,
          name,
          message,
          // Checked by the service's schema: a select's value is any string on the wire.
          phase: selected(STATUS_PAGE_FIELDS.phase) as never,
          components: components as never,
        }),
      (outcome) => ctx.metrics.interactions.inc({ kind: 'status-page-form', outcome }),
    );
  };
}
