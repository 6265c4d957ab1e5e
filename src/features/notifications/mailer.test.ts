import { describe, expect, it } from 'vitest';
import { calendarMethod, parseAddress } from './mailer.ts';

describe('MAIL_FROM as a name and an address', () => {
  it.each([
    ['Oversight <oversight@northshire.gov.uk>', 'Oversight', 'oversight@northshire.gov.uk'],
    [
      '"Northshire Supervision" <supervision@northshire.gov.uk>',
      'Northshire Supervision',
      'supervision@northshire.gov.uk',
    ],
    ['supervision@northshire.gov.uk', 'Oversight', 'supervision@northshire.gov.uk'],
    ['<noreply@northshire.gov.uk>', 'Oversight', 'noreply@northshire.gov.uk'],
  ])('%s', (text, name, email) => {
    expect(parseAddress(text)).toEqual({ name, email });
  });
});

describe('the METHOD of an invitation', () => {
  it('reads REQUEST and CANCEL, and calls anything else PUBLISH', () => {
    expect(calendarMethod('BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR')).toBe('REQUEST');
    expect(calendarMethod('BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n')).toBe('CANCEL');
    expect(calendarMethod('BEGIN:VCALENDAR\r\nEND:VCALENDAR')).toBe('PUBLISH');
  });
});
