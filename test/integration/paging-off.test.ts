import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pages } from '../../src/db/schema/index.js';
import { useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run } from '../support/scenario.js';

// The default harness configuration has no `paging:`: paging is off.
const h = useHarness();
const pending: string[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock.emitter.on('no match', (req: { hostname?: string }) => {
    if (req.hostname !== '127.0.0.1') pending.push(String(req.hostname));
  });
});
afterAll(() => nock.enableNetConnect());

describe('without paging configuration', () => {
  it('pages nobody, shows no Paging message, and says how to enable paging when asked to page', async () => {
    const ch = await declare(h, 'declare sev0 payments checkout down');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UALICE', ch, 'resolve');
    expect(pending).toEqual([]);
    expect(await h.db.select().from(pages)).toEqual([]);
    expect(h.emulator.messages(ch).some((m) => m.text.includes('Paging'))).toBe(false);
    await run(h, 'UBOB', ch, 'reopen');
    await run(h, 'UALICE', ch, 'page payments');
    expect(lastEphemeral(h, 'UALICE')).toBe(
      'Paging is not set up: add `paging:` to firebreak.yml (the README says how).',
    );
    await run(h, 'UBOB', ch, 'roles');
    expect(JSON.stringify(h.emulator.ephemeralsFor('UBOB').at(-1)!.blocks)).not.toContain('page_on_call');
  });
});
