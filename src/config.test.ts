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

  describe('single sign-on', () => {
    const entra = {
      OVERSIGHT_BASE_URL: 'https://oversight.example.gov.uk',
      OIDC_ISSUER: 'https://login.microsoftonline.com/3f2c1b7e-0000-4000-8000-000000000001/v2.0',
      OIDC_CLIENT_ID: 'a6c1e2d4-1111-4111-8111-000000000002',
      OIDC_CLIENT_SECRET: 'client secret',
      OIDC_ORGANISATION: 'northshire',
    };

    it('is off unless configured, and derives the redirect URI from the public address', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
      expect(loadConfig(entra).oidc).toEqual({
        issuer: entra.OIDC_ISSUER,
        clientId: entra.OIDC_CLIENT_ID,
        clientSecret: 'client secret',
        organisation: 'northshire',
        buttonText: 'Sign in with your organisation account',
        redirectUri: 'https://oversight.example.gov.uk/sign-in/oidc/callback',
      });
      expect(
        loadConfig({ ...entra, OIDC_BUTTON_TEXT: 'Sign in with Microsoft' }).oidc,
      ).toMatchObject({ buttonText: 'Sign in with Microsoft' });
    });

    it('names every missing setting when only some are given', () => {
      const attempt = () =>
        loadConfig({ OIDC_ISSUER: entra.OIDC_ISSUER, OIDC_CLIENT_ID: entra.OIDC_CLIENT_ID });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/OIDC_CLIENT_SECRET: required for single sign-on/);
      expect(attempt).toThrow(/OIDC_ORGANISATION: required for single sign-on/);
      expect(attempt).toThrow(/OVERSIGHT_BASE_URL: required for single sign-on/);
    });

    it("refuses a plain-http issuer except on this machine, and Entra's shared endpoints", () => {
      expect(() => loadConfig({ ...entra, OIDC_ISSUER: 'http://idp.example.gov.uk' })).toThrow(
        /OIDC_ISSUER: must be an https:\/\/ address/,
      );
      expect(loadConfig({ ...entra, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe(
        'http://127.0.0.1:4000',
      );
      expect(() =>
        loadConfig({ ...entra, NODE_ENV: 'production', OIDC_ISSUER: 'http://127.0.0.1:4000' }),
      ).toThrow(/OIDC_ISSUER: must be an https/);
      expect(() =>
        loadConfig({
          ...entra,
          OIDC_ISSUER: 'https://login.microsoftonline.com/common/v2.0',
        }),
      ).toThrow(/OIDC_ISSUER: name your tenant/);
      expect(() => loadConfig({ ...entra, OIDC_ISSUER: 'not a url' })).toThrow(/OIDC_ISSUER: /);
    });
  });
});
