import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, SECRET_VARIABLES } from '../../src/config/env.js';
import { parseConfigText } from '../../src/config/load.js';

describe('environment', () => {
  it('applies the defaults of docs/configuration.md', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      SLACK_API_URL: 'https://slack.com/api/',
      FIREBREAK_DATA_DIR: './.firebreak',
      LOG_LEVEL: 'info',
    });
  });

  it('names the variable and never echoes a secret value', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/^PORT /);
    try {
      parseEnv({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toBe('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('treats empty variables as unset and normalises the API URL', () => {
    const env = parseEnv({ DATABASE_URL: '', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SLACK_API_URL).toBe('http://127.0.0.1:9/api/');
  });
});

describe('configuration file', () => {
  it('accepts the example of docs/configuration.md', () => {
    const file = parseConfigText(
      `timezone: Europe/Paris
default_severity: sev1
channels: { broadcast: C0123456789 }
severities:
  sev0: { update_every: 15m }
  sev3: { update_every: null }
scheduler: { tick: 15s }
services:
  - { name: payments, risk: critical, team: payments, links: { dashboard: "https://grafana.example.com/d/pay" } }
approvers: [U0123ABC]
ai: { mode: shadow }
digest:
  schedule: "0 9 * * 1"
  channels: [C0123456789, { channel: C0PAYMENTS, team: payments }]
`,
      'firebreak.yml',
    );
    expect(file.timezone).toBe('Europe/Paris');
    expect(file.severities.sev0.update_every).toBe(900_000);
    expect(file.severities.sev3.update_every).toBeNull();
    expect(file.severities.sev2.update_every).toBeUndefined();
    expect(file.scheduler.tick).toBe(15_000);
    expect(file.services[0]).toMatchObject({ name: 'payments', risk: 'critical' });
  });

  it('gives built-in defaults for an empty file', () => {
    expect(parseConfigText('', 'f.yml')).toMatchObject({
      timezone: 'UTC',
      default_severity: 'sev2',
      ai: { mode: 'propose' },
    });
  });

  it.each([
    ['timezone: Mars/Olympus', 'f.yml: timezone must be an IANA time zone such as UTC or Europe/Paris'],
    [
      'severities: { sev1: { update_every: soon } }',
      'f.yml: severities.sev1.update_every "soon" is not a duration; write it like 30s, 15m or 1h',
    ],
    ['channels: { broadcast: general }', 'f.yml: channels.broadcast must be a Slack channel id such as C0123456789'],
    ['colour: red', 'f.yml: unknown key colour'],
    ['ai: { mode: yolo }', 'f.yml: ai.mode'],
    ['services: [{ name: Pay Ments }]', 'f.yml: services.0.name must be lowercase letters, digits, - or _'],
    ['timezone: [', 'f.yml: not valid YAML'],
    [
      'digest: { schedule: "every monday" }',
      'f.yml: digest.schedule is not a cron expression; write it like "0 9 * * 1"',
    ],
    [
      'services: [{ name: pay, team: payments }]\ndigest: { channels: [{ channel: C0PAY, team: paymnets }] }',
      'f.yml: digest.channels.0.team "paymnets" is not the team of any service; teams: payments',
    ],
    ['postmortem: { token_budget: 10 }', 'f.yml: postmortem.token_budget must be at least 4000 tokens'],
    [
      'alerts: { routes: [{ match: { severity: critical }, service: nope, action: declare }] }',
      'f.yml: alerts.routes[0].service "nope" is not a configured service; services: none configured',
    ],
    ['alerts: { declare_per_minute: 0 }', 'f.yml: alerts.declare_per_minute must be at least 1'],
    [
      'metrics: { prometheus: { url: prometheus } }',
      'f.yml: metrics.prometheus.url must be a URL such as http://prometheus:9090',
    ],
    [
      'metrics: { prometheus: { url: "http://p:9090", timeout: soon } }',
      'f.yml: metrics.prometheus.timeout "soon" is not a duration',
    ],
    [
      'metrics: { prometheus: { url: "http://p:9090", timeout: 2m } }',
      'f.yml: metrics.prometheus.timeout must be at most 60s',
    ],
    ['ai: { autonomy: { max_regression_rate: 2 } }', 'f.yml: ai.autonomy.max_regression_rate must be between 0 and 1'],
  ])('refuses %s with one line naming the key', (yaml, message) => {
    expect(() => parseConfigText(yaml, 'f.yml')).toThrow(message);
  });
});

describe('metrics and autonomy', () => {
  it('reads Prometheus with a default timeout, and the autonomy gates with their defaults', () => {
    const file = parseConfigText('metrics: { prometheus: { url: "http://prometheus:9090" } }', 'f.yml');
    expect(file.metrics).toEqual({ prometheus: { url: 'http://prometheus:9090', timeout: 5000 } });
    expect(file.ai.autonomy).toEqual({ min_days: 30, min_verified: 5, max_regression_rate: 0.02 });
    expect(parseConfigText('', 'f.yml').metrics).toEqual({});
  });

  it('reads FIREBREAK_PROMETHEUS_TOKEN and counts it as a secret', () => {
    expect(parseEnv({ FIREBREAK_PROMETHEUS_TOKEN: 'tok-123' }).FIREBREAK_PROMETHEUS_TOKEN).toBe('tok-123');
    expect(SECRET_VARIABLES.has('FIREBREAK_PROMETHEUS_TOKEN')).toBe(true);
  });
});

describe('templates in the configuration file', () => {
  it('accepts custom templates with known placeholders', () => {
    const file = parseConfigText(
      'templates: { internal: "{severity} {title}: {status}. Next: {next_update}" }',
      'f.yml',
    );
    expect(file.templates.internal).toBe('{severity} {title}: {status}. Next: {next_update}');
    expect(file.templates.customer).toContain('We are currently investigating');
  });

  it('names an unknown placeholder at start-up', () => {
    expect(() => parseConfigText('templates: { customer: "We are on it, {titel}" }', 'f.yml')).toThrow(
      /^f\.yml: templates\.customer has an unknown placeholder \{titel\}; use \{title\}/,
    );
  });
});
