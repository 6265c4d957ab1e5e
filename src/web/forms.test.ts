import { describe, expect, it } from 'vitest';
import {
  dateToForm,
  errorLocals,
  FormErrors,
  formValues,
  isUuid,
  parseDate,
  readChoice,
  readDate,
  readText,
} from './forms.ts';

const date = (day: string, month: string, year: string) => ({
  'd-day': day,
  'd-month': month,
  'd-year': year,
});

describe('the GOV.UK date input', () => {
  it.each([
    [date('7', '3', '2026'), '2026-03-07'],
    [date('07', '03', '2026'), '2026-03-07'],
    [date('3', '11', '2025'), '2025-11-03'],
    [date('29', '2', '2028'), '2028-02-29'],
  ])('reads %j as %s, with or without leading zeros', (form, expected) => {
    expect(parseDate(form, 'd', 'Start date')).toEqual({ kind: 'date', date: expected });
  });

  it('is empty when nothing is typed', () => {
    expect(parseDate(date('', '', ''), 'd', 'Start date')).toEqual({ kind: 'empty' });
    expect(parseDate({}, 'd', 'Start date')).toEqual({ kind: 'empty' });
  });

  it.each([
    [date('', '3', '2025'), 'Start date must include a day', ['day']],
    [date('1', '', '2025'), 'Start date must include a month', ['month']],
    [date('', '', '2026'), 'Start date must include a day and month', ['day', 'month']],
    [date('1', '', ''), 'Start date must include a month and year', ['month', 'year']],
    [date('1', '3', ''), 'Start date must include a year', ['year']],
    [date('x', '3', '2025'), 'Start date must be a real date', ['day']],
    [date('x', 'y', '2025'), 'Start date must be a real date', ['day', 'month']],
    [date('1', '3', '25'), 'Year must include 4 numbers', ['year']],
    [date('1', '13', '2025'), 'Start date must be a real date', ['month']],
    [date('1', '0', '2025'), 'Start date must be a real date', ['month']],
    [date('30', '2', '2025'), 'Start date must be a real date', ['day', 'month', 'year']],
    [date('29', '2', '2027'), 'Start date must be a real date', ['day', 'month', 'year']],
    [date('001', '2', '2027'), 'Start date must be a real date', ['day', 'month', 'year']],
    [date('1', '2', '1899'), 'Start date must be a real date', ['day', 'month', 'year']],
  ])('%j: "%s", marking %j', (form, text, parts) => {
    expect(parseDate(form, 'd', 'Start date')).toEqual({ kind: 'invalid', text, parts });
  });

  it('links the error to the first box to correct, and marks only the boxes in question', () => {
    const errors = new FormErrors();
    expect(readDate(date('1', '', ''), errors, 'd', 'Start date')).toBeUndefined();
    expect(errors.list).toEqual([
      { text: 'Start date must include a month and year', href: '#d-month' },
    ]);
    expect(errors.byField.d).toEqual({
      text: 'Start date must include a month and year',
      parts: ['month', 'year'],
    });
    const whole = new FormErrors();
    readDate(date('31', '4', '2026'), whole, 'd', 'Start date');
    expect(whole.list[0]?.href).toBe('#d-day');
  });

  it('gives null for an empty date that is not required', () => {
    const errors = new FormErrors();
    expect(readDate(date('', '', ''), errors, 'd', 'Start date')).toBeNull();
    expect(errors.any).toBe(false);
  });

  it('asks for a required date, pointing at the day', () => {
    const errors = new FormErrors();
    expect(readDate(date('', '', ''), errors, 'd', 'Start date', { required: true })).toBe(
      undefined,
    );
    expect(errors.list).toEqual([{ text: 'Enter the start date', href: '#d-day' }]);
    expect(errors.byField.d).toEqual({ text: 'Enter the start date' });
  });

  it('asks for a required date in the words given', () => {
    const errors = new FormErrors();
    readDate(date('', '', ''), errors, 'd', 'Date opened', {
      required: "Enter the date the child's involvement opened",
    });
    expect(errors.list).toEqual([
      { text: "Enter the date the child's involvement opened", href: '#d-day' },
    ]);
  });

  it('keeps an acronym at the start of a label in the sentence', () => {
    const errors = new FormErrors();
    readDate(date('', '', ''), errors, 'd', 'ASYE start date', { required: true });
    expect(errors.list[0]?.text).toBe('Enter the ASYE start date');
  });

  it('shows a saved date back in the boxes as a person types it, and reads it again', () => {
    expect(dateToForm('d', '2025-03-07')).toEqual({
      'd-day': '7',
      'd-month': '3',
      'd-year': '2025',
    });
    expect(dateToForm('d', null)).toEqual({ 'd-day': '', 'd-month': '', 'd-year': '' });
    expect(readDate(dateToForm('d', '2026-11-05'), new FormErrors(), 'd', 'Start date')).toBe(
      '2026-11-05',
    );
  });
});

