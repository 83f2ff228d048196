import { describe, expect, it } from 'vitest';
import { incidents, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run } from '../support/scenario.js';

const h = useHarness();
const incident = async () => (await h.db.select().from(incidents))[0]!;

describe('severity', () => {
  it('announces old → new, recomputes the next update, and tells the broadcast channel on escalation to SEV1', async () => {
    const ch = await declare(h, 'declare sev3 Slow search');
    await run(h, 'UBOB', ch, 'sev 1');
    expect(botTexts(h, ch).at(-1)).toMatch(/^⬆️ Escalated: SEV3 → SEV1\. Next update <!date\^\d+/);
    expect(botTexts(h, BROADCAST).at(-1)).toMatch(/INC-1 escalated SEV3 → SEV1: Slow search/);
    expect(h.emulator.channel(ch)!.topic).toMatch(/^SEV1 · Investigating/);
    const row = await incident();
    expect(row.severity).toBe(1);
    expect(row.nextUpdateAt).toBeInstanceOf(Date);
    const event = (await h.db.select().from(timelineEvents)).find((e) => e.kind === 'severity_changed');
    expect(event).toMatchObject({ actorId: 'UBOB', data: { from: 3, to: 1 } });
  });

  it('does not broadcast a downgrade, and refuses the same severity', async () => {
    const ch = await declare(h, 'declare sev1 Payments down');
    const broadcasts = botTexts(h, BROADCAST).length;
    await run(h, 'UBOB', ch, 'sev sev2');
    expect(botTexts(h, ch).at(-1)).toContain('⬇️ Downgraded: SEV1 → SEV2');
    expect(botTexts(h, BROADCAST)).toHaveLength(broadcasts);
    await run(h, 'UBOB', ch, 'sev 2');
    expect(lastEphemeral(h, 'UBOB')).toBe('The incident is already SEV2.');
  });
});

describe('status and resolution', () => {
  it('moves through the lifecycle, storing each milestone once', async () => {
    const ch = await declare(h);
    await run(h, 'UBOB', ch, 'status identified');
    await run(h, 'UBOB', ch, 'status mitigated');
    const mitigated = (await incident()).mitigatedAt;
    await run(h, 'UBOB', ch, 'status investigating');
    await run(h, 'UBOB', ch, 'status mitigated');
    const row = await incident();
    expect(row.identifiedAt).toBeInstanceOf(Date);
    expect(row.mitigatedAt).toEqual(mitigated);
    expect(botTexts(h, ch)).toContain('🔄 Status: Identified → *Mitigated*');
    expect(h.emulator.channel(ch)!.topic).toMatch(/^SEV2 · Mitigated/);
  });

  it('resolves with the resolution template and the real duration, in the channel and the broadcast channel', async () => {
    const ch = await declare(h);
    await h.db.update(incidents).set({ declaredAt: new Date(Date.now() - (2 * 60 + 5) * 60_000) });
    await run(h, 'UCAROL', ch, 'resolve Bad deploy rolled back');
    const text = botTexts(h, ch).at(-1)!;
    expect(text.split('\n')).toEqual([
      '✅ RESOLVED: Checkout is failing',
      'Duration: 2 hours 5 minutes',
      'Impact: See the incident channel',
      'Root cause: Bad deploy rolled back',
      'Postmortem: `/incident postmortem` (within 5 business days)',
    ]);
    expect(botTexts(h, BROADCAST).at(-1)).toBe(text);
    const row = await incident();
    expect(row).toMatchObject({ status: 'resolved', resolution: 'fixed', nextUpdateAt: null });
    expect(row.resolvedAt).toBeInstanceOf(Date);
    expect(row.mitigatedAt).toEqual(row.resolvedAt);
  });

  it('records a false alarm', async () => {
    const ch = await declare(h);
    await run(h, 'UCAROL', ch, 'resolve --false-alarm probe misfired');
    expect((await incident()).resolution).toBe('false_alarm');
  });

  it('refuses illegal transitions with a sentence naming the current state', async () => {
    const ch = await declare(h);
    await run(h, 'UBOB', ch, 'status investigating');
    expect(lastEphemeral(h, 'UBOB')).toBe('The incident is already investigating.');
    await run(h, 'UBOB', ch, 'resolve');
    await run(h, 'UBOB', ch, 'resolve');
    expect(lastEphemeral(h, 'UBOB')).toBe('The incident is already resolved. The IC can `/incident reopen` it.');
    await run(h, 'UBOB', ch, 'status identified');
    expect(lastEphemeral(h, 'UBOB')).toBe(
      'The incident is resolved; it cannot move to identified unless the IC reopens it.',
    );
    await run(h, 'UBOB', ch, 'sev 1');
    expect(lastEphemeral(h, 'UBOB')).toBe('The incident is resolved; reopen it first.');
  });

  it('lets only the IC reopen, and records it', async () => {
    const ch = await declare(h);
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UBOB', ch, 'resolve');
    await run(h, 'UCAROL', ch, 'reopen');
    expect(lastEphemeral(h, 'UCAROL')).toBe('Only the IC can reopen a resolved incident. The IC is <@UBOB>.');
    expect((await incident()).status).toBe('resolved');
    await run(h, 'UBOB', ch, 'reopen');
    const row = await incident();
    expect(row).toMatchObject({ status: 'investigating', resolvedAt: null });
    expect(botTexts(h, ch).at(-1)).toContain('INC-1 reopened');
    expect((await h.db.select().from(timelineEvents)).some((e) => e.kind === 'reopened' && e.actorId === 'UBOB')).toBe(
      true,
    );
  });
});

describe('notes and the list', () => {
  it('adds a note to the timeline and shows it in the channel once', async () => {
    const ch = await declare(h);
    await run(h, 'UDAVE', ch, 'note Rolled back <@UBOB>’s deploy');
    expect(botTexts(h, ch).at(-1)).toBe('📝 Note: Rolled back <@UBOB>’s deploy');
    const notes = (await h.db.select().from(timelineEvents)).filter((e) => e.text?.startsWith('Rolled back'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'note', actorId: 'UDAVE' });
  });

  it('lists open incidents newest first; private ones only counted; resolved ones gone', async () => {
    await declare(h, 'declare sev2 First thing');
    const second = await declare(h, 'declare sev1 Second thing');
    const third = await declare(h, 'declare sev3 Third thing');
    await h.db
      .update(incidents)
      .set({ isPrivate: true })
      .where((await import('drizzle-orm')).eq(incidents.channelId, second));
    await run(h, 'UBOB', third, 'resolve');
    await run(h, 'UCAROL', BROADCAST, 'list');
    const text = lastEphemeral(h, 'UCAROL');
    expect(text).toMatch(
      /^Open incidents \(2\)\n• \*SEV2\* <#C\w+> First thing · Investigating · IC unassigned · INC-1/,
    );
    expect(text).not.toContain('Second thing');
    expect(text).not.toContain('Third thing');
    expect(text).toContain('…and 1 private incident.');
  });
});
