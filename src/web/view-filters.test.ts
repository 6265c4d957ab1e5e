import { describe, expect, it } from 'vitest';
import { govukDate } from './view-filters.ts';

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
