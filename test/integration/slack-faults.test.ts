import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { incidents, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { settle } from '../support/scenario.js';

/**
 * Slack failing one Web API method at a time, on every method a declaration, a status update, a note
 * and a resolution use. The methods come from a clean run of the same scenario (so a new call in any of
 * these flows is covered without touching this file). For each method, in the step that uses it:
 * - a 429 with Retry-After, and a single HTTP 500: the client waits or retries and the step completes;
 * - an HTTP 500 that outlasts the retries: the person who ran the command is told, in a sentence, what
 *   did not happen.
 * Whatever happens, nothing is doubled: one incident channel, no bot message twice, no timeline event
 * beyond what the clean run recorded.
 */

const h = useHarness();
const USER = 'UALICE';
// Names the payments service, whose dashboard link is bookmarked in the channel: one more Web API method.
const TITLE = 'Payments checkout is failing';

interface Step {
  name: string;
  /** The command text; run in the broadcast channel for the declaration, in the incident channel after. */
  text: string;
  where: 'broadcast' | 'incident';
}

const STEPS: Step[] = [
  { name: 'declare', text: `declare sev1 ${TITLE}`, where: 'broadcast' },
  { name: 'update', text: 'update Rolled back the tokenizer; error rate falling', where: 'incident' },
  { name: 'note', text: 'note Rollback finished; watching the error rate', where: 'incident' },
  { name: 'resolve', text: 'resolve Bad deploy of the card tokenizer; rolled back', where: 'incident' },
];

/** What one step did, as Slack and the database saw it. */
interface StepResult {
  methods: string[];
  /** The bot's visible (non-ephemeral) messages this step added, per channel. */
  posts: { incident: number; broadcast: number };
  timeline: Record<string, number>;
  /** What the person was told privately during the step. */
  told: string[];
  /** A single Web API call whose answer the step ignored would show up here as a protocol violation. */
  ackStatus: number;
}

interface Run {
  steps: StepResult[];
  channelId?: string;
}

const botPosts = (channel: string | undefined) =>
  channel
    ? h.emulator.messages(channel).filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo && !m.subtype)
    : [];

async function timelineKinds(): Promise<Record<string, number>> {
  const [incident] = await h.db.select().from(incidents);
  if (!incident) return {};
  const rows = await h.db.select().from(timelineEvents).where(eq(timelineEvents.incidentId, incident.id));
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
}

const minus = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(a)
      .map(([k, v]) => [k, v - (b[k] ?? 0)])
      .filter(([, v]) => v !== 0),
  );

/** Runs the scenario; `before(i)` may script a fault just before step i. Stops after a failed declaration. */
async function play(before: (step: number) => void = () => {}): Promise<Run> {
  const run: Run = { steps: [] };
  for (const [i, step] of STEPS.entries()) {
    const channel = step.where === 'broadcast' ? BROADCAST : run.channelId;
    if (!channel) break;
    before(i);
    const calls = h.emulator.calls.length;
    const told = h.emulator.ephemeralsFor(USER).length;
    const posts = { incident: botPosts(run.channelId).length, broadcast: botPosts(BROADCAST).length };
    const timeline = await timelineKinds();
    const res = await h.emulator.slashCommand({ user: USER, channel, text: step.text });
    await settle(h);
    run.channelId ??= (await h.db.select().from(incidents))[0]?.channelId ?? undefined;
    run.steps.push({
      methods: [...new Set(h.emulator.calls.slice(calls).map((c) => c.method))],
      posts: {
        incident: botPosts(run.channelId).length - posts.incident,
        broadcast: botPosts(BROADCAST).length - posts.broadcast,
      },
      timeline: minus(await timelineKinds(), timeline),
      told: h.emulator
        .ephemeralsFor(USER)
        .slice(told)
        .map((m) => m.text),
      ackStatus: res.status,
    });
  }
  return run;
}

