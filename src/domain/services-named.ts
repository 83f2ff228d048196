/**
 * The configured services a free-text title names as whole words ("payments API failing" →
 * payments), case-insensitive. `/incident declare` has no services field, and an incident with no
 * service gets no bookmarks, no risk tag and no runbook target; naming it in the title is what
 * people already do.
 */
export function servicesNamedIn(text: string, services: readonly string[]): string[] {
  const words = new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9_-]+/)
      .filter(Boolean),
  );
  return services.filter((s) => words.has(s.toLowerCase()));
}
