/**
 * The contract between the dispatcher and Web API method handlers.
 *
 * A handler declares up front every error code it can raise (`errors`); `ctx.fail` refuses anything else
 * at run time, and a unit test checks each declared list against Slack's spec. Together these guarantee
 * the emulator never invents an error Slack would not send — on every code path, not just tested ones.
 */
import type { EmulatorCore } from '../core.js';
import type { EmulatorConfig } from '../workspace/seed.js';
import type { Workspace } from '../workspace/workspace.js';

/** A Slack `{ ok: false, error }` answer raised by a handler. `extra` is merged into the body. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'SlackApiError';
  }
}

/** A bug in the emulator itself (e.g. raising an undeclared error); never the bot's fault. */
export class EmulatorBugError extends Error {
  override name = 'EmulatorBugError';
}

/** A Web API method implementation. */
export interface MethodDefinition {
  name: string;
  /** Which token the method takes: the bot token (default) or the app-level token (xapp-, Socket Mode). */
  token?: 'bot' | 'app';
  /** Every error code `handle` may raise through `ctx.fail`. Must be a subset of the spec's errors. */
  errors: readonly string[];
  /** Returns the success body without `ok` (the dispatcher adds it). */
  handle(ctx: MethodContext): Record<string, unknown>;
}

/** Identity helper that gives handler literals their type. */
export function defineMethod(definition: MethodDefinition): MethodDefinition {
  return definition;
}

/** Everything a handler needs for one call, plus typed argument accessors. */
export class MethodContext {
  private readonly declared: ReadonlySet<string>;

  constructor(
    readonly definition: MethodDefinition,
    readonly args: Record<string, unknown>,
    readonly core: EmulatorCore,
  ) {
    this.declared = new Set(definition.errors);
  }

  get ws(): Workspace {
    return this.core.ws;
  }

  get config(): EmulatorConfig {
    return this.core.config;
  }

  /** Answers `{ ok: false, error: code }`. Throws an emulator bug if the handler did not declare `code`. */
  fail(code: string, extra: Record<string, unknown> = {}): never {
    if (!this.declared.has(code)) {
      throw new EmulatorBugError(`${this.definition.name} raised undeclared error "${code}"`);
    }
    throw new SlackApiError(code, extra);
  }

  /** Records a bot violation attributed to this method. */
  violation(message: string): void {
    this.core.violation(`${this.definition.name}: ${message}`);
  }

  /** A string argument (numbers are stringified: form encoding loses the distinction anyway). */
  str(name: string): string | undefined {
    const value = this.args[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  /** A boolean argument; form-encoded booleans arrive as `"true"`/`"1"`. */
  bool(name: string): boolean {
    const value = this.args[name];
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  /** An integer argument, or undefined when absent or not a number. */
  int(name: string): number | undefined {
    const value = this.args[name];
    const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? Math.trunc(n) : undefined;
  }

  /**
   * A structured argument. @slack/web-api form-encodes nested values as JSON strings, while JSON
   * bodies carry them as-is; both are accepted. Throws SyntaxError on malformed JSON.
   */
  json(name: string): unknown {
    const value = this.args[name];
    return typeof value === 'string' ? JSON.parse(value) : value;
  }
}