/** Everything wrong with a faulted run, as sentences (empty when it is fine). */
async function problems(run: Run, clean: Run, faulted: number, fault: Fault): Promise<string[]> {
  const { mustComplete } = fault;
  const out: string[] = [];
  const channels = h.emulator.channels().filter((c) => c.name.startsWith('inc-'));
  if (channels.length > 1) out.push(`${channels.length} incident channels: ${channels.map((c) => c.name).join(', ')}`);
  if ((await h.db.select().from(incidents)).length > 1) out.push('more than one incident row');
  for (const channel of [run.channelId, BROADCAST]) {
    const texts = botPosts(channel).map((m) => m.text);
    const doubled = texts.filter((t, i) => texts.indexOf(t) !== i);
    if (doubled.length) out.push(`posted twice in ${channel}: ${JSON.stringify(doubled[0]!.slice(0, 80))}`);
  }
  const bookmarks = (run.channelId && h.emulator.channel(run.channelId)?.bookmarks.map((b) => b.title)) || [];
  if (new Set(bookmarks).size !== bookmarks.length) out.push(`bookmarked twice: ${bookmarks.join(', ')}`);
  for (const [i, step] of run.steps.entries()) {
    const want = clean.steps[i]!;
    const name = STEPS[i]!.name;
    if (step.ackStatus !== 200) out.push(`${name}: acknowledged with HTTP ${step.ackStatus}`);
    for (const where of ['incident', 'broadcast'] as const)
      if (step.posts[where] > want.posts[where])
        out.push(`${name}: ${step.posts[where]} posts in the ${where} channel, clean run ${want.posts[where]}`);
    for (const [kind, n] of Object.entries(step.timeline))
      if (n > (want.timeline[kind] ?? 0))
        out.push(`${name}: ${n} ${kind} timeline events, clean run ${want.timeline[kind]}`);
    const complete =
      step.posts.incident === want.posts.incident &&
      step.posts.broadcast === want.posts.broadcast &&
      Object.keys({ ...step.timeline, ...want.timeline }).every((k) => step.timeline[k] === want.timeline[k]);
    // Told means a sentence that names what Slack did not do, not a generic apology or a raw code.
    const extra = step.told.filter((t) => !want.told.includes(t));
    const vague = extra.filter((t) => /Something went wrong|`unknown`|undefined|\[object/.test(t));
    if (vague.length) out.push(`${name}: told vaguely: ${JSON.stringify(vague[0])}`);
    if (i === faulted && !complete) {
      if (mustComplete) out.push(`${name}: did not complete after a transient fault (${JSON.stringify(step)})`);
      else if (!extra.some((t) => fault.told.test(t)))
        out.push(`${name}: did not complete and the person was not told (${JSON.stringify(step)})`);
    }
    // A 429 proves Slack did nothing: the call is simply made again, with nothing to look up first.
    if (i === faulted && fault.sameCalls && step.methods.join() !== want.methods.join())
      out.push(`${name}: called ${step.methods.join(', ')}; clean run ${want.methods.join(', ')}`);
    if (i !== faulted && !complete && i < clean.steps.length && !extra.length)
      out.push(`${name} (after the fault): did not complete and the person was not told (${JSON.stringify(step)})`);
  }
  if (run.steps.length < clean.steps.length && !run.steps[faulted]?.told.some((t) => /Slack/.test(t)))
    out.push('the scenario stopped early without telling the person');
  return out;
}

interface Fault {
  name: string;
  inject: (method: string) => void;
  /** A transient fault is absorbed by the client's bounded retries: the step must complete. */
  mustComplete: boolean;
  /** What the person must be told when the step could not complete. */
  told: RegExp;
  /** The step must make the same Web API calls as the clean run (no look-ups after the fault). */
  sameCalls?: boolean;
}

const OUTAGE = /Slack is having trouble on its side/;

const FAULTS: Fault[] = [
  {
    name: '429 with Retry-After',
    inject: (m) => h.emulator.rateLimit(m, { retryAfterSeconds: 1 }),
    mustComplete: true,
    told: /rate-limiting/,
    sameCalls: true,
  },
  { name: 'one HTTP 500', inject: (m) => h.emulator.serverError(m), mustComplete: true, told: OUTAGE },
  // Slack did the work but the answer was lost: retrying blindly would create or post a second time.
  {
    name: 'HTTP 500 after Slack did the work',
    inject: (m) => h.emulator.serverError(m, { afterWork: true }),
    mustComplete: false,
    told: OUTAGE,
  },
  // Three answers: the first call and both of the client's retries (src/slack/client-options.ts). Retry-After 0
  // keeps the file fast; the wait itself is the client's, proven by the single 429 above.
  {
    name: '429 outlasting the retries',
    inject: (m) => h.emulator.rateLimit(m, { retryAfterSeconds: 0, times: 3 }),
    mustComplete: false,
    told: /Slack is rate-limiting me/,
  },
  // Three answers: the first call and both of the client's retries (src/slack/client-options.ts).
  {
    name: 'HTTP 500 outlasting the retries',
    inject: (m) => h.emulator.serverError(m, { times: 3 }),
    mustComplete: false,
    told: OUTAGE,
  },
];

describe('Slack failing each Web API method in turn', () => {
  let clean: Run;
  beforeAll(async () => {
    clean = await play();
    await h.reset();
  }, 120_000);

  it('the clean run declares, updates, notes and resolves, telling nobody about a failure', () => {
    expect(clean.steps.map((s) => s.ackStatus)).toEqual([200, 200, 200, 200]);
    expect(clean.steps[0]!.methods).toEqual(expect.arrayContaining(['conversations.create', 'chat.postMessage']));
    for (const step of clean.steps) expect(step.told.join('\n')).not.toMatch(/could not|refused|failed/i);
    expect(clean.steps[3]!.timeline).toMatchObject({ resolved: 1 });
  });

  it.each(FAULTS)('$name: no duplicate, and the step completes or the person is told', async (fault) => {
    const report: string[] = [];
    let cases = 0;
    for (const [i, step] of clean.steps.entries()) {
      for (const method of step.methods) {
        cases += 1;
        const run = await play((s) => s === i && fault.inject(method));
        const found = await problems(run, clean, i, fault);
        try {
          await h.reset();
        } catch (err) {
          found.push((err as Error).message);
        }
        if (found.length) report.push(`${STEPS[i]!.name} / ${method}:\n  ${found.join('\n  ')}`);
      }
    }
    expect(cases).toBeGreaterThanOrEqual(8);
    expect(report.join('\n')).toBe('');
  }, 400_000);
});
