import { parseDuration } from '../config/duration.js';
import type { Runbook, RunbookAction } from './runbook.js';
import { parseHealthy, runbookParameters } from './runbook.js';
import { fillPlaceholders, PARAM_VALUE, PARAM_VALUE_MAX } from './runbook-template.js';

/** An action with its placeholders filled: what an executor would receive. */
export interface RenderedAction {
  executor: RunbookAction['executor'];
  name: string;
  params: Record<string, string>;
}

/** A runbook's runnable parts with parameters filled in, ready to show to a human or hand to an executor. */
export interface RenderedRunbook {
  action: RenderedAction;
  steps: string[];
  diagnosis: { step: string; command: string; expected: string }[];
  /** The rollback action, when the runbook has one. */
  rollback?: RenderedAction;
  /** Prometheus queries run during analysis, filled. */
  evidence: { name: string; query: string; unit: string }[];
  /** The verification after the action, filled; durations in ms. */
  verify?: { query: string; op: '<' | '>'; threshold: number; withinMs: number; holdMs: number; unit: string };
}

export type ParamsResult = { ok: true; params: Record<string, string> } | { ok: false; error: string };

/**
 * The loaded runbook library. Engines may only propose ids from here, with parameters that pass
 * `validateParams`; `render` re-validates, so nothing unvalidated is ever substituted into a command.
 */
export class RunbookCatalog {
  readonly #runbooks = new Map<string, Runbook>();
  readonly #parameters = new Map<string, string[]>();
  readonly #services: readonly string[];

  /** `knownServices` are the configured service names; `"*"` in a runbook means any of them. */
  constructor(runbooks: readonly Runbook[], knownServices: readonly string[]) {
    this.#services = Object.freeze([...knownServices]);
    for (const runbook of [...runbooks].sort((a, b) => a.id.localeCompare(b.id))) {
      if (this.#runbooks.has(runbook.id)) throw new Error(`duplicate runbook id ${runbook.id}`);
      this.#runbooks.set(runbook.id, deepFreeze(structuredClone(runbook)));
      this.#parameters.set(runbook.id, runbookParameters(runbook));
    }
  }

  /** All runbooks, by id. */
  list(): readonly Runbook[] {
    return [...this.#runbooks.values()];
  }

  get(id: string): Runbook | undefined {
    return this.#runbooks.get(id);
  }

  get size(): number {
    return this.#runbooks.size;
  }

  /** The placeholder names the runbook needs, sorted. Throws for an unknown id (check with `get` first). */
  parametersOf(id: string): string[] {
    const params = this.#parameters.get(id);
    if (!params) throw new Error(`unknown runbook ${id}`);
    return [...params];
  }

  /** Whether the service is one of the configured ones. */
  knowsService(service: string): boolean {
    return this.#services.includes(service);
  }

  /** The configured services the runbook may be applied to, in configuration order. */
  servicesFor(id: string): string[] {
    return this.#services.filter((service) => this.appliesTo(id, service));
  }

  /**
   * Whether a proposal of this runbook still waits for a human to choose its target: the runbook acts
   * on `{{service}}` (and on nothing else the rules cannot infer) and the parameters have none yet.
   */
  needsTarget(id: string, params: Record<string, string>): boolean {
    const needed = this.#parameters.get(id) ?? [];
    return needed.length === 1 && needed[0] === 'service' && !params.service;
  }

  /** Whether the runbook may be applied to this service: listed by it, or `*` and configured. */
  appliesTo(id: string, service: string): boolean {
    const runbook = this.#runbooks.get(id);
    if (!runbook || !this.#services.includes(service)) return false;
    return runbook.services[0] === '*' || runbook.services.includes(service);
  }

  /**
   * Checks untrusted parameters (e.g. from a model's answer): exactly the runbook's parameters, each a
   * short slug, and `service` one the runbook applies to. Returns a fresh object holding only those keys.
   */
  validateParams(id: string, params: unknown): ParamsResult {
    const expected = this.#parameters.get(id);
    if (!expected) return { ok: false, error: `unknown runbook ${JSON.stringify(id).slice(0, 80)}` };
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      return { ok: false, error: 'parameters must be an object' };
    const given = params as Record<string, unknown>;
    const extra = Object.keys(given).find((k) => !expected.includes(k));
    if (extra !== undefined) return { ok: false, error: `unexpected parameter ${JSON.stringify(extra).slice(0, 80)}` };
    const clean: Record<string, string> = {};
    for (const name of expected) {
      const value = Object.hasOwn(given, name) ? given[name] : undefined;
      if (value === undefined) return { ok: false, error: `missing parameter ${name}` };
      if (typeof value !== 'string' || value.length === 0 || value.length > PARAM_VALUE_MAX || !PARAM_VALUE.test(value))
        return {
          ok: false,
          error: `parameter ${name} must be 1–${PARAM_VALUE_MAX} characters of a-z, 0-9, ., _ or -, starting with a letter or digit`,
        };
      if (name === 'service' && !this.appliesTo(id, value))
        return { ok: false, error: `runbook ${id} does not apply to service ${value}` };
      clean[name] = value;
    }
    return { ok: true, params: clean };
  }

  /** Fills the runbook's placeholders. Throws when the parameters do not pass `validateParams`. */
  render(id: string, params: unknown): RenderedRunbook {
    const checked = this.validateParams(id, params);
    if (!checked.ok) throw new Error(`cannot render runbook ${id}: ${checked.error}`);
    const runbook = this.#runbooks.get(id)!;
    const fill = (text: string) => fillPlaceholders(text, checked.params);
    const action = (a: RunbookAction): RenderedAction => ({
      executor: a.executor,
      name: a.name,
      params: Object.fromEntries(Object.entries(a.params).map(([k, v]) => [k, fill(v)])),
    });
    return {
      action: action(runbook.resolution.action),
      steps: runbook.resolution.steps.map(fill),
      diagnosis: runbook.diagnosis.map((d) => ({
        step: fill(d.step),
        command: fill(d.command),
        expected: fill(d.expected),
      })),
      ...(runbook.rollback ? { rollback: action(runbook.rollback.action) } : {}),
      evidence: (runbook.evidence ?? []).map((e) => ({ name: e.name, query: fill(e.query), unit: e.unit })),
      ...(runbook.verify && {
        verify: {
          query: fill(runbook.verify.query),
          ...parseHealthy(runbook.verify.healthy)!,
          withinMs: parseDuration(runbook.verify.within)!,
          holdMs: parseDuration(runbook.verify.hold)!,
          // The contract gives verify no unit: an evidence query with the same text lends its own.
          unit: runbook.evidence?.find((e) => e.query === runbook.verify!.query)?.unit ?? '',
        },
      }),
    };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