describe('text and choices', () => {
  it('gives null for empty text, and asks for it when required', () => {
    const errors = new FormErrors();
    expect(readText({ name: '' }, errors, 'name', 'Name')).toBeNull();
    expect(errors.any).toBe(false);
    readText({}, errors, 'name', 'Name', { required: true });
    readText({}, errors, 'caseId', 'Case ID', { required: "Enter the child's case ID" });
    expect(errors.list).toEqual([
      { text: 'Enter the name', href: '#name' },
      { text: "Enter the child's case ID", href: '#caseId' },
    ]);
  });

  it('keeps text that is too long, with an error', () => {
    const errors = new FormErrors();
    expect(readText({ id: 'abcdef' }, errors, 'id', 'HR number', { max: 5 })).toBe('abcdef');
    expect(errors.list[0]?.text).toBe('HR number must be 5 characters or fewer');
    readText({ name: 'x'.repeat(201) }, errors, 'name', 'Name');
    expect(errors.list[1]?.text).toBe('Name must be 200 characters or fewer');
  });

  it('takes only a choice it offers', () => {
    const errors = new FormErrors();
    expect(readChoice({ kind: 'b' }, errors, 'kind', ['a', 'b'], 'Select a kind')).toBe('b');
    expect(readChoice({ kind: 'c' }, errors, 'kind', ['a', 'b'], 'Select a kind')).toBe(undefined);
    expect(errors.list).toEqual([{ text: 'Select a kind', href: '#kind' }]);
  });
});

describe('the errors of a form', () => {
  it('keeps the first error of each field, in order, for the summary and the fields', () => {
    const errors = new FormErrors()
      .add('name', 'Enter the name')
      .add('endsOn', 'End date must be after the start date', { href: '#endsOn-day' })
      .add('name', 'A second message');
    expect(errors.has('name')).toBe(true);
    expect(errors.has('email')).toBe(false);
    expect(errorLocals(errors)).toEqual({
      errors: [
        { text: 'Enter the name', href: '#name' },
        { text: 'End date must be after the start date', href: '#endsOn-day' },
      ],
      fieldErrors: {
        name: { text: 'Enter the name' },
        endsOn: { text: 'End date must be after the start date' },
      },
    });
    expect(errorLocals(undefined)).toEqual({});
  });
});

describe('reading a posted form', () => {
  it('trims values, drops the CSRF token and keeps the last of repeated fields', () => {
    expect(formValues({ _csrf: 't', name: '  Jo ', kind: ['a', 'b'], n: 3 })).toEqual({
      name: 'Jo',
      kind: 'b',
    });
    expect(formValues(undefined)).toEqual({});
  });

  it('knows a row id', () => {
    expect(isUuid('0b7e6f1e-0000-4000-8000-000000000001')).toBe(true);
    expect(isUuid('0B7E6F1E-0000-4000-8000-000000000001')).toBe(true);
    expect(isUuid('not-an-id')).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});
