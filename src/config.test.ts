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
});
