/**
 * The form that gives an access grant: who holds it, what it opens, why, and until when. The
 * expiry is a date and a time on the organisation's clock (Europe/London).
 */
import type { GrantScopeKind } from '../../data-access/access-grant-repository.ts';
import { parseTime } from '../../domain/planning/time.ts';
import {
  FormErrors,
  type FormValues,
  isUuid,
  readChoice,
  readDate,
  readText,
} from '../../web/forms.ts';
import { zonedInstant } from '../notifications/zoned-time.ts';

/**
 * The longest a grant may run: 90 days. An investigation (a LADO referral, a disciplinary) or
 * an inspection's fieldwork fits inside a quarter; anything longer should come back to an
 * administrator with a fresh reason, so no one keeps access by being forgotten.
 */
export const maximumGrantDays = 90;
const dayMs = 24 * 60 * 60 * 1000;

export const scopeKinds: readonly GrantScopeKind[] = ['person', 'child', 'team'];
export const reasonMaxLength = 2000;

/**
 * What the form gives, each part that was well formed: the holder and the scope are still to be
 * checked against the organisation, whatever else is wrong, so every problem is shown at once.
 */
export type GrantFormReading = {
  errors: FormErrors;
  holderUserId?: string | undefined;
  scope?: { kind: GrantScopeKind; id: string } | { kind: 'child'; caseId: string } | undefined;
  reason?: string | undefined;
  expiresAt?: Date | undefined;
};

/** Reads the posted form; every problem is named against its field. */
export function readGrantForm(form: FormValues, now: Date): GrantFormReading {
  const errors = new FormErrors();
  const holderUserId = form.holderId ?? '';
  if (!isUuid(holderUserId)) errors.add('holderId', 'Choose who the grant is for');
  const kind = readChoice(form, errors, 'scope', scopeKinds, 'Choose what the grant opens');
  const scope = kind ? readScope(form, errors, kind) : undefined;
  const reason = readText(form, errors, 'reason', 'Reason', {
    required: 'Enter the reason for the grant',
    max: reasonMaxLength,
  });
  const expiresAt = readExpiry(form, errors, now);
  return {
    errors,
    holderUserId: isUuid(holderUserId) ? holderUserId : undefined,
    scope,
    reason: reason ?? undefined,
    expiresAt,
  };
}

function readScope(form: FormValues, errors: FormErrors, kind: GrantScopeKind) {
  if (kind === 'child') {
    const caseId = readText(form, errors, 'childCaseId', "Child's case ID", {
      required: "Enter the child's case ID",
      max: 100,
    });
    return caseId ? { kind, caseId } : undefined;
  }
  const field = kind === 'person' ? 'staffId' : 'unitId';
  const id = form[field] ?? '';
  if (isUuid(id)) return { kind, id };
  errors.add(field, kind === 'person' ? 'Choose the person' : 'Choose the team');
  return undefined;
}

/** The expiry as an instant: a real date and time, after now, and at most 90 days ahead. */
function readExpiry(form: FormValues, errors: FormErrors, now: Date): Date | undefined {
  const date = readDate(form, errors, 'expiresOn', 'Expiry date', {
    required: 'Enter the date the grant expires',
  });
  const text = form.expiresAt ?? '';
  const time = text === '' ? undefined : parseTime(text);
  if (text === '') errors.add('expiresAt', 'Enter the time the grant expires, like 17:00');
  else if (!time) errors.add('expiresAt', 'Expiry time must be a time of day, like 9:30 or 17:00');
  if (!date || !time) return undefined;
  const expiresAt = zonedInstant(date, time);
  if (expiresAt.getTime() <= now.getTime()) {
    errors.add('expiresOn', 'The expiry must be in the future', { href: '#expiresOn-day' });
    return undefined;
  }
  if (expiresAt.getTime() > now.getTime() + maximumGrantDays * dayMs) {
    errors.add('expiresOn', `The expiry must be no more than ${maximumGrantDays} days from now`, {
      href: '#expiresOn-day',
    });
    return undefined;
  }
  return expiresAt;
}
