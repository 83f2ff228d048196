import type { types } from '@slack/bolt';
import type { ConfigFile } from '../../config/file.js';
import { parseSeverity, SEVERITIES, SEVERITY_MEANING, type Severity, severityLabel } from '../../domain/severity.js';
import { DECLARE_FIELDS, VIEWS } from '../ids.js';
import { clip } from './format.js';

type View = types.ModalView;
type InputBlock = types.InputBlock;

const option = (text: string, value: string, description?: string) => ({
  text: { type: 'plain_text' as const, text: clip(text, 75) },
  value,
  ...(description && { description: { type: 'plain_text' as const, text: clip(description, 75) } }),
});

/** The declare form: title, severity with the meaning of each level, services, impact, description, private/drill. */
export function buildDeclareModal(args: {
  services: string[];
  defaultSeverity: Severity;
  originChannelId?: string;
}): View {
  const severityOptions = SEVERITIES.map((s) => option(severityLabel(s), String(s), SEVERITY_MEANING[s]));
  const blocks: InputBlock[] = [
    {
      type: 'input',
      block_id: DECLARE_FIELDS.title,
      label: { type: 'plain_text', text: 'What is happening?' },
      element: {
        type: 'plain_text_input',
        action_id: DECLARE_FIELDS.title,
        max_length: 150,
        placeholder: { type: 'plain_text', text: 'Checkout is failing for card payments' },
      },
    },
    {
      type: 'input',
      block_id: DECLARE_FIELDS.severity,
      label: { type: 'plain_text', text: 'Severity' },
      element: {
        type: 'static_select',
        action_id: DECLARE_FIELDS.severity,
        options: severityOptions,
        initial_option: severityOptions[args.defaultSeverity]!,
      },
    },
  ];
  if (args.services.length)
    blocks.push({
      type: 'input',
      block_id: DECLARE_FIELDS.services,
      optional: true,
      label: { type: 'plain_text', text: 'Affected services' },
      element: {
        type: 'multi_static_select',
        action_id: DECLARE_FIELDS.services,
        options: args.services.slice(0, 100).map((s) => option(s, s)),
      },
    });
  blocks.push(
    {
      type: 'input',
      block_id: DECLARE_FIELDS.impact,
      optional: true,
      label: { type: 'plain_text', text: 'Impact: who or what is affected?' },
      element: { type: 'plain_text_input', action_id: DECLARE_FIELDS.impact, multiline: true, max_length: 2000 },
    },
    {
      type: 'input',
      block_id: DECLARE_FIELDS.description,
      optional: true,
      label: { type: 'plain_text', text: 'What do you see? Errors, alerts, recent changes' },
      hint: { type: 'plain_text', text: 'Firebreak analyses it at once and proposes a runbook if one matches.' },
      element: {
        type: 'plain_text_input',
        action_id: DECLARE_FIELDS.description,
        multiline: true,
        max_length: 3000,
      },
    },
    {
      type: 'input',
      block_id: DECLARE_FIELDS.options,
      optional: true,
      label: { type: 'plain_text', text: 'Options' },
      element: {
        type: 'checkboxes',
        action_id: DECLARE_FIELDS.options,
        options: [
          option('Private incident', 'private', 'Private channel, no announcement, not named in lists'),
          option('Drill', 'drill', 'A practice incident, left out of the numbers'),
        ],
      },
    },
  );
  return {
    type: 'modal',
    callback_id: VIEWS.declare,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ originChannelId: args.originChannelId ?? null }),
    blocks,
  };
}

/** The declare form for this configuration (its services and default severity). */
export function buildDeclareModalFor(file: ConfigFile, originChannelId?: string): View {
  return buildDeclareModal({
    services: file.services.map((s) => s.name),
    defaultSeverity: parseSeverity(file.default_severity)!,
    ...(originChannelId && { originChannelId }),
  });
}
