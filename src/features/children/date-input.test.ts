import { describe, expect, it } from 'vitest';
import { datePartsOf, parseDateParts } from './date-input.ts';

const parts = (day: string, month: string, year: string) => ({ day, month, year });

describe('the GOV.UK date input', () => {
  it('reads a real date, with or without leading zeros', () => {
    expect(parseDateParts(parts('3', '11', '2025'), 'Date')).toEqual({
      kind: 'date',
      date: '2025-11-03',
    });
    expect(parseDateParts(parts('03', '01', '2024'), 'Date')).toEqual({
      kind: 'date',
      date: '2024-01-03',
    });
    expect(parseDateParts(parts('29', '2', '2024'), 'Date')).toEqual({
      kind: 'date',
      date: '2024-02-29',
    });
  });

  it('is empty when nothing is typed', () => {
    expect(parseDateParts(parts('', '', ''), 'Date')).toEqual({ kind: 'empty' });
  });

  it.each([
    [parts('', '3', '2025'), 'Start date must include a day', 'day'],
    [parts('1', '', '2025'), 'Start date must include a month', 'month'],
    [parts('1', '', ''), 'Start date must include a month and year', 'month'],
    [parts('1', '3', ''), 'Start date must include a year', 'year'],
    [parts('30', '2', '2025'), 'Start date must be a real date', undefined],
    [parts('29', '2', '2025'), 'Start date must be a real date', undefined],
    [parts('1', '13', '2025'), 'Start date must be a real date', 'month'],
    [parts('x', '3', '2025'), 'Start date must be a real date', 'day'],
    [parts('1', '3', '25'), 'Year must include 4 numbers', 'year'],
  ])('%o: "%s"', (input, text, part) => {
    expect(parseDateParts(input, 'Start date')).toEqual({
      kind: 'invalid',
      text,
      ...(part ? { part } : {}),
    });
  });

  it('shows a stored date back in the boxes as a person types it', () => {
    expect(datePartsOf('2025-03-07')).toEqual({ day: '7', month: '3', year: '2025' });
    expect(datePartsOf(null)).toEqual({ day: '', month: '', year: '' });
  });
});
