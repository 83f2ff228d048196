import { processPendingAlerts } from '../services/alerts/process-pending-alerts.js';
import type { ServiceDeps } from '../services/deps.js';
import { sendDueDigests } from '../services/digest/send-due-digests.js';
import { pruneFinishedRequests } from '../services/inbox/manage-inbox.js';
import { deliverDuePages } from '../services/paging/deliver-incident-pages.js';
import { postDueUpdates } from '../services/post-due-updates.js';
import { pruneFinishedReminders } from '../services/prune-reminders.js';
import { checkVerifications } from '../services/remediation/check-verifications.js';
import { expireProposals } from '../services/remediation/expire-proposals.js';
import { resumeRollbacks } from '../services/remediation/resume-rollbacks.js';
import { sweepStuckExecutions } from '../services/remediation/sweep-stuck-executions.js';
import { tellEndedWatches } from '../services/remediation/tell-ended-watches.js';
import { remindDueUpdates } from '../services/remind-due-updates.js';
import { remindMissingIc } from '../services/remind-missing-ic.js';
import { remindMissingPostmortems } from '../services/remind-missing-postmortems.js';
import { remindOverdueActionItems } from '../services/remind-overdue-action-items.js';
import { deliverPendingPublications } from '../services/status-page/deliver-publications.js';
import { sendTrustSurveys } from '../services/survey/send-trust-surveys.js';
import { pollTrackers } from '../services/trackers/poll-trackers.js';
import { processPendingDeliveries } from '../services/trackers/receive-tracker-delivery.js';
import { syncDueTrackerItems } from '../services/trackers/sync-due-tracker-items.js';
import type { Job } from './scheduler.js';

/**
 * Every scheduled job, in the order a tick runs them: the one list of what runs on a timer. Jobs are
 * callers of services like any other actor; the composition root hands this list to the scheduler.
 */
export function scheduledJobs(
  services: ServiceDeps,
  inbox: { sweep(): Promise<unknown> },
  retention: { inbox: number; reminders: number },
): Job[] {
  return [
    { name: 'remind-missing-ic', run: () => remindMissingIc(services) },
    { name: 'remind-due-updates', run: () => remindDueUpdates(services) },
    { name: 'post-due-updates', run: () => postDueUpdates(services) },
    { name: 'expire-proposals', run: () => expireProposals(services) },
    { name: 'sweep-stuck-executions', run: () => sweepStuckExecutions(services) },
    { name: 'check-verifications', run: () => checkVerifications(services) },
    { name: 'resume-rollbacks', run: () => resumeRollbacks(services) },
    { name: 'tell-ended-watches', run: () => tellEndedWatches(services) },
    { name: 'remind-overdue-action-items', run: () => remindOverdueActionItems(services) },
    { name: 'remind-missing-postmortems', run: () => remindMissingPostmortems(services) },
    { name: 'send-due-digests', run: () => sendDueDigests(services) },
    { name: 'send-trust-surveys', run: () => sendTrustSurveys(services) },
    { name: 'process-pending-alerts', run: () => processPendingAlerts(services) },
    { name: 'deliver-due-pages', run: () => deliverDuePages(services) },
    { name: 'process-tracker-deliveries', run: () => processPendingDeliveries(services) },
    { name: 'sync-tracker-items', run: () => syncDueTrackerItems(services) },
    { name: 'poll-trackers', run: () => pollTrackers(services) },
    { name: 'deliver-pending-publications', run: () => deliverPendingPublications(services) },
    { name: 'sweep-inbox', run: () => inbox.sweep() },
    { name: 'prune-inbox', run: () => pruneFinishedRequests(services, retention.inbox) },
    { name: 'prune-reminders', run: () => pruneFinishedReminders(services, retention.reminders) },
  ];
}
