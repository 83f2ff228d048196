import type { types } from '@slack/bolt';
import { incidentRef } from '../../domain/incident.js';
import { COMPONENT_STATUSES, PHASE_LABEL, PUBLIC_PHASES, STATUS_LABEL } from '../../domain/status-page.js';
import type { StatusPageDraft } from '../../services/status-page/status-page-draft.js';
import { STATUS_PAGE_FIELDS, VIEWS } from '../ids.js';
import { clip } from './format.js';

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/**
 * The publication form: the public name, the message, the public phase and each public component's
 * status, prefilled from the last publication or the `customer` template. Everything in it is what
 * customers will read; nothing internal is put there.
 */
export function buildStatusPageModal(draft: StatusPageDraft, where: string[]): types.ModalView {
  const { incident } = draft;
  const phases = PUBLIC_PHASES.map((p) => option(PHASE_LABEL[p], p));
  const statuses = COMPONENT_STATUSES.map((s) => option(STATUS_LABEL[s], s));
  return {
    type: 'modal',
    callback_id: VIEWS.statusPage,
    title: { type: 'plain_text', text: clip(`Publish ${incidentRef(incident)}`, 24) },
    submit: { type: 'plain_text', text: 'Publish' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ channelId: incident.channelId }),
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: clip(
              `Customers read exactly this on ${where.join(' and ')}. ${draft.fromLast ? 'Prefilled from the last publication.' : 'Prefilled from the customer template.'}`,
              3000,
            ),
          },
        ],
      },
      {
        type: 'input',
        block_id: STATUS_PAGE_FIELDS.name,
        label: { type: 'plain_text', text: 'Public name of the incident' },
        element: {
          type: 'plain_text_input',
          action_id: STATUS_PAGE_FIELDS.name,
          max_length: 255,
          initial_value: clip(draft.name, 255),
        },
      },
      {
        type: 'input',
        block_id: STATUS_PAGE_FIELDS.message,
        label: { type: 'plain_text', text: 'Message to customers' },
        element: {
          type: 'plain_text_input',
          action_id: STATUS_PAGE_FIELDS.message,
          multiline: true,
          max_length: 3000,
          initial_value: clip(draft.message, 3000),
        },
      },
      {
        type: 'input',
        block_id: STATUS_PAGE_FIELDS.phase,
        label: { type: 'plain_text', text: 'Phase' },
        hint: { type: 'plain_text', text: 'Resolved sets every component back to operational.' },
        element: {
          type: 'static_select',
          action_id: STATUS_PAGE_FIELDS.phase,
          options: phases,
          initial_option: phases.find((o) => o.value === draft.phase)!,
        },
      },
      // A modal holds 100 blocks: past that, the first 95 components (configure fewer public ones).
      ...draft.components.slice(0, 95).map((c) => ({
        type: 'input' as const,
        block_id: `${STATUS_PAGE_FIELDS.componentPrefix}${c.service}`,
        label: { type: 'plain_text' as const, text: clip(c.component, 2000) },
        element: {
          type: 'static_select' as const,
          action_id: `${STATUS_PAGE_FIELDS.componentPrefix}${c.service}`,
          options: statuses,
          initial_option: statuses.find((o) => o.value === c.status)!,
        },
      })),
    ],
  };
}
