/**
 * Modal stacks and App Home views. Slack keeps, per user, a stack of at most three modals (views.push
 * fails beyond that) and one published Home view; this store mirrors exactly that.
 */
import { randomBytes } from 'node:crypto';
import type { StoredView } from '../types.js';
import type { IdFactory } from './ids.js';

/** Slack's modal stack depth limit. */
export const MAX_MODAL_STACK = 3;

/** Storage for every view the bot opened, pushed or published. */
export class ViewStore {
  private readonly byId = new Map<string, StoredView>();
  /** user → ids of the modals currently open, root first. */
  private readonly stacks = new Map<string, string[]>();
  /** user → id of the published Home view. */
  private readonly homes = new Map<string, string>();

  constructor(private readonly ids: IdFactory) {}

  clear(): void {
    this.byId.clear();
    this.stacks.clear();
    this.homes.clear();
  }

  /** All views ever stored, in creation order. */
  all(): StoredView[] {
    return [...this.byId.values()];
  }

  get(id: string): StoredView | undefined {
    return this.byId.get(id);
  }

  byExternalId(externalId: string): StoredView | undefined {
    return this.all().find((v) => v.externalId !== '' && v.externalId === externalId);
  }

  /** Whether another live view already uses this external_id (Slack: `duplicate_external_id`). */
  externalIdTaken(externalId: string, exceptId?: string): boolean {
    return this.all().some((v) => v.externalId === externalId && externalId !== '' && v.id !== exceptId && !v.closed);
  }

  /** The modals open for a user, root first. */
  stack(user: string): StoredView[] {
    return (this.stacks.get(user) ?? []).map((id) => this.byId.get(id)).filter((v): v is StoredView => !!v);
  }

  /** Opens a new root modal; any modal already open for the user is replaced, as in Slack. */
  open(user: string, view: Record<string, unknown>): StoredView {
    for (const old of this.stack(user)) old.closed = true;
    const stored = this.create(user, 'modal', view, null);
    this.stacks.set(user, [stored.id]);
    return stored;
  }

  /** Pushes a modal on top of the user's stack; the caller checks the stack is non-empty and not full. */
  push(user: string, view: Record<string, unknown>): StoredView {
    const stack = this.stacks.get(user) ?? [];
    const top = stack[stack.length - 1] ?? null;
    const stored = this.create(user, 'modal', view, top);
    stored.rootViewId = stack[0] ?? stored.id;
    stack.push(stored.id);
    this.stacks.set(user, stack);
    return stored;
  }

  /** Replaces a view's content in place and issues a new hash. */
  update(stored: StoredView, view: Record<string, unknown>): StoredView {
    stored.view = view;
    stored.hash = newHash();
    stored.externalId = typeof view.external_id === 'string' ? view.external_id : stored.externalId;
    return stored;
  }

  /** Publishes (creates or replaces) a user's App Home view. */
  publish(user: string, view: Record<string, unknown>): StoredView {
    const existing = this.home(user);
    if (existing) return this.update(existing, view);
    const stored = this.create(user, 'home', view, null);
    this.homes.set(user, stored.id);
    return stored;
  }

  home(user: string): StoredView | undefined {
    const id = this.homes.get(user);
    return id ? this.byId.get(id) : undefined;
  }

  /** Closes one modal (and everything stacked above it). */
  close(viewId: string): void {
    const stored = this.byId.get(viewId);
    if (!stored) return;
    const stack = this.stacks.get(stored.user) ?? [];
    const index = stack.indexOf(viewId);
    if (index < 0) return;
    for (const id of stack.splice(index)) {
      const v = this.byId.get(id);
      if (v) v.closed = true;
    }
  }

  /** Closes every modal of the user (`response_action: clear`). */
  clearStack(user: string): void {
    for (const v of this.stack(user)) v.closed = true;
    this.stacks.set(user, []);
  }

  private create(
    user: string,
    kind: StoredView['kind'],
    view: Record<string, unknown>,
    previousViewId: string | null,
  ): StoredView {
    const id = this.ids.next('V');
    const stored: StoredView = {
      id,
      user,
      kind,
      view,
      hash: newHash(),
      rootViewId: id,
      previousViewId,
      externalId: typeof view.external_id === 'string' ? view.external_id : '',
      closed: false,
    };
    this.byId.set(id, stored);
    return stored;
  }
}

/** Slack view hashes look like `1700000000.a1b2c3d4`; only equality matters. */
function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}
