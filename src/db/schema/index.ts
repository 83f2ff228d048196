export * from './incidents.js';
export * from './role-assignments.js';
export * from './status-updates.js';
export * from './timeline-events.js';
