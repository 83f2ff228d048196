/**
 * Builds `view.state.values` for a view_submission from a test's `values` map, keyed by block_id or
 * action_id. Each element type reports its value under its own key, as Slack does — apps reading the wrong
 * key (e.g. `value` of a select) are a classic bug this reproduces faithfully.
 */

/** A value a test can enter: text, option value(s), user/conversation id(s), or a checkbox toggle. */
export type InputValue = string | string[] | boolean;

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** All options of a select/checkbox element, flattening option_groups. */
function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) =>
        Array.isArray(asObject(g).options) ? (asObject(g).options as unknown[]) : [],
      )
    : [];
  return [...direct, ...grouped].map(asObject);
}

function pickOptions(element: Json, values: string[], where: string): Json[] {
  const options = optionsOf(element);
  return values.map((value) => {
    if (element.type === 'external_select' || element.type === 'multi_external_select') {
      return { text: { type: 'plain_text', text: value }, value };
    }
    const option = options.find((o) => o.value === value);
    if (!option) throw new Error(`slack emulator: ${where} has no option "${value}"`);
    return { text: option.text, value: option.value };
  });
}

const list = (v: InputValue): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
const one = (v: InputValue): string | null => list(v)[0] ?? null;

/** The state entry of one element, given the test's value (or its initial value when undefined). */
function elementState(element: Json, value: InputValue | undefined, where: string): Json {
  const type = String(element.type);
  const base = { type };
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons': {
      const selected =
        value === undefined ? (element.initial_option ?? null) : pickOptions(element, list(value), where)[0];
      return { ...base, selected_option: selected ?? null };
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes': {
      if (value === undefined) return { ...base, selected_options: element.initial_options ?? [] };
      // `true` ticks a lone checkbox (its first option), `false` unticks everything.
      const values = typeof value === 'boolean' ? (value ? [String(optionsOf(element)[0]?.value)] : []) : list(value);
      return { ...base, selected_options: pickOptions(element, values, where) };
    }
    case 'users_select':
      return { ...base, selected_user: value === undefined ? (element.initial_user ?? null) : one(value) };
    case 'multi_users_select':
      return { ...base, selected_users: value === undefined ? (element.initial_users ?? []) : list(value) };
    case 'conversations_select':
      return {
        ...base,
        selected_conversation: value === undefined ? (element.initial_conversation ?? null) : one(value),
      };
    case 'multi_conversations_select':
      return {
        ...base,
        selected_conversations: value === undefined ? (element.initial_conversations ?? []) : list(value),
      };
    case 'channels_select':
      return { ...base, selected_channel: value === undefined ? (element.initial_channel ?? null) : one(value) };
    case 'multi_channels_select':
      return { ...base, selected_channels: value === undefined ? (element.initial_channels ?? []) : list(value) };
    case 'datepicker':
      return { ...base, selected_date: value === undefined ? (element.initial_date ?? null) : one(value) };
    case 'timepicker':
      return { ...base, selected_time: value === undefined ? (element.initial_time ?? null) : one(value) };
    default:
      // plain_text_input, email/url/number inputs: a string `value`, null when empty.
      return { ...base, value: value === undefined ? (element.initial_value ?? null) : one(value) };
  }
}

/** Whether an element state carries a value (used to enforce required inputs like Slack's client does). */
function hasValue(state: Json): boolean {
  return Object.entries(state).some(([k, v]) => k !== 'type' && v !== null && !(Array.isArray(v) && v.length === 0));
}

/**
 * Computes `state.values` for the input blocks of `blocks`. Throws when `values` names no input, or
 * when a required input is left empty (Slack's client would not let the user submit).
 */
export function buildStateValues(blocks: unknown, values: Record<string, InputValue>, viewId: string): Json {
  const state: Record<string, Record<string, Json>> = {};
  const unused = new Set(Object.keys(values));
  (Array.isArray(blocks) ? blocks : []).forEach((raw, index) => {
    const block = asObject(raw);
    if (block.type !== 'input') return;
    const element = asObject(block.element);
    const blockId = typeof block.block_id === 'string' ? block.block_id : `block-${index}`;
    const actionId = typeof element.action_id === 'string' ? element.action_id : `action-${index}`;
    const key = blockId in values ? blockId : actionId in values ? actionId : undefined;
    if (key) unused.delete(key);
    const entry = elementState(element, key ? values[key] : undefined, `input ${blockId}/${actionId}`);
    if (block.optional !== true && !hasValue(entry)) {
      throw new Error(`slack emulator: required input "${blockId}" of view ${viewId} left empty`);
    }
    state[blockId] = { [actionId]: entry };
  });
  if (unused.size > 0) throw new Error(`slack emulator: view ${viewId} has no input ${[...unused].join(', ')}`);
  return state;
}
