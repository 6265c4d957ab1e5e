import { createHash, randomBytes } from 'node:crypto';

/** A secret to hand out once (session cookie, API token); only its hash is stored. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
