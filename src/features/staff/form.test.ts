import { describe, expect, it } from 'vitest';
import { dateToForm, FormErrors, formValues, readDate } from './form.ts';

const date = (day: string, month: string, year: string) => ({
  'd-day': day,
  'd-month': month,
  'd-year': year,
});

describe('reading a GOV.UK date input', () => {
  it.each([
    [date('7', '3', '2026'), '2026-03-07', undefined],
    [date('07', '03', '2026'), '2026-03-07', undefined],
    [date('', '', ''), null, undefined],
    [date('29', '2', '2028'), '2028-02-29', undefined],
    [date('29', '2', '2027'), undefined, 'Start date must be a real date'],
    [date('1', '13', '2026'), undefined, 'Start date must be a real date'],
    [date('x', '1', '2026'), undefined, 'Start date must be a real date'],
    [date('1', '', '2026'), undefined, 'Start date must include a month'],
    [date('', '', '2026'), undefined, 'Start date must include a day and month'],
    [date('1', '1', '26'), undefined, 'Year must include 4 numbers'],
  ])('%j → %s', (form, expected, message) => {
    const errors = new FormErrors();
    expect(readDate(form, errors, 'd', 'Start date')).toBe(expected);
    expect(errors.list[0]?.text).toBe(message);
  });

  it('asks for a required date, pointing at the day', () => {
    const errors = new FormErrors();
    expect(readDate(date('', '', ''), errors, 'd', 'Start date', true)).toBeUndefined();
    expect(errors.list).toEqual([{ text: 'Enter the start date', href: '#d-day' }]);
  });

  it('keeps an acronym at the start of a label in the sentence', () => {
    const errors = new FormErrors();
    readDate(date('', '', ''), errors, 'd', 'ASYE start date', true);
    expect(errors.list[0]?.text).toBe('Enter the ASYE start date');
  });

  it('marks only the missing parts', () => {
    const errors = new FormErrors();
    readDate(date('1', '', ''), errors, 'd', 'Start date');
    expect(errors.byField.d).toEqual({
      text: 'Start date must include a month and year',
      parts: ['month', 'year'],
    });
    expect(errors.list[0]?.href).toBe('#d-month');
  });

  it('round-trips a saved date through the form', () => {
    const errors = new FormErrors();
    expect(readDate(dateToForm('d', '2026-11-05'), errors, 'd', 'Start date')).toBe('2026-11-05');
    expect(dateToForm('d', null)).toEqual({ 'd-day': '', 'd-month': '', 'd-year': '' });
  });
});

describe('reading a posted form', () => {
  it('trims values, drops the CSRF token and keeps the last of repeated fields', () => {
    expect(formValues({ _csrf: 't', name: '  Jo ', kind: ['a', 'b'], n: 3 })).toEqual({
      name: 'Jo',
      kind: 'b',
    });
  });
});
