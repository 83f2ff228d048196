import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (own registry, so tests can run several instances in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'firebreak_' });
  return {
    registry,
    commands: new Counter({
      name: 'firebreak_commands_total',
      help: 'Slash subcommands handled, by subcommand and outcome (ok | refused | error).',
      labelNames: ['subcommand', 'outcome'] as const,
      registers: [registry],
    }),
    interactions: new Counter({
      name: 'firebreak_interactions_total',
      help: 'Buttons, modals and events handled, by kind and outcome.',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    incidentsDeclared: new Counter({
      name: 'firebreak_incidents_declared_total',
      help: 'Incidents whose declaration completed, by severity.',
      labelNames: ['severity'] as const,
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: 'firebreak_handler_seconds',
      help: 'Time from receipt to the end of the slow work after ack, by handler.',
      labelNames: ['handler'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
