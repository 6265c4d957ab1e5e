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
});

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
  /**
   * Organisation-wide compliance (a council's whole history) takes seconds to work out, so it is
   * reused for this long, and refreshed in the background; 0 works it out on every request.
   */
  complianceSnapshotMs: number;
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
  };
}

/** The host of the public address, for a From address nobody chose: oversight@localhost. */
function mailDomain(baseUrl: string | undefined): string {
  return baseUrl ? new URL(baseUrl).hostname : 'localhost';
}
