/** docs/domain.md's Monday targets, with the direction that is good. */
export const TARGETS = {
  timeToApproval: { below: 30_000, label: '< 30 s' },
  autoResolution: { above: 0.7, label: '> 70%' },
  aiHandledMttr: { below: 5 * 60_000, label: '< 5 min' },
  regression: { below: 0.02, label: '< 2%' },
  falseAlarms: { below: 0.05, label: '< 5%' },
  pagesReduced: { above: 0.6, label: '> 60%' },
} as const;

export type Target = { below: number; label: string } | { above: number; label: string };

/** Whether a figure meets its target; null when there is no data to judge. */
export function meetsTarget(value: number | null, target: Target): boolean | null {
  if (value === null) return null;
  return 'below' in target ? value < target.below : value > target.above;
}
