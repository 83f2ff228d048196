/**
 * The scripted incident and the runner that plays it. Every step is sent as Slack would send it (signed
 * slash commands, a message event), then we wait for the slow work and check that the step did what it
 * should: the app counted the command as `ok` and the messages a person would expect appeared.
 */
import type { AppResponse } from '../types.js';
import { commandCounts, countsDelta, settle, totalOf } from './probe.js';
import { BROADCAST, type DemoStack } from './setup.js';

/** What a step must leave behind besides an `ok` outcome. */
interface Effects {
  /** A new bot message in the incident channel. */
  incidentPost?: boolean;
  /** A new bot message in the broadcast channel. */
  broadcastPost?: boolean;
  /** A new ephemeral message for the person who ran the step. */
  privateReply?: boolean;
}

export interface Step {
  user: string;
  /** Where the person types it. */
  where: 'broadcast' | 'incident';
  /** `/incident <text>` for commands, the message itself for posts. */
  text: string;
  /** The `subcommand` label the app counts the command under in /metrics; absent for plain messages. */
  subcommand?: string;
  effects: Effects;
}

// Action items must be due in the future, whatever day the demo runs.
const IN_A_WEEK = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

export const SCRIPT: Step[] = [
  {
    user: 'UALICE',
    where: 'broadcast',
    text: 'declare sev2 Checkout is failing for card payments',
    subcommand: 'declare',
    effects: { incidentPost: true, broadcastPost: true, privateReply: true },
  },
  { user: 'UBOB', where: 'incident', text: 'ic <@UBOB>', subcommand: 'assign', effects: { incidentPost: true } },
  { user: 'UCAROL', where: 'incident', text: 'comms <@UCAROL>', subcommand: 'assign', effects: { incidentPost: true } },
  { user: 'UDAVE', where: 'incident', text: 'ops <@UDAVE>', subcommand: 'assign', effects: { incidentPost: true } },
  { user: 'UBOB', where: 'incident', text: 'roles', subcommand: 'roles', effects: { privateReply: true } },
  {
    user: 'UBOB',
    where: 'incident',
    text: 'sev 1',
    subcommand: 'sev',
    effects: { incidentPost: true, broadcastPost: true },
  },
  { user: 'UDAVE', where: 'incident', text: 'Error rate is 40% on /pay since 09:12', effects: {} },
  {
    user: 'UDAVE',
    where: 'incident',
    text: 'payments pods OOMKilled, exit code 137, restarting every few minutes',
    effects: {},
  },
  { user: 'UBOB', where: 'incident', text: 'analyze', subcommand: 'analyze', effects: { incidentPost: true } },
  { user: 'UBOB', where: 'incident', text: 'note Rolled back deploy 2026.11.23-3', subcommand: 'note', effects: {} },
  {
    user: 'UCAROL',
    where: 'incident',
    text: 'update Rolled back the card tokenizer; error rate back under 1% and falling',
    subcommand: 'update',
    effects: { incidentPost: true, broadcastPost: true },
  },
  { user: 'UBOB', where: 'incident', text: 'status mitigated', subcommand: 'status', effects: { incidentPost: true } },
  {
    user: 'UBOB',
    where: 'incident',
    text: 'resolve Bad deploy of the card tokenizer; rolled back',
    subcommand: 'resolve',
    effects: { incidentPost: true, broadcastPost: true },
  },
  {
    user: 'UBOB',
    where: 'incident',
    text: `action <@UDAVE> ${IN_A_WEEK} P1 detect Alert when checkout memory passes 90% of its limit`,
    subcommand: 'action',
    effects: { incidentPost: true },
  },
  {
    user: 'UBOB',
    where: 'incident',
    text: 'postmortem',
    subcommand: 'postmortem',
    effects: { incidentPost: true, privateReply: true },
  },
];

export interface StepRecord {
  step: Step;
  /** How the step reads in the output, e.g. `bob: /incident roles`. */
  label: string;
  /** Time to the HTTP response, i.e. the ack; NaN when the step failed before sending. */
  ackMs: number;
  /** False for the step that failed (the run stops there). */
  ok: boolean;
}

/** A step that did not do what it should; the message says which and why. */
export class DemoFailure extends Error {
  override name = 'DemoFailure';
}

export class ScriptRunner {
  /** The `#inc-…` channel, known once the declaration went through. */
  incidentChannel: string | undefined;
  readonly records: StepRecord[] = [];

