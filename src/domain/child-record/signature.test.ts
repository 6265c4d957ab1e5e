import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, signedPayload, verifySignature } from './signature.ts';

const secret = 'whsec_test-secret';
const body = '{"id":"r1.1.c1","text":"Café – “quoted”"}';
const t = 1_782_000_000;

describe('the webhook signature', () => {
  it('is HMAC-SHA256 in hex over "<t>.<raw body>", as a receiver recomputes it', () => {
    expect(signedPayload(t, body)).toBe(`${t}.${body}`);
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies for the same secret and body, within five minutes either way', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, secret, body, t)).toBe('valid');
    expect(verifySignature(header, secret, body, t + 300)).toBe('valid');
    expect(verifySignature(header, secret, body, t - 300)).toBe('valid');
  });

  it('refuses an old timestamp, another body, another secret, or no signature', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, secret, body, t + 301)).toBe('too_old');
    expect(verifySignature(header, secret, `${body} `, t)).toBe('mismatch');
    expect(verifySignature(header, 'whsec_other', body, t)).toBe('mismatch');
    expect(verifySignature(`t=${t},v1=abc`, secret, body, t)).toBe('mismatch');
    expect(verifySignature(undefined, secret, body, t)).toBe('malformed');
    expect(verifySignature(`v1=${'0'.repeat(64)}`, secret, body, t)).toBe('malformed');
  });

  it('signs with the replaced secret too while it still signs, so either secret verifies', () => {
    const header = signatureHeader(secret, t, body, 'whsec_replaced');
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(header, secret, body, t)).toBe('valid');
    expect(verifySignature(header, 'whsec_replaced', body, t)).toBe('valid');
    expect(verifySignature(header, 'whsec_other', body, t)).toBe('mismatch');
  });

  it('accepts any one of several v1 signatures (a receiver checking during a change of secret)', () => {
    const header = `${signatureHeader(secret, t, body)},v1=${'0'.repeat(64)}`;
    expect(verifySignature(header, secret, body, t)).toBe('valid');
  });
});
