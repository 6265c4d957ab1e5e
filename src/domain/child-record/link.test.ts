import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './link.ts';

const strict = { allowHttp: false };
const internal = { allowHttp: true };

describe('the webhook address', () => {
  it('takes an https:// address', () => {
    expect(webhookUrlProblem('https://lcs.northshire.gov.uk/api/notes', strict)).toBeUndefined();
  });

  it('says what to do with a missing, partial, plain-http or credentialled address', () => {
    expect(webhookUrlProblem('', strict)).toBe('Enter the webhook address');
    expect(webhookUrlProblem('lcs.northshire.gov.uk/notes', strict)).toMatch(
      /^Enter the webhook address as a full address/,
    );
    expect(webhookUrlProblem('http://lcs.northshire.gov.uk/notes', strict)).toBe(
      'The webhook address must start with https://',
    );
    expect(webhookUrlProblem('ftp://lcs.northshire.gov.uk/notes', internal)).toBe(
      'The webhook address must start with https://',
    );
    expect(webhookUrlProblem('https://user:pass@lcs.northshire.gov.uk/notes', strict)).toMatch(
      /^Remove the user name and password/,
    );
    expect(webhookUrlProblem(`https://lcs.example/${'x'.repeat(2000)}`, strict)).toBe(
      'The webhook address must be 2000 characters or fewer',
    );
  });

  it('lets plain http through only where internal webhooks are allowed', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/notes', internal)).toBeUndefined();
    expect(
      webhookUrlProblem('http://integration.northshire.internal/notes', internal),
    ).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/notes', strict)).toBe(
      'The webhook address must start with https://',
    );
  });
});