  constructor(private readonly stack: DemoStack) {}

  async runAll(): Promise<void> {
    for (const step of SCRIPT) await this.run(step);
  }

  private async run(step: Step): Promise<void> {
    const { emulator, app } = this.stack;
    const who = PEOPLE[step.user] ?? step.user;
    const label = step.subcommand ? `${who}: /incident ${step.text}` : `${who}: ${step.text}`;
    const record: StepRecord = { step, label, ackMs: Number.NaN, ok: false };
    this.records.push(record);
    const channel = step.where === 'broadcast' ? BROADCAST : this.requireIncidentChannel(label);
    const before = this.observe(step.user);
    const countsBefore = await commandCounts(app.url);

    const response: AppResponse = step.subcommand
      ? await emulator.slashCommand({ user: step.user, channel, text: step.text })
      : (await emulator.userPosts({ user: step.user, channel, text: step.text })).response;
    record.ackMs = response.elapsedMs;
    if (response.status !== 200) throw new DemoFailure(`${label}: the app answered HTTP ${response.status}`);

    // Completion: the emulator is quiet, nothing is in flight in the app and, for a command, the app
    // has counted it (it counts after the work).
    const counted = async () => totalOf(countsDelta(countsBefore, await commandCounts(app.url))) > 0;
    const done = async () =>
      app.busy() === 0 && emulator.echoesInFlight === 0 && (!step.subcommand || (await counted()));
    await settle(emulator, { label: `"${label}"`, until: done });

    if (step.subcommand) {
      const delta = countsDelta(countsBefore, await commandCounts(app.url));
      if (delta.get(`${step.subcommand}/ok`) !== 1 || delta.size !== 1) {
        const outcomes = [...delta].map(([k, v]) => `${k} ×${v}`).join(', ') || 'nothing';
        // Refusals come back either in the ack itself or as a later private reply.
        const ackText = (response.json as { text?: string } | undefined)?.text;
        const said = ackText ?? emulator.ephemeralsFor(step.user).slice(before.privateReplies).at(-1)?.text;
        throw new DemoFailure(
          `${label}: expected ${step.subcommand}/ok, the app counted ${outcomes}${said ? `; it replied "${said}"` : ''}`,
        );
      }
    }
    if (step.subcommand === 'declare') this.incidentChannel = this.findIncidentChannel(label);
    this.checkEffects(label, step, before, this.observe(step.user));
    record.ok = true;
  }

  private checkEffects(label: string, step: Step, before: Observation, after: Observation): void {
    const missing: string[] = [];
    if (step.effects.incidentPost && after.incidentPosts <= before.incidentPosts)
      missing.push('no new message in the incident channel');
    if (step.effects.broadcastPost && after.broadcastPosts <= before.broadcastPosts)
      missing.push(`no new message in #incidents`);
    if (step.effects.privateReply && after.privateReplies <= before.privateReplies) missing.push('no private reply');
    if (missing.length) throw new DemoFailure(`${label}: ${missing.join('; ')}`);
  }

  private observe(user: string): Observation {
    const { emulator } = this.stack;
    const botPosts = (channel: string | undefined) =>
      channel ? emulator.messages(channel).filter((m) => m.user === emulator.botUserId && !m.ephemeralTo).length : 0;
    return {
      incidentPosts: botPosts(this.incidentChannel ?? this.findIncidentChannel()),
      broadcastPosts: botPosts(BROADCAST),
      privateReplies: emulator.ephemeralsFor(user).length,
    };
  }

  private findIncidentChannel(label?: string): string | undefined {
    const found = this.stack.emulator.channels().find((c) => c.name.startsWith('inc-'));
    if (!found && label) throw new DemoFailure(`${label}: no #inc-… channel was created`);
    return found?.id;
  }

  private requireIncidentChannel(label: string): string {
    if (!this.incidentChannel) throw new DemoFailure(`${label}: there is no incident channel to run it in`);
    return this.incidentChannel;
  }
}

interface Observation {
  incidentPosts: number;
  broadcastPosts: number;
  privateReplies: number;
}

/** The humans of the emulator's default workspace, by id. */
export const PEOPLE: Record<string, string> = { UALICE: 'alice', UBOB: 'bob', UCAROL: 'carol', UDAVE: 'dave' };
