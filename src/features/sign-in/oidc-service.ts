import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import type { AuthService } from '../../services/auth-service.ts';
import { newSecret, sha256 } from '../../services/tokens.ts';

/** How long a person has at the provider before the sign-in they started is forgotten. */
export const loginLifetimeSeconds = 10 * 60;

/** Why a single sign-on did not end in a session; the routes turn each into a page. */
export type OidcRefusal =
  | 'not-set-up'
  | 'provider-unreachable'
  | 'expired'
  | 'state-mismatch'
  | 'denied'
  | 'provider-error'
  | 'not-verified'
  | 'no-email'
  | 'no-account'
  | 'disabled'
  | 'linked-elsewhere';

export type OidcFinish =
  | { outcome: 'signed-in'; user: UserAccount; sessionToken: string; returnTo: string }
  | { outcome: 'refused'; reason: OidcRefusal; email?: string; providerError?: string };

type Claims = Record<string, unknown>;

/**
 * The relying party: authorization code flow with PKCE, state and nonce (openid-client checks
 * the id_token's signature, issuer, audience, expiry and nonce). People are matched to EXISTING
 * accounts of one organisation: by the identity linked at their first sign-in, or else by a
 * verified email, which links the identity. Nobody is registered here.
 */
export function oidcService(repos: Repositories, auth: AuthService, settings: OidcConfig) {
  let discovered: Promise<client.Configuration> | undefined;

  /** Discovery once, on first use, so the service starts even while the provider is down. */
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        execute: [
          // Without it the id_token's signature is taken on trust in TLS to the token endpoint;
          // checking it as well costs one fetch of the provider's keys, which are then cached.
          client.enableNonRepudiationChecks,
          // Plain http is allowed by the configuration only for a provider on this machine.
          ...(new URL(settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : []),
        ],
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  async function organisation() {
    const key = settings.organisation;
    return /^[0-9a-f-]{36}$/i.test(key)
      ? repos.organisations.findById(key)
      : repos.organisations.findBySlug(key);
  }

  async function refuse(
    organisationId: string,
    reason: OidcRefusal,
    detail: { email?: string; subject?: string; user?: UserAccount; requestId?: string },
  ): Promise<OidcFinish> {
    // Refusals after the provider vouched for someone go on the audit trail: they are the trace
    // of a person trying to get in, or of an account an administrator has not created yet.
    await repos.auditLog.append({
      organisationId,
      actorUserId: detail.user?.id ?? null,
      action: 'sign_in_refused',
      resourceType: 'user_account',
      resourceId: detail.user?.id ?? null,
      detail: {
        method: 'oidc',
        reason,
        ...(detail.email ? { email: detail.email } : {}),
        ...(detail.subject ? { subject: detail.subject } : {}),
      },
      requestId: detail.requestId ?? null,
    });
    return { outcome: 'refused', reason, ...(detail.email ? { email: detail.email } : {}) };
  }

  /** The account this verified person may use, or why there is none. */
  async function matchAccount(organisationId: string, claims: Claims, requestId?: string) {
    const subject = stableSubject(claims);
    const identity = { issuer: settings.issuer, subject };
    const linked = await repos.users.findByOidcIdentity(organisationId, identity.issuer, subject);
    if (linked) {
      return linked.disabled
        ? refuse(organisationId, 'disabled', { subject, user: linked, requestId })
        : linked;
    }
    const email = verifiedEmail(claims, settings.issuer);
    if (!email) return refuse(organisationId, 'no-email', { subject, requestId });
    const user = await repos.users.findByEmail(email);
    if (!user || user.organisationId !== organisationId) {
      return refuse(organisationId, 'no-account', { email, subject, requestId });
    }
    if (user.disabled)
      return refuse(organisationId, 'disabled', { email, subject, user, requestId });
    // A unique violation: the same identity was linked to another account a moment ago.
    const linkedNow = await repos.users
      .linkOidcIdentity(organisationId, user.id, identity, requestId)
      .catch((error: { code?: string }) => {
        if (error.code === '23505') return false;
        throw error;
      });
    if (!linkedNow) {
      return refuse(organisationId, 'linked-elsewhere', { email, subject, user, requestId });
    }
    return user;
  }

  return {
    buttonText: settings.buttonText,

    /** Starts a sign-in: the provider's address to send the browser to, and the cookie's handle. */
    async begin(returnTo: string) {
      const [org, config] = await Promise.all([organisation(), configuration()]);
      if (!org) throw new OidcNotSetUp(settings.organisation);
      const handle = newSecret();
      const login = {
        organisationId: org.id,
        id: sha256(handle),
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        returnTo,
      };
      await repos.oidcLoginStates.create(login, loginLifetimeSeconds);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid profile email',
        response_type: 'code',
        state: login.state,
        nonce: login.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(login.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, handle };
    },

    /** Finishes a sign-in from the provider's redirect back, with the browser's handle. */
    async finish(
      handle: string | undefined,
      query: Record<string, string>,
      requestId?: string,
    ): Promise<OidcFinish> {
      const org = await organisation();
      if (!org) return { outcome: 'refused', reason: 'not-set-up' };
      const login = handle ? await repos.oidcLoginStates.take(org.id, sha256(handle)) : undefined;
      if (!login) return { outcome: 'refused', reason: 'expired' };
      if (!sameText(query.state ?? '', login.state)) {
        return { outcome: 'refused', reason: 'state-mismatch' };
      }
      if (query.error) {
        return {
          outcome: 'refused',
          reason: query.error === 'access_denied' ? 'denied' : 'provider-error',
          providerError: query.error.slice(0, 60),
        };
      }
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch {
        return { outcome: 'refused', reason: 'provider-unreachable' };
      }
      const currentUrl = new URL(settings.redirectUri);
      for (const [name, value] of Object.entries(query)) currentUrl.searchParams.set(name, value);
      let claims: Claims;
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        claims = (tokens.claims() ?? {}) as Claims;
      } catch (error) {
        return { outcome: 'refused', reason: 'not-verified', providerError: errorCode(error) };
      }
      const account = await matchAccount(org.id, claims, requestId);
      if ('outcome' in account) return account;
      const sessionToken = await auth.signInVerified(account, 'oidc', requestId);
      return { outcome: 'signed-in', user: account, sessionToken, returnTo: login.returnTo };
    },
  };
}
export type OidcService = ReturnType<typeof oidcService>;

