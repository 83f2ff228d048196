/**
 * Layout blocks. Unknown block types are rejected: Slack answers `invalid_blocks` for them, and a typo
 * in a block type is a bug we want to surface in tests, not in production.
 */
import { type Checker, isObject, type Json } from './checker.js';
import { checkElement, checkImageElement, ELEMENT_TYPES } from './elements.js';

type BlockCheck = (c: Checker, block: Json, path: string) => void;

/** Block types that need no validation beyond their block_id (structure too rich or too rare to model). */
const PASSTHROUGH: BlockCheck = () => {};

const BLOCKS: Record<string, BlockCheck> = {
  section: checkSection,
  divider: PASSTHROUGH,
  header: (c, b, p) => c.text(b.text, `${p}/text`, { max: c.limits.headerText, plainOnly: true }),
  image: checkImageBlock,
  actions: (c, b, p) => {
    c.array(b.elements, c.limits.actionsElements, `${p}/elements`, 1).forEach((el, i) => {
      checkElement(c, el, `${p}/elements/${i}`, ELEMENT_TYPES.actions);
    });
  },
  context: checkContext,
  input: checkInput,
  markdown: (c, b, p) => c.string(b.text, c.limits.markdownText, `${p}/text`, true),
  rich_text: (c, b, p) => void c.array(b.elements, Number.POSITIVE_INFINITY, `${p}/elements`),
  video: (c, b, p) => {
    c.text(b.title, `${p}/title`, { max: c.limits.videoTitle, plainOnly: true });
    c.string(b.author_name, c.limits.videoAuthorName, `${p}/author_name`);
  },
  file: PASSTHROUGH,
  table: PASSTHROUGH,
};

/** Blocks that only exist in messages. */
const MESSAGE_ONLY = new Set(['markdown', 'file', 'table']);

/** Validates one block at `path` (e.g. `/blocks/3`). */
export function checkBlock(c: Checker, block: unknown, path: string): void {
  if (!isObject(block)) {
    c.fail('must provide an object', path);
    return;
  }
  const type = block.type;
  const check = typeof type === 'string' ? BLOCKS[type] : undefined;
  if (!check) {
    c.fail(`unknown block type "${String(type)}"`, `${path}/type`);
    return;
  }
  if (c.surface !== 'message' && MESSAGE_ONLY.has(type as string)) {
    c.fail(`block type "${String(type)}" is only allowed in messages`, `${path}/type`);
    return;
  }
  c.blockId(block.block_id, `${path}/block_id`);
  check(c, block, path);
}

function checkSection(c: Checker, block: Json, path: string): void {
  if (block.text === undefined && block.fields === undefined) {
    c.fail('must provide either text or fields', path);
  }
  if (block.text !== undefined) c.text(block.text, `${path}/text`, { max: c.limits.sectionText });
  if (block.fields !== undefined) {
    c.array(block.fields, c.limits.sectionFields, `${path}/fields`, 1).forEach((field, i) => {
      c.text(field, `${path}/fields/${i}`, { max: c.limits.sectionFieldText });
    });
  }
  if (block.accessory !== undefined) checkElement(c, block.accessory, `${path}/accessory`, ELEMENT_TYPES.accessory);
}

function checkImageBlock(c: Checker, block: Json, path: string): void {
  checkImageElement(c, block, path);
  if (block.title !== undefined) c.text(block.title, `${path}/title`, { max: c.limits.imageTitle, plainOnly: true });
}

function checkContext(c: Checker, block: Json, path: string): void {
  c.array(block.elements, c.limits.contextElements, `${path}/elements`, 1).forEach((el, i) => {
    const elPath = `${path}/elements/${i}`;
    if (isObject(el) && el.type === 'image') {
      checkImageElement(c, el, elPath);
      return;
    }
    c.text(el, elPath, { max: c.limits.sectionText });
  });
}

function checkInput(c: Checker, block: Json, path: string): void {
  c.text(block.label, `${path}/label`, { max: c.limits.inputLabel, plainOnly: true });
  if (block.hint !== undefined) c.text(block.hint, `${path}/hint`, { max: c.limits.inputHint, plainOnly: true });
  if (block.element === undefined) {
    c.fail('missing required field', `${path}/element`);
    return;
  }
  checkElement(c, block.element, `${path}/element`, ELEMENT_TYPES.input);
}
