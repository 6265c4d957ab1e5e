/**
 * The webhook's signature, as Stripe signs its events: `Oversight-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The receiver recomputes it
 * over the body exactly as received, compares in constant time, and refuses a timestamp more
 * than five minutes old, so a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeaderName = 'Oversight-Signature';

/** How old a signature's timestamp may be, in seconds, before a receiver refuses it. */
export const signatureToleranceSeconds = 300;

/** The exact string that is signed. */
export const signedPayload = (timestamp: number, rawBody: string) => `${timestamp}.${rawBody}`;

export function signatureOf(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret)
    .update(signedPayload(timestamp, rawBody), 'utf8')
    .digest('hex');
}

/**
 * The header's value for a body sent at `timestamp` (unix seconds). For a day after a new secret
 * is made, the replaced one signs too (a second `v1`), so a receiver still holding it accepts.
 */
export function signatureHeader(
  secret: string,
  timestamp: number,
  rawBody: string,
  previousSecret: string | null = null,
): string {
  const secrets = previousSecret ? [secret, previousSecret] : [secret];
  const signatures = secrets.map((s) => `v1=${signatureOf(s, timestamp, rawBody)}`);
  return [`t=${timestamp}`, ...signatures].join(',');
}

export type Verdict = 'valid' | 'malformed' | 'too_old' | 'mismatch';

/** What a receiver decides about a request: any v1 signature matching, and not too old. */
export function verifySignature(
  header: string | undefined,
  secret: string,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = signatureToleranceSeconds,
): Verdict {
  const parts = (header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([name]) => name === 't')?.[1]);
  const signatures = parts.filter(([name]) => name === 'v1').map(([, value]) => value ?? '');
  if (!Number.isInteger(timestamp) || signatures.length === 0) return 'malformed';
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'too_old';
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? 'valid' : 'mismatch';
}
