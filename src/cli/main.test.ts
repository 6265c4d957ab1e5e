import { afterEach, describe, expect, it, vi } from 'vitest';
import { helpText, main } from './main.ts';

describe('oversight command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists every command in its help', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['--help'])).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'demo',
      'users',
      'tokens',
      'policy',
      'evaluate',
      'calendar',
    ]) {
      expect(helpText()).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(out).toHaveBeenCalledWith(helpText());
  });

  it('exits 2 with the help for an unknown command', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['frobnicate'])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toContain("unknown command 'frobnicate'");
  });

  it('exits 2 with one line for a bad option', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['demo', '--nonsense'])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/^oversight demo: .*--nonsense/);
  });
});
