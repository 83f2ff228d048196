/**
 * Block elements (buttons, selects, inputs…) and the composition objects they embed (options, confirm
 * dialogs). Which element types a block accepts is decided by the caller through an allowed-type set.
 */
import { type Checker, isObject } from './checker.js';

const SINGLE_SELECTS = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const MULTI_SELECTS = SINGLE_SELECTS.map((t) => `multi_${t}`);
const CHOICE_ELEMENTS = ['checkboxes', 'radio_buttons', 'datepicker', 'timepicker', 'datetimepicker'];
const TEXT_INPUTS = [
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
];

/** Element types each container accepts (Slack's "Compatible blocks" tables). */
export const ELEMENT_TYPES = {
  actions: new Set(['button', 'overflow', 'workflow_button', ...CHOICE_ELEMENTS, ...SINGLE_SELECTS, ...MULTI_SELECTS]),
  accessory: new Set([
    'button',
    'overflow',
    'image',
    'workflow_button',
    ...CHOICE_ELEMENTS,
    ...SINGLE_SELECTS,
    ...MULTI_SELECTS,
  ]),
  input: new Set([...TEXT_INPUTS, ...CHOICE_ELEMENTS, ...SINGLE_SELECTS, ...MULTI_SELECTS]),
};

/** Slack allows at most 10 options in checkboxes and radio buttons. */
const CHOICE_OPTIONS_MAX = 10;

/** Validates one element at `path`, which must be one of `allowed` types. */
export function checkElement(c: Checker, element: unknown, path: string, allowed: Set<string>): void {
  if (!isObject(element)) {
    c.fail('must provide an object', path);
    return;
  }
  const type = element.type;
  if (typeof type !== 'string' || !allowed.has(type)) {
    c.fail(`unsupported element type "${String(type)}" here; expected one of: ${[...allowed].join(', ')}`, path);
    return;
  }
  if (type === 'image') {
    checkImageElement(c, element, path);
    return;
  }
  c.actionId(element.action_id, `${path}/action_id`);
  if (element.confirm !== undefined) checkConfirm(c, element.confirm, `${path}/confirm`);
  if (element.placeholder !== undefined) {
    c.text(element.placeholder, `${path}/placeholder`, { max: c.limits.placeholder, plainOnly: true });
  }
  if (type === 'button') {
    checkButton(c, element, path);
    return;
  }
  if (type === 'overflow') {
    checkOptions(c, element.options, `${path}/options`, c.limits.overflowOptions, true, 1);
    return;
  }
  if (type === 'checkboxes' || type === 'radio_buttons') {
    checkOptions(c, element.options, `${path}/options`, CHOICE_OPTIONS_MAX, false, 1);
    return;
  }
  if (type === 'static_select' || type === 'multi_static_select') checkStaticSelect(c, element, path);
}

function checkButton(c: Checker, button: Record<string, unknown>, path: string): void {
  c.text(button.text, `${path}/text`, { max: c.limits.buttonText, plainOnly: true });
  c.string(button.value, c.limits.buttonValue, `${path}/value`);
  c.string(button.url, c.limits.buttonUrl, `${path}/url`);
  if (button.style !== undefined && button.style !== 'primary' && button.style !== 'danger') {
    c.fail('must be one of the provided options: primary, danger', `${path}/style`);
  }
}

function checkStaticSelect(c: Checker, select: Record<string, unknown>, path: string): void {
  if (select.options === undefined && select.option_groups === undefined) {
    c.fail('must provide either options or option_groups', path);
    return;
  }
  if (select.options !== undefined) {
    checkOptions(c, select.options, `${path}/options`, c.limits.selectOptions, true, 1);
  }
  if (select.option_groups !== undefined) {
    const groups = c.array(select.option_groups, c.limits.selectOptionGroups, `${path}/option_groups`, 1);
    groups.forEach((group, i) => {
      const groupPath = `${path}/option_groups/${i}`;
      if (!isObject(group)) {
        c.fail('must provide an object', groupPath);
        return;
      }
      c.text(group.label, `${groupPath}/label`, { max: c.limits.optionText, plainOnly: true });
      checkOptions(c, group.options, `${groupPath}/options`, c.limits.selectOptions, true, 1);
    });
  }
}

/** Options of selects/overflow must be plain_text; checkboxes and radio buttons may use mrkdwn. */
function checkOptions(c: Checker, options: unknown, path: string, max: number, plainOnly: boolean, min: number): void {
  c.array(options, max, path, min).forEach((option, i) => {
    checkOption(c, option, `${path}/${i}`, plainOnly);
  });
}

function checkOption(c: Checker, option: unknown, path: string, plainOnly: boolean): void {
  if (!isObject(option)) {
    c.fail('must provide an object', path);
    return;
  }
  c.text(option.text, `${path}/text`, { max: c.limits.optionText, plainOnly });
  c.string(option.value, c.limits.optionValue, `${path}/value`, true);
  if (option.description !== undefined) {
    c.text(option.description, `${path}/description`, { max: c.limits.optionText, plainOnly });
  }
}

function checkConfirm(c: Checker, confirm: unknown, path: string): void {
  if (!isObject(confirm)) {
    c.fail('must provide an object', path);
    return;
  }
  c.text(confirm.title, `${path}/title`, { max: c.limits.confirmTitle, plainOnly: true });
  c.text(confirm.text, `${path}/text`, { max: c.limits.confirmText });
  c.text(confirm.confirm, `${path}/confirm`, { max: c.limits.confirmButton, plainOnly: true });
  c.text(confirm.deny, `${path}/deny`, { max: c.limits.confirmButton, plainOnly: true });
}

/** Image element (section accessory or context element). */
export function checkImageElement(c: Checker, image: Record<string, unknown>, path: string): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    c.fail('must provide either image_url or slack_file', path);
  }
  c.string(image.image_url, c.limits.imageUrl, `${path}/image_url`);
  c.string(image.alt_text, c.limits.imageAltText, `${path}/alt_text`, true);
}
