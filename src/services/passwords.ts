import { type Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// Algorithm is an ambient const enum, so its value is written out: 2 is Argon2id.
const options = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const minimumPasswordLength = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verified against when the account is unknown, so both cases take the same time.
const decoy = hash('decoy password never used', options);

export async function verifyPassword(passwordHash: string | null, password: string) {
  if (!passwordHash) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A problem with a proposed password, in words for the person choosing it. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < minimumPasswordLength) {
    return `Password must be ${minimumPasswordLength} characters or more`;
  }
  if (password.length > 256) return 'Password must be 256 characters or fewer';
  return undefined;
}
