/**
 * What every digest figure means, in the words the digest's readers get (the message links or
 * quotes these). The SQL in `src/db/queries/` implements exactly this; change both together.
 * "The week" is [from, to); "last week" is [prevFrom, from). Drills never count anywhere; private
 * incidents count everywhere but are never named. A team digest keeps the incidents whose services
 * include one of the team's services, and everything attached to them.
 */
export const DIGEST_DEFINITIONS = {
  incidents: 'Incidents declared in the week, by their current severity.',
  falseAlarms: 'Incidents resolved in the week as "not an incident", out of all incidents resolved in the week.',
  services:
    'Incidents declared in the week that list the service; share = of all incidents declared in the week. ' +
    'A team digest ranks only the team’s own services.',
  types:
    'An incident’s type is its runbook pattern: the runbook of its first executed remediation, else of its ' +
    'first proposal. Incidents with no proposal are counted as unclassified. Titles are free text and were ' +
    'not used: the same failure gets many titles, while a runbook is the pattern automation can take over.',
  mtta: 'Declared → first incident commander, over incidents acknowledged in the week.',
  mttm: 'Declared → mitigated, over incidents mitigated in the week (false alarms excluded: nothing was mitigated).',
  mttr: 'Declared → resolved, over incidents resolved in the week (false alarms excluded).',
  percentiles: 'Median and p90 by linear interpolation between closest ranks (PostgreSQL percentile_cont).',
  open: 'Incidents declared and not resolved at the time of the digest (last week: at the start of the week).',
  proposals:
    'Remediation proposals (propose mode) made in the week, and what became of them: approved (by a person or ' +
    'by policy), rejected, expired, stopped by STOP. Shadow proposals are counted only under shadow accuracy.',
  timeToApproval: 'Proposal shown → approved by a person, for proposals made in the week. Target < 30 s.',
  autoResolution:
    'Of the incidents resolved as fixed in the week: the share whose last remediation before resolution ' +
    'executed successfully (approved by a person or by policy) and after which no person had to step in — ' +
    'not mitigated by hand before it ran, and between its execution and the resolution no severity increase, ' +
    'no rollback of it, no STOP, no reopening. Target > 70 %.',
  aiHandledMttr: 'Median declared → resolved of the auto-resolved incidents. Target < 5 min.',
  regression:
    'Of the remediations executed in the week: the share followed within 30 min by a severity increase of ' +
    'their incident, or rolled back. Target < 2 %.',
  shadowAccuracy:
    'Shadow proposals made in the week whose incident is resolved: accurate when the incident was resolved ' +
    'as fixed after a person-approved remediation of the same runbook executed later than the shadow proposal ' +
    'and was not rolled back (a remediation that had to be undone does not confirm the guess). ' +
    'A shadow proposal on a false alarm is inaccurate.',
  verified:
    'Remediations whose verification ended verified in the week: the runbook’s verify query (Prometheus) became ' +
    'healthy within `within` and stayed so for `hold` after the executor accepted the action.',
  autoRolledBack:
    'Rollbacks Firebreak ran by itself in the week after a regression (the verify query got worse than before the ' +
    'action, or was not healthy within `within`), accepted by the executor. Rollbacks by a person are not counted.',
  suspendedRunbooks:
    'Runbooks suspended after a regression and not re-enabled (`/incident runbooks enable <id>`) at the time of the ' +
    'digest, organisation-wide. A suspended runbook is shown in analyses but can be neither approved nor auto-approved.',
  readyForAutoApproval:
    'Runbooks not yet marked `auto_approve` whose record over the last 90 days meets the ai.autonomy gates at the ' +
    'time of the digest: first proposed at least min_days ago (default 30), at least min_verified verified ' +
    'executions (default 5), and a regression rate (executions that regressed or were rolled back ÷ executions) ' +
    'under max_regression_rate (default 2%); not suspended. Organisation-wide.',
  readyToLeaveShadow:
    'In shadow mode only: runbooks whose shadow proposals of the last 90 days meet the same gates, counting a ' +
    'shadow proposal judged accurate (as in shadow accuracy) as verified and one judged inaccurate as a regression.',
  teamTrust:
    'The latest monthly survey sent by the time of the digest: "How far do you trust Firebreak’s proposals?" ' +
    '(0–10), asked by DM after the first digest of a month to everyone who approved, rejected or stopped a ' +
    'proposal in the month before. Score: the mean of the answers so far; answered: of those asked. Target > 8.',
  paging:
    'Pages sent: PagerDuty/Opsgenie pages triggered in the week; acknowledged: of those, the ones acknowledged ' +
    '(an incident commander took the incident); time to acknowledge: page triggered → acknowledged; pages per ' +
    'incident: pages sent ÷ incidents declared in the week; pages reduced: 1 − pages per incident ÷ last week’s. ' +
    'Target > 60 %.',
  statusUpdates: 'Status updates posted in the week that had a due time: on time (by the due time) or late.',
  postmortemsDue:
    'Postmortems whose deadline fell in the week. Deadline: the end of the 5th business day (Mon–Fri) after ' +
    'the local date of resolution; every incident resolved as fixed needs one.',
  postmortemsOverdue: 'Incidents past their postmortem deadline with no published postmortem (a snapshot, like open).',
  actionItems:
    'Open: not done or won’t-do at the time of the digest; overdue: open and past their due date; closed: ' +
    'marked done or won’t-do in the week.',
} as const;
