export * from './alerts.js';
export * from './digests.js';
export * from './incidents.js';
export * from './postmortems.js';
export * from './remediation-proposals.js';
export * from './role-assignments.js';
export * from './status-updates.js';
export * from './timeline-events.js';
