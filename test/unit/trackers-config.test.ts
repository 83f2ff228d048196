import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { trackerOf } from '../../src/services/trackers/tracker-of-item.js';

const JIRA = `  jira: { url: "https://example.atlassian.net", project: OPS, email: "\${JIRA_EMAIL}", token: "\${JIRA_API_TOKEN}" }`;
const ENV = { JIRA_EMAIL: 'bot@example.com', JIRA_API_TOKEN: 'jira-5ecret-token' };

describe('trackers configuration', () => {
  it('defaults to none: action items stay in Firebreak only', () => {
    const config = parseConfigText('', 'f.yml');
    expect(config.trackers).toMatchObject({ default: 'none', poll_every: 15 * 60_000 });
    expect(trackerOf({ config }, { services: [] })).toBeUndefined();
  });

  it('takes credentials from the environment and never names their values in errors', () => {
    const config = parseConfigText(`trackers:\n  default: jira\n${JIRA}\n`, 'f.yml', ENV);
    expect(config.trackers.jira).toMatchObject({ token: 'jira-5ecret-token', issue_type: 'Task' });
    expect(() => parseConfigText(`trackers:\n  default: jira\n${JIRA}\n`, 'f.yml', {})).toThrow(
      /trackers\.jira\.email uses \$\{JIRA_EMAIL\}, but JIRA_EMAIL is not set/,
    );
  });

  it('refuses a default or a service override whose tracker has no credentials', () => {
    expect(() => parseConfigText('trackers: { default: linear }\n', 'f.yml')).toThrow(
      /trackers.default is linear, but trackers.linear is not configured/,
    );
    expect(() =>
      parseConfigText('services:\n  - { name: pay, tracker: { github: { repo: o/r } } }\n', 'f.yml'),
    ).toThrow(/service pay uses github as its tracker, but trackers.github is not configured/);
    expect(() =>
      parseConfigText(
        `services:\n  - { name: pay, tracker: { jira: { project: PAY }, github: { repo: o/r } } }\ntrackers:\n${JIRA}\n`,
        'f.yml',
        ENV,
      ),
    ).toThrow(/exactly one of jira, linear, github/);
  });

  it("an incident's items follow its first service's tracker, else the default", () => {
    const config = parseConfigText(
      `services:\n  - { name: pay, tracker: { jira: { project: PAY } } }\n  - { name: web, tracker: none }\n  - { name: db }\ntrackers:\n  default: jira\n${JIRA}\n`,
      'f.yml',
      ENV,
    );
    expect(trackerOf({ config }, { services: ['pay', 'db'] })).toEqual({ tracker: 'jira', place: 'PAY' });
    expect(trackerOf({ config }, { services: ['db', 'pay'] })).toEqual({ tracker: 'jira', place: 'OPS' });
    expect(trackerOf({ config }, { services: ['web'] })).toBeUndefined();
    expect(trackerOf({ config }, { services: [] })).toEqual({ tracker: 'jira', place: 'OPS' });
  });
});
