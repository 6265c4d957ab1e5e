import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { addFilters, govukDate, trim } from './view-filters.ts';

describe('govukDate', () => {
  it.each([
    ['2026-11-23', '23 November 2026'],
    ['2027-01-01', '1 January 2027'],
    ['2024-02-29', '29 February 2024'],
  ])('shows %s as %s', (iso, shown) => expect(govukDate(iso)).toBe(shown));

  it('shows nothing for something that is not a date', () => {
    expect(govukDate(undefined)).toBe('');
    expect(govukDate('23/11/2026')).toBe('');
  });
});

describe('trim, as the GOV.UK macros use it', () => {
  const nunjucksTrim = new nunjucks.Environment().getFilter('trim');

  it('gives what Nunjucks’ own trim gives', () => {
    for (const text of [
      '  a  ',
      '\n\t<p>x</p>\n  ',
      '',
      'no space',
      ' \u00a0both\u00a0 ',
      `${' \n'.repeat(500)}x`,
    ])
      expect(trim(text)).toBe(nunjucksTrim(text));
  });

  it('keeps HTML marked safe, so the macros do not escape it', () => {
    const html = trim(new nunjucks.runtime.SafeString('  <b>bold</b>\n'));
    expect(html).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(html)).toBe('<b>bold</b>');
    const env = new nunjucks.Environment();
    addFilters(env);
    expect(env.renderString('{{ x | trim }}', { x: html })).toBe('<b>bold</b>');
    expect(env.renderString('{{ x | trim }}', { x: ' <b> ' })).toBe('&lt;b&gt;');
  });
});
