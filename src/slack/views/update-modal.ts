import type { types } from '@slack/bolt';
import { formatDuration } from '../../domain/duration-text.js';
import { incidentRef } from '../../domain/incident.js';
import { renderTemplate, type TemplateName } from '../../domain/templates.js';
import type { StatusUpdateDraft } from '../../services/status-update-draft.js';
import { VIEWS } from '../ids.js';
import { clip } from './format.js';
import { incidentVars } from './incident-status.js';

export const UPDATE_FIELDS = { internal: 'internal', customer: 'customer' } as const;

const utc = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

/**
 * The update form, pre-filled from docs/templates.md's templates: the internal update (the resolution
 * template once the incident is mitigated: that is when it is wanted) and the customer-facing text.
 * The comms lead edits and publishes; clearing the customer text publishes only the internal one.
 */
export function buildUpdateModal(draft: StatusUpdateDraft, templates: Record<TemplateName, string>): types.ModalView {
  const { incident, roles } = draft;
  const vars = {
    ...incidentVars(incident, roles, draft.nextUpdateAt),
    // Plain text inputs show raw mrkdwn, so times are written out rather than as <!date…> tokens.
    ...(draft.nextUpdateAt && { next_update: utc(draft.nextUpdateAt) }),
    changes: draft.changes.map((c) => `• ${c}`).join('\n') || '• No change since the last update',
    title: incident.title,
    impact: incident.impact ?? 'Being assessed',
  };
  const internalTemplate = incident.status === 'mitigated' ? templates.resolution : templates.internal;
  const internal = renderTemplate(internalTemplate, {
    ...vars,
    duration: formatDuration(Date.now() - incident.declaredAt.getTime()),
    root_cause: incident.summary ?? 'To be established',
    postmortem: 'to follow',
  });
  const customer = renderTemplate(templates.customer, {
    service: incident.services[0] ?? 'Our service',
    symptom: incident.title.toLowerCase(),
    impact: incident.impact ?? 'degraded service',
    next_update: draft.intervalMs ? formatDuration(draft.intervalMs) : 'the hour',
  });
  return {
    type: 'modal',
    callback_id: VIEWS.statusUpdate,
    title: { type: 'plain_text', text: clip(`Update ${incidentRef(incident)}`, 24) },
    submit: { type: 'plain_text', text: 'Publish' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ channelId: incident.channelId }),
    blocks: [
      {
        type: 'input',
        block_id: UPDATE_FIELDS.internal,
        label: {
          type: 'plain_text',
          text: incident.status === 'mitigated' ? 'Internal update (resolution template)' : 'Internal update',
        },
        element: {
          type: 'plain_text_input',
          action_id: UPDATE_FIELDS.internal,
          multiline: true,
          max_length: 3000,
          initial_value: clip(internal, 3000),
        },
      },
      {
        type: 'input',
        block_id: UPDATE_FIELDS.customer,
        optional: true,
        label: { type: 'plain_text', text: 'Customer-facing (status page) text' },
        hint: {
          type: 'plain_text',
          text: 'Stored apart from the internal update. Clear it to publish only the internal one.',
        },
        element: {
          type: 'plain_text_input',
          action_id: UPDATE_FIELDS.customer,
          multiline: true,
          max_length: 3000,
          initial_value: clip(customer, 3000),
        },
      },
    ],
  };
}
