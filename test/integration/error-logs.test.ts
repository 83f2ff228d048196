import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run } from '../support/scenario.js';

const h = useHarness();

/** Parsed log lines at error level and above. */
const errorLines = () =>
  h.logs
    .flatMap((l) => l.split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown> & { level: string; msg: string; err?: unknown })
    .filter((l) => l.level === 'error' || l.level === 'fatal');

describe('a bug in a listener', () => {
  afterEach(async () => {
    await h.db.execute(sql`alter table if exists action_items_gone rename to action_items`);
  });

  it('is logged once, with the request’s context, and the person gets one apology', async () => {
    const ch = await declare(h);
    // A real bug, not a refusal: the query of a service fails with an error nobody expected.
    await h.db.execute(sql`alter table action_items rename to action_items_gone`);
    const before = errorLines().length;
    await run(h, 'UALICE', ch, 'action <@UBOB> 2026-12-07 Add a canary');
    const logged = errorLines().slice(before);
    expect(logged.map((l) => l.msg)).toHaveLength(1);
    expect(logged[0]).toMatchObject({ module: 'command', subcommand: 'action', userId: 'UALICE' });
    expect(JSON.stringify(logged[0]!.err)).toMatch(/action_items/);
    expect(lastEphemeral(h, 'UALICE')).toMatch(/Something went wrong on my side/);
  });
});
