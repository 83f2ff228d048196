/**
 * Block Kit limits, read from specs/blockkit-limits.json (python-slack-sdk's validators) so the numbers
 * are Slack's and not ours. The few limits the SDK does not model are documented constants below.
 */
import { blockKitLimitsFile } from '../specs.js';

function limit(className: string, field: string): number {
  const value = blockKitLimitsFile().classes[className]?.[field];
  if (typeof value !== 'number') throw new Error(`blockkit-limits.json lacks ${className}.${field}`);
  return value;
}

/** Resolved limits, loaded once. */
export interface BlockKitLimits {
  messageBlocks: number;
  messageText: number;
  viewBlocks: number;
  blockId: number;
  actionId: number;
  sectionText: number;
  sectionFields: number;
  sectionFieldText: number;
  headerText: number;
  markdownText: number;
  imageUrl: number;
  imageAltText: number;
  imageTitle: number;
  actionsElements: number;
  contextElements: number;
  inputLabel: number;
  inputHint: number;
  placeholder: number;
  buttonText: number;
  buttonValue: number;
  buttonUrl: number;
  selectOptions: number;
  selectOptionGroups: number;
  overflowOptions: number;
  optionText: number;
  optionValue: number;
  confirmTitle: number;
  confirmText: number;
  confirmButton: number;
  viewTitle: number;
  viewSubmit: number;
  viewClose: number;
  privateMetadata: number;
  callbackId: number;
  videoTitle: number;
  videoAuthorName: number;
}

let cached: BlockKitLimits | undefined;

/** The Block Kit limits the emulator enforces. */
export function blockKitLimits(): BlockKitLimits {
  cached ??= {
    // Not modelled by the SDK: Slack documents 50 blocks per message and truncates/rejects text over 40,000 chars.
    messageBlocks: 50,
    messageText: 40_000,
    viewBlocks: limit('View', 'blocks_max_length'),
    blockId: limit('Block', 'block_id_max_length'),
    actionId: limit('InteractiveElement', 'action_id_max_length'),
    sectionText: limit('SectionBlock', 'text_max_length'),
    sectionFields: limit('SectionBlock', 'fields_max_length'),
    // Slack's documented per-field limit; the SDK does not check it.
    sectionFieldText: 2000,
    headerText: limit('HeaderBlock', 'text_max_length'),
    markdownText: limit('MarkdownBlock', 'text_max_length'),
    imageUrl: limit('ImageBlock', 'image_url_max_length'),
    imageAltText: limit('ImageBlock', 'alt_text_max_length'),
    imageTitle: limit('ImageBlock', 'title_max_length'),
    actionsElements: limit('ActionsBlock', 'elements_max_length'),
    contextElements: limit('ContextBlock', 'elements_max_length'),
    inputLabel: limit('InputBlock', 'label_max_length'),
    inputHint: limit('InputBlock', 'hint_max_length'),
    placeholder: limit('InputInteractiveElement', 'placeholder_max_length'),
    buttonText: limit('ButtonElement', 'text_max_length'),
    buttonValue: limit('ButtonElement', 'value_max_length'),
    buttonUrl: limit('ButtonElement', 'url_max_length'),
    selectOptions: limit('StaticSelectElement', 'options_max_length'),
    selectOptionGroups: limit('StaticSelectElement', 'option_groups_max_length'),
    overflowOptions: limit('OverflowMenuElement', 'options_max_length'),
    optionText: limit('Option', 'label_max_length'),
    optionValue: limit('Option', 'value_max_length'),
    confirmTitle: limit('ConfirmObject', 'title_max_length'),
    confirmText: limit('ConfirmObject', 'text_max_length'),
    confirmButton: limit('ConfirmObject', 'confirm_max_length'),
    viewTitle: limit('View', 'title_max_length'),
    viewSubmit: limit('View', 'submit_max_length'),
    viewClose: limit('View', 'close_max_length'),
    privateMetadata: limit('View', 'private_metadata_max_length'),
    callbackId: limit('View', 'callback_id_max_length'),
    videoTitle: limit('VideoBlock', 'title_max_length'),
    videoAuthorName: limit('VideoBlock', 'author_name_max_length'),
  };
  return cached;
}
