import { z } from 'zod';
import { outcomeOf, PAGE_TIMEOUT_MS, unreachable } from './http-outcome.js';
import type { Lookup, OnCallPerson, OnCallPort, PageFailure } from './ports.js';

export interface OpsgenieDirectoryOptions {
  /** `paging.opsgenie.api_url`. */
  url: string;
  /** FIREBREAK_OPSGENIE_API_KEY (its integration needs read access to schedules and users). */
  apiKey: string;
  fetchImpl?: typeof fetch;
}

// Opsgenie usernames are email addresses; `flat=true` gives them without the rotation structure.
const OnCallAnswer = z.object({ data: z.object({ onCallRecipients: z.array(z.string()).default([]) }) });
const UserAnswer = z.object({ data: z.object({ username: z.string().min(1), fullName: z.string().optional() }) });

const PROVIDER = 'Opsgenie';

/** Opsgenie's who-is-on-call and user APIs. */
export function createOpsgenieDirectory(opts: OpsgenieDirectoryOptions): OnCallPort {
  const doFetch = opts.fetchImpl ?? fetch;
  const base = opts.url.replace(/\/+$/, '');
  const secrets = [opts.apiKey];

  async function get<T>(path: string, schema: z.ZodType<T>): Promise<Lookup<T> | { ok: false; notFound: true }> {
    try {
      const res = await doFetch(`${base}${path}`, {
        headers: { authorization: `GenieKey ${opts.apiKey}`, accept: 'application/json' },
        signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
      });
      if (res.status === 404) return { ok: false, notFound: true };
      if (!res.ok) return (await outcomeOf(res, PROVIDER, secrets)) as PageFailure;
      const parsed = schema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success)
        return { ok: false, retryable: false, reason: `${PROVIDER} answered in an unexpected shape` };
      return { ok: true, value: parsed.data };
    } catch (err) {
      return unreachable(err, PROVIDER, secrets);
    }
  }

  return {
    async onCall(schedule: string): Promise<Lookup<OnCallPerson[]>> {
      const answer = await get(
        `/v2/schedules/${encodeURIComponent(schedule)}/on-calls?scheduleIdentifierType=name&flat=true`,
        OnCallAnswer,
      );
      if ('notFound' in answer)
        return { ok: false, retryable: false, reason: `${PROVIDER} has no schedule called ${schedule}` };
      if (!answer.ok) return answer;
      return { ok: true, value: answer.value.data.onCallRecipients.map((email) => ({ name: email, email })) };
    },

    async findUser(email: string): Promise<Lookup<string | null>> {
      const answer = await get(`/v2/users/${encodeURIComponent(email)}`, UserAnswer);
      if ('notFound' in answer) return { ok: true, value: null };
      if (!answer.ok) return answer;
      return { ok: true, value: answer.value.data.username };
    },
  };
}
