/** Severity 0 is the worst (docs/domain.md). Stored as a number, shown as `SEV0`. */
export type Severity = 0 | 1 | 2 | 3;
export const SEVERITIES: readonly Severity[] = [0, 1, 2, 3];

/** One-line meaning of each level, shown in the declare modal and help. */
export const SEVERITY_MEANING: Record<Severity, string> = {
  0: 'Critical business-wide outage or data risk',
  1: 'Major user-facing degradation',
  2: 'Partial degradation with a workaround',
  3: 'Low-impact defect or noise',
};

export const severityLabel = (s: Severity): string => `SEV${s}`;
export const severityKey = (s: Severity): 'sev0' | 'sev1' | 'sev2' | 'sev3' => `sev${s}`;

/** Accepts `sev1`, `SEV1`, `Sev1` and `1`; undefined for anything else. */
export function parseSeverity(text: string): Severity | undefined {
  const m = /^(?:sev)?([0-3])$/i.exec(text.trim());
  return m ? (Number(m[1]) as Severity) : undefined;
}

/** SEV0 and SEV1 messages must say when the next update comes (docs/domain.md). */
export const announcesNextUpdate = (s: Severity): boolean => s <= 1;