export class OidcNotSetUp extends Error {
  constructor(organisation: string) {
    super(`OIDC_ORGANISATION names no organisation: ${organisation}`);
  }
}

/**
 * Entra's `oid` is the person's id across every application of the tenant, where `sub` is
 * particular to one app registration: `oid` survives re-registering the app.
 */
function stableSubject(claims: Claims): string {
  return typeof claims.oid === 'string' ? claims.oid : String(claims.sub);
}

/**
 * An email the provider vouches for: `email` with `email_verified`, or, from a Microsoft Entra
 * tenant (which sends no `email_verified`), the sign-in name `preferred_username`. Microsoft
 * calls that name mutable and a B2B guest's comes from their home tenant, so it counts only for
 * a member (not a guest) of the tenant named in the configured issuer (`tid`). Used only to link
 * an identity the first time.
 */
export function verifiedEmail(claims: Claims, issuer: string): string | undefined {
  const isEmail = (value: unknown): value is string =>
    typeof value === 'string' && /^[^\s@]+@[^\s@]+$/.test(value);
  if (claims.email_verified === true && isEmail(claims.email)) return claims.email;
  const tenant = entraTenant(issuer);
  const ownMember =
    tenant !== undefined &&
    typeof claims.tid === 'string' &&
    claims.tid.toLowerCase() === tenant &&
    !isEntraGuest(claims, tenant);
  if (ownMember && isEmail(claims.preferred_username)) return claims.preferred_username;
  return undefined;
}

/**
 * A B2B guest: `acct` 1 (an optional claim), or an `idp` (sent when the person was authenticated
 * by another tenant or by Microsoft accounts) that is not this tenant.
 */
function isEntraGuest(claims: Claims, tenant: string): boolean {
  if (String(claims.acct) === '1') return true;
  return typeof claims.idp === 'string' && !claims.idp.toLowerCase().includes(tenant);
}

/** The tenant id in an Entra issuer (`https://login.microsoftonline.com/{tid}/v2.0`), if any. */
function entraTenant(issuer: string): string | undefined {
  const url = new URL(issuer);
  if (url.hostname !== 'login.microsoftonline.com') return undefined;
  const tenant = url.pathname.split('/')[1]?.toLowerCase();
  return tenant && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(tenant)
    ? tenant
    : undefined;
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && sha256(a) === sha256(b);
}

/** A short, safe code for the log: openid-client's error code or the provider's error. */
function errorCode(error: unknown): string {
  const { code, error: oauthError } = (error ?? {}) as { code?: unknown; error?: unknown };
  return String(oauthError ?? code ?? 'unknown');
}
