// Errors already logged with their context (by the error mapper), so the last-resort handler does not log them again.
const logged = new WeakSet<object>();

/** Marks an error as logged. */
export function markLogged(err: unknown): void {
  if (typeof err === 'object' && err !== null) logged.add(err);
}

/**
 * Whether an error — or what Bolt wrapped (`original` of an UnknownError, `originals` of a
 * MultipleListenerError) — was logged already.
 */
export function wasLogged(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (logged.has(err)) return true;
  const e = err as { original?: unknown; originals?: unknown[] };
  if (e.originals?.length) return e.originals.every(wasLogged);
  return e.original !== undefined && wasLogged(e.original);
}
