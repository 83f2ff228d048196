import { describe, expect, it } from 'vitest';
import { luhnValid, redact } from '../../src/ai/redact.js';

// Fake secrets are assembled from parts so secret scanners do not flag this file.
const j = (...parts: string[]) => parts.join('');
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '42', name: 'Ada' })}.${'S1gnaturE_-x'.repeat(3)}`;

describe('redact: each kind of secret', () => {
  const cases: [string, string, string][] = [
    ['slack bot token', j('token is xox', 'b-1234567890-0987654321-AbCdEfGhIjKlMnOp'), 'slack-token'],
    ['slack user token', j('xox', 'p-1111-2222-3333-abcdef'), 'slack-token'],
    ['slack app token', j('xap', 'p-1-A0123-4567-89abcdef'), 'slack-token'],
    ['slack webhook', j('https://hooks.slack', '.com/services/T000/B000/XXXXXXXXXXXXXXXX'), 'slack-webhook'],
    ['AWS access key id', j('AKIA', 'IOSFODNN7EXAMPLE'), 'aws-access-key-id'],
    ['AWS temporary key id', j('ASIA', 'Y34FZKBOKMUTVV7A'), 'aws-access-key-id'],
    ['AWS secret', j('aws_secret_access_key=', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 'aws-secret'],
    ['GitHub PAT (classic)', j('gh', 'p_', 'a'.repeat(20), 'B1'.repeat(8)), 'github-token'],
    ['GitHub OAuth token', j('gh', 'o_', 'Z9'.repeat(18)), 'github-token'],
    ['GitHub app token', j('gh', 's_', 'k'.repeat(36)), 'github-token'],
    ['GitHub user-to-server token', j('gh', 'u_', 'Q'.repeat(36)), 'github-token'],
    [
      'GitHub fine-grained PAT',
      j('github', '_pat_', '11ABCDEFG0', '_abcdefghijklmnopqrstuvwxyz012345'),
      'github-token',
    ],
    ['JWT', `Authorization header had ${JWT}`, 'jwt'],
    ['OpenAI key', j('sk-', 'proj-', 'Ab3dEfGh1jKlMn0pQrStUvWxYz012345'), 'openai-key'],
    ['OpenAI legacy key', j('sk-', 'T3BlbkFJ', 'aB1cD2eF3gH4iJ5kL6mN7oP8'), 'openai-key'],
    ['email', 'paged alice.smith+oncall@example.co.uk about it', 'email'],
    ['Visa number', 'card 4111 1111 1111 1111 declined', 'card-number'],
    ['Mastercard number', 'card 5555-5555-5555-4444 declined', 'card-number'],
    ['Amex number', 'card 378282246310005 declined', 'card-number'],
    ['bearer token', 'curl -H "Authorization: Bearer abcdefghijklmnop1234567890"', 'bearer-token'],
  ];
  for (const [name, input, kind] of cases)
    it(`redacts a ${name}`, () => {
      const out = redact(input);
      expect(out.text).toContain(`[REDACTED:${kind}]`);
      expect(out.count).toBe(1);
    });

  it('removes a whole PEM private key, even one cut off before its END line', () => {
    const pem = j('-----BEGIN RSA PRIV', 'ATE KEY-----\nMIIEowIBAAKCAQEA1\nabc+/=\n-----END RSA PRIV', 'ATE KEY-----');
    const out = redact(`here:\n${pem}\nthanks`);
    expect(out).toEqual({ text: 'here:\n[REDACTED:private-key]\nthanks', count: 1 });
    const cut = redact(j('-----BEGIN OPENSSH PRIV', 'ATE KEY-----\nb3BlbnNzaC1rZXk'));
    expect(cut).toEqual({ text: '[REDACTED:private-key]', count: 1 });
  });

  it('keeps the user and host of a URL, not its password', () => {
    const out = redact('DATABASE_URL=postgres://app:S3cr3t!pw@db.internal:5432/prod');
    expect(out.text).toBe('DATABASE_URL=postgres://app:[REDACTED:password]@db.internal:5432/prod');
    expect(out.count).toBe(1);
  });

  it('redacts password=, passwd:, secret= and JSON-style key values, keeping the key', () => {
    expect(redact('login with password=hunter2 now').text).toBe('login with password=[REDACTED:password] now');
    expect(redact('passwd: letmein').text).toBe('passwd: [REDACTED:password]');
    expect(redact('secret=abc123&x=1').text).toBe('secret=[REDACTED:secret]&x=1');
    expect(redact('{"db_password": "p w d", "user": "app"}').text).toBe(
      '{"db_password": [REDACTED:password], "user": "app"}',
    );
    expect(redact('CLIENT_SECRET=xyz API_KEY=abc').count).toBe(2);
  });

  it('counts every value and never re-redacts a marker', () => {
    const once = redact(j('xox', 'b-123456-abcdef and AKIA', 'IOSFODNN7EXAMPLE, mail bob@example.com'));
    expect(once.count).toBe(3);
    expect(redact(once.text)).toEqual({ text: once.text, count: 0 });
    expect(redact(j('token: xox', 'b-123456-abcdef')).text).toBe('token: [REDACTED:slack-token]');
    expect(redact(j('password=xox', 'b-123456-abcdef')).count).toBe(1);
  });
});

describe('redact: what must survive', () => {
  const survivors = [
    'Slack ts 1700000000.000100 in thread 1700000123.456789',
    'epoch ms 1700000000000 and ns 1700000000000000000',
    'request 123e4567-e89b-12d3-a456-426614174000 failed',
    'trace 12345678-1234-1234-1234-123456789012',
    'p99 latency 2350 ms, 4xx rate 0.93%, 502 errors: 1234567',
    'order id 4111111111111112 (fails Luhn)',
    'host sk-payments-prod-cluster-01.eu-west-1.compute.internal is down',
    'ssh db-1.payments.internal; curl https://status.example.com/api/v2',
    'postgres://app@db.internal/prod has no password',
    'see runbook https://wiki.example.com/runbooks/redis-timeouts#flush',
    'deploy a1b2c3d4e5f6 rolled out to 12 of 40 pods at 14:05:33Z',
    'ticket OPS-12345, phone +1 555 123 4567',
    'the password reset flow is broken',
    '<@U012ABCDEF> please check <#C0123456789|inc-42-payments>',
  ];
  for (const text of survivors)
    it(`leaves "${text}" alone`, () => {
      expect(redact(text)).toEqual({ text, count: 0 });
    });
});

describe('luhnValid', () => {
  it('accepts test card numbers and refuses near misses', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
