/**
 * The planning forms: what the browser sent, read into the typed inputs the services take, and
 * the services' problems (named by the domain's fields) put beside the form's own fields.
 */
import type { SupervisionSession } from '../../data-access/supervision-session-repository.ts';
import type { SessionField, SessionProblem, StatusChange } from '../../domain/planning/sessions.ts';
import { maximumReasonLength, type outcomeStatuses } from '../../domain/planning/sessions.ts';
import { parseTime } from '../../domain/planning/time.ts';
import {
  type CancellationReason,
  cancellationReasons,
  type SessionKind,
} from '../../domain/policy/vocabulary.ts';
import {
  dateToForm,
  FormErrors,
  type FormValues,
  readChoice,
  readDate,
  readText,
} from '../../web/forms.ts';
import type { EditInput } from './session-service.ts';

/** Every value of a repeated field (checkboxes), trimmed, without empties. */
export function formList(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A start time typed as '9:30' or '14:00'; null (after an error when required) if empty. */
export function readTime(
  form: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  required: boolean,
): string | null | undefined {
  const text = form[name] ?? '';
  if (text === '') {
    if (required) errors.add(name, `Enter the ${label.toLowerCase()}, like 9:30 or 14:00`);
    return required ? undefined : null;
  }
  const time = parseTime(text);
  if (!time) errors.add(name, `${label} must be a time of day, like 9:30 or 14:00`);
  return time;
}

/** A length in whole minutes. */
export function readMinutes(form: FormValues, errors: FormErrors): number | null | undefined {
  const text = form.minutes ?? '';
  if (text === '') {
    errors.add('minutes', 'Enter how long the session is, in minutes');
    return undefined;
  }
  if (!/^\d+$/.test(text)) {
    errors.add('minutes', 'Length must be a whole number of minutes, like 90');
    return undefined;
  }
  return Number(text);
}

/** Where the session's fields are in the form; a date's error goes to its day box. */
export function fieldOf(field: SessionField, kind?: SessionKind): { name: string; href: string } {
  switch (field) {
    case 'date':
    case 'rescheduledTo':
      return { name: field, href: `#${field}-day` };
    case 'participantIds':
      return kind === 'one_to_one' || kind === 'unplanned'
        ? { name: 'superviseeId', href: '#superviseeId' }
        : { name: 'participants', href: '#participants' };
    case 'cancellationReason':
    case 'status':
      return { name: field, href: `#${field}` };
    default:
      return { name: field, href: `#${field}` };
  }
}

/** The services' problems as the form's errors. */
export function problemsToErrors(problems: SessionProblem[], kind?: SessionKind): FormErrors {
  const errors = new FormErrors();
  for (const problem of problems) {
    const { name, href } = fieldOf(problem.field, kind);
    errors.add(name, problem.message, { href });
  }
  return errors;
}

/** When, how long and where: the fields a booking and an edit share. */
export function readWhen(form: FormValues, errors: FormErrors): EditInput | undefined {
  const date = readDate(form, errors, 'date', 'Date', {
    required: 'Enter the date of the session',
  });
  const startsAt = readTime(form, errors, 'startsAt', 'Start time', true);
  const minutes = readMinutes(form, errors);
  const location = readText(form, errors, 'location', 'Where', { max: 200 });
  if (errors.any || !date || !startsAt || minutes === undefined) return undefined;
  return { date, startsAt, minutes, location };
}

/** A saved session as its edit form shows it. */
export function sessionToForm(session: SupervisionSession): FormValues {
  return {
    ...dateToForm('date', session.date),
    startsAt: session.startsAt ?? '',
    minutes: session.minutes === null ? '' : String(session.minutes),
    location: session.location ?? '',
    version: session.version,
  };
}

/** The status form: what happened, and the reason and new date each outcome needs. */
export function readStatusChange(
  form: FormValues,
  errors: FormErrors,
  allowed: readonly (typeof outcomeStatuses)[number][],
): (StatusChange & { rescheduledStartsAt: string | null }) | undefined {
  const status = readChoice(form, errors, 'status', allowed, 'Select what happened to the session');
  const reason = readText(form, errors, 'reason', 'Reason', { max: maximumReasonLength });
  const pickReason = (): CancellationReason | null =>
    (cancellationReasons as readonly string[]).includes(form.cancellationReason ?? '')
      ? (form.cancellationReason as CancellationReason)
      : null;
  let rescheduledTo = null;
  let rescheduledStartsAt: string | null | undefined = null;
  if (status === 'postponed') {
    rescheduledTo = readDate(form, errors, 'rescheduledTo', 'New date');
    rescheduledStartsAt = readTime(form, errors, 'rescheduledStartsAt', 'New start time', false);
  }
  if (!status || errors.any || rescheduledTo === undefined || rescheduledStartsAt === undefined)
    return undefined;
  switch (status) {
    case 'held':
      return { status, rescheduledStartsAt: null };
    case 'not_held':
      return { status, reason, rescheduledStartsAt: null };
    case 'cancelled':
      return { status, cancellationReason: pickReason(), reason, rescheduledStartsAt: null };
    case 'postponed':
      return {
        status,
        cancellationReason: pickReason(),
        reason,
        rescheduledTo,
        rescheduledStartsAt,
      };
  }
}
