import type pg from 'pg';
import { apiTokenRepository } from './api-token-repository.ts';
import { organisationRepository } from './organisation-repository.ts';
import { sessionRepository } from './session-repository.ts';
import { signInThrottleRepository } from './sign-in-throttle-repository.ts';
import { staffRepository } from './staff-repository.ts';
import { userRepository } from './user-repository.ts';

/** Every repository over one pool; services receive this, tests can hand in others. */
export function repositories(pool: pg.Pool) {
  return {
    pool,
    users: userRepository(pool),
    sessions: sessionRepository(pool),
    signInThrottle: signInThrottleRepository(pool),
    apiTokens: apiTokenRepository(pool),
    organisations: organisationRepository(pool),
    staff: staffRepository(pool),
  };
}
export type Repositories = ReturnType<typeof repositories>;
