import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };

/**
 * Configuration comes from the environment only, validated once at start so a typo fails
 * loudly instead of running with a default nobody chose. docs: README "Configuration".
 */
const environment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  OVERSIGHT_DATA_DIR: z.string().default('./data'),
  OVERSIGHT_BASE_URL: z.string().url().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), 'expected smtp://… or smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  /** How long organisation-wide compliance figures are reused before they are worked out again. */
  COMPLIANCE_SNAPSHOT_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  JOB_WORKER: z
    .enum(['on', 'off'])
    .default('on')
    .transform((value) => value === 'on'),
  /** The watched folder of children's syncs, one folder per organisation slug (docs/sync.md). */
  SYNC_INBOX_DIR: z.string().min(1).optional(),
  /** Webhooks for the child's record on internal addresses, and over http (docs/child-record.md). */
  CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  // Single sign-on (docs/single-sign-on.md): all four, or none.
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ORGANISATION: z.string().min(1).optional(),
  OIDC_BUTTON_TEXT: z.string().min(1).max(60).optional(),
});

/** Single sign-on with one OpenID Connect provider, for one organisation's accounts. */
export type OidcConfig = {
  /** The provider's issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The organisation (id or slug) whose existing accounts people sign in to. */
  organisation: string;
  buttonText: string;
  /** Where the provider sends the browser back: register it with the provider. */
  redirectUri: string;
};

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  baseUrl: string | undefined;
  /** Cookies get `Secure` and the `__Host-` prefix when the service is reached over HTTPS. */
  secureCookies: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  logLevel: string;
  trustProxy: boolean;
  version: string;
  /** Where email goes (smtp://user:pass@host:587); unset, messages are held in the outbox. */
  smtpUrl: string | undefined;
  /** The From of every email, e.g. `Oversight <oversight@council.gov.uk>`. */
  mailFrom: string;
  /** Whether `oversight serve` runs the background job worker. */
  jobWorker: boolean;
  /** The folder the worker scans for children's syncs; unset, there is none (docs/sync.md). */
  syncInboxDir: string | undefined;
  /** The child's record webhook may be on a private, loopback or link-local address, or http. */
  childRecordAllowPrivateWebhooks: boolean;
  /**
   * Organisation-wide compliance (a council's whole history) takes seconds to work out, so it is
   * reused for this long, and refreshed in the background; 0 works it out on every request.
   */
  complianceSnapshotMs: number;
  /** Single sign-on; unset, the sign-in page offers local accounts only. */
  oidc?: OidcConfig;
};

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.SMTP_URL && !env.MAIL_FROM && env.NODE_ENV === 'production') {
    throw new ConfigError('MAIL_FROM: required in production when SMTP_URL is set');
  }
  if (env.NODE_ENV === 'production' && !env.OVERSIGHT_BASE_URL) {
    throw new ConfigError(
      'OVERSIGHT_BASE_URL: required in production (the https:// address people use)',
    );
  }
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.OVERSIGHT_DATA_DIR,
    baseUrl: env.OVERSIGHT_BASE_URL,
    secureCookies: env.OVERSIGHT_BASE_URL?.startsWith('https://') ?? false,
    complianceSnapshotMs:
      (env.COMPLIANCE_SNAPSHOT_SECONDS ?? (env.NODE_ENV === 'test' ? 0 : 300)) * 1000,
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    version: packageJson.version,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? `Oversight <oversight@${mailDomain(env.OVERSIGHT_BASE_URL)}>`,
    jobWorker: env.JOB_WORKER,
    syncInboxDir: env.SYNC_INBOX_DIR,
    childRecordAllowPrivateWebhooks: env.CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS,
    oidc: oidcConfig(env),
  };
}

const oidcVariables = [
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_ORGANISATION',
] as const;

function oidcConfig(env: z.infer<typeof environment>): OidcConfig | undefined {
  const missing = oidcVariables.filter((name) => !env[name]);
  if (missing.length === oidcVariables.length) return undefined;
  const problems = missing.map((name) => `${name}: required for single sign-on`);
  if (!env.OVERSIGHT_BASE_URL) {
    problems.push('OVERSIGHT_BASE_URL: required for single sign-on (it makes the redirect URI)');
  }
  if (env.OIDC_ISSUER) problems.push(...issuerProblems(new URL(env.OIDC_ISSUER), env.NODE_ENV));
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    issuer: env.OIDC_ISSUER!,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    organisation: env.OIDC_ORGANISATION!,
    buttonText: env.OIDC_BUTTON_TEXT ?? 'Sign in with your organisation account',
    redirectUri: new URL('/sign-in/oidc/callback', env.OVERSIGHT_BASE_URL).href,
  };
}

function issuerProblems(issuer: URL, nodeEnv: string): string[] {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(loopback && nodeEnv !== 'production')) {
    return ['OIDC_ISSUER: must be an https:// address'];
  }
  // Entra's shared endpoints accept anyone's tenant: the issuer must name the council's own.
  if (
    issuer.hostname === 'login.microsoftonline.com' &&
    /^\/(common|organizations|consumers)(\/|$)/.test(issuer.pathname)
  ) {
    return [
      "OIDC_ISSUER: name your tenant, as in https://login.microsoftonline.com/<tenant id>/v2.0, not 'common', 'organizations' or 'consumers'",
    ];
  }
  return [];
}

/** The host of the public address, for a From address nobody chose: oversight@localhost. */
function mailDomain(baseUrl: string | undefined): string {
  return baseUrl ? new URL(baseUrl).hostname : 'localhost';
}
