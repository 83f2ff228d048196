import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.js';

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`);
  return r.command;
};
const error = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`expected ${text} to be refused`);
  return r.error;
};

describe('the /incident grammar', () => {
  it('opens the modal for no text and for a bare declare', () => {
    expect(ok('')).toEqual({ kind: 'declare-modal' });
    expect(ok('declare')).toEqual({ kind: 'declare-modal' });
    expect(ok('  DECLARE  ')).toEqual({ kind: 'declare-modal' });
  });

  it('declares with an optional severity in every accepted spelling', () => {
    expect(ok('declare sev1 Checkout down')).toEqual({
      kind: 'declare',
      severity: 1,
      title: 'Checkout down',
      drill: false,
    });
    expect(ok('declare SEV0 x')).toMatchObject({ severity: 0 });
    expect(ok('declare Checkout down')).toEqual({ kind: 'declare', title: 'Checkout down', drill: false });
    expect(ok('declare --drill sev3 Practice')).toEqual({
      kind: 'declare',
      severity: 3,
      title: 'Practice',
      drill: true,
    });
  });

  it('keeps the title intact apart from whitespace', () => {
    expect(ok('declare sev2   Paiement   échoué 🔥')).toMatchObject({ title: 'Paiement échoué 🔥' });
  });

  it('refuses a severity that is out of range, and a severity with no title', () => {
    expect(error('declare sev7 Checkout')).toMatch(/sev7.*not a severity/);
    expect(error('declare sev1')).toMatch(/needs a title/);
  });

  it('reads both escaped mention forms for roles', () => {
    expect(ok('ic <@U123|alice>')).toEqual({ kind: 'assign', role: 'ic', userId: 'U123' });
    expect(ok('comms <@U0456>')).toEqual({ kind: 'assign', role: 'comms', userId: 'U0456' });
    expect(ok('OPS <@W789|bob>')).toEqual({ kind: 'assign', role: 'ops', userId: 'W789' });
    expect(error('scribe alice')).toMatch(/Name exactly one person/);
    expect(error('ic')).toMatch(/ic\|comms\|ops\|scribe/);
  });

  it('accepts sev1, SEV1 and 1 for severity changes', () => {
    for (const t of ['sev sev1', 'sev SEV1', 'sev 1']) expect(ok(t)).toEqual({ kind: 'sev', severity: 1 });
    expect(error('sev 4')).toMatch(/0, 1, 2 or 3/);
    expect(error('sev')).toMatch(/0, 1, 2 or 3/);
  });

  it('parses lifecycle, notes, updates and resolution', () => {
    expect(ok('status Mitigated')).toEqual({ kind: 'status', status: 'mitigated' });
    expect(error('status fixed')).toMatch(/investigating\|identified\|mitigated\|resolved/);
    expect(ok('note rolled back <@U1>')).toEqual({ kind: 'note', text: 'rolled back <@U1>' });
    expect(error('note')).toMatch(/needs some text/);
    expect(ok('update')).toEqual({ kind: 'update' });
    expect(ok('update All green')).toEqual({ kind: 'update', text: 'All green' });
    expect(ok('resolve')).toEqual({ kind: 'resolve', falseAlarm: false });
    expect(ok('resolve --false-alarm noisy probe')).toEqual({
      kind: 'resolve',
      falseAlarm: true,
      summary: 'noisy probe',
    });
  });

  it('parses digest forms with escaped channels', () => {
    expect(ok('digest')).toEqual({ kind: 'digest' });
    expect(ok('digest payments')).toEqual({ kind: 'digest', team: 'payments' });
    expect(ok('digest subscribe <#C123|ops> payments')).toEqual({
      kind: 'digest-subscribe',
      channelId: 'C123',
      team: 'payments',
    });
    expect(ok('digest subscribe')).toEqual({ kind: 'digest-subscribe' });
    expect(ok('digest unsubscribe <#C999>')).toEqual({ kind: 'digest-unsubscribe', channelId: 'C999' });
  });

  it('parses action items', () => {
    expect(ok('action <@U1|a> 2026-12-01 Add a memory alert')).toEqual({
      kind: 'action',
      ownerId: 'U1',
      due: '2026-12-01',
      text: 'Add a memory alert',
    });
    expect(error('action <@U1> tomorrow fix it')).toMatch(/2026-12-01/);
  });

  it('answers unknown subcommands and stray arguments with the right usage', () => {
    expect(error('explode now')).toMatch(/I don't know `explode`/);
    expect(error('roles please')).toMatch(/takes no arguments/);
    expect(ok('help')).toEqual({ kind: 'help' });
    expect(ok('list')).toEqual({ kind: 'list' });
  });
});

describe('/incident runbooks', () => {
  it('lists, and enables with an optional reason', () => {
    expect(parseCommand('runbooks')).toEqual({ ok: true, command: { kind: 'runbooks' } });
    expect(parseCommand('runbooks enable pod-oomkilled-restart leak fixed')).toEqual({
      ok: true,
      command: { kind: 'runbooks-enable', runbookId: 'pod-oomkilled-restart', reason: 'leak fixed' },
    });
    expect(parseCommand('runbooks enable')).toMatchObject({ ok: false });
    expect(parseCommand('runbooks disable x')).toMatchObject({ ok: false });
  });
});
