import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on defaults with the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: './data',
      secureCookies: false,
    });
    expect(config.sessionIdleMs).toBe(30 * 60_000);
    expect(config.sessionAbsoluteMs).toBe(12 * 3_600_000);
  });

  it('names the variable and the problem when a value is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: /);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL: /);
  });

  it('requires the public address in production, and turns on secure cookies for https', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /OVERSIGHT_BASE_URL: required in production/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', OVERSIGHT_BASE_URL: 'https://oversight.example.gov.uk' })
        .secureCookies,
    ).toBe(true);
  });

  it('holds email in the outbox unless SMTP_URL is set, and names a bad one', () => {
    expect(loadConfig({})).toMatchObject({
      smtpUrl: undefined,
      mailFrom: 'Oversight <oversight@localhost>',
      jobWorker: true,
    });
    expect(
      loadConfig({
        SMTP_URL: 'smtp://user:secret@mail.example.gov.uk:587',
        MAIL_FROM: 'Supervision <supervision@example.gov.uk>',
      }),
    ).toMatchObject({
      smtpUrl: 'smtp://user:secret@mail.example.gov.uk:587',
      mailFrom: 'Supervision <supervision@example.gov.uk>',
    });
    expect(loadConfig({ OVERSIGHT_BASE_URL: 'https://oversight.example.gov.uk' }).mailFrom).toBe(
      'Oversight <oversight@oversight.example.gov.uk>',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.gov.uk' })).toThrow(
      /SMTP_URL: expected smtp:\/\/… or smtps:\/\/…/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        OVERSIGHT_BASE_URL: 'https://oversight.example.gov.uk',
        SMTP_URL: 'smtps://mail.example.gov.uk',
      }),
    ).toThrow(/MAIL_FROM: required in production/);
    expect(loadConfig({ JOB_WORKER: 'off' }).jobWorker).toBe(false);
  });
});
