import type { ChildDetails } from '../../data-access/child-repository.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import {
  type AllocationRole,
  allocationRoles,
  childEventKinds,
  childFlags,
  childStatuses,
} from '../../domain/policy/vocabulary.ts';
import { govukDate } from '../../web/view-filters.ts';
import { dateError, type FieldError, formChecker, text } from './date-input.ts';

/**
 * The register's forms, checked as pure functions of what was sent and the day it is: each
 * gives the value to save, or the errors to show (GOV.UK wording: say what to do).
 */

export type Checked<T> =
  | { value: T; errors?: undefined }
  | { value?: undefined; errors: FieldError[] };

type Body = Record<string, unknown>;

const maxCaseIdLength = 50;
const maxNameLength = 200;

export function checkDetails(body: Body, today: IsoDate): Checked<ChildDetails> {
  const check = formChecker(body);
  const caseId = text(body, 'caseId');
  const name = text(body, 'name');
  if (!caseId) check.fieldError('caseId', "Enter the child's case management ID");
  else if (caseId.length > maxCaseIdLength)
    check.fieldError('caseId', `Case management ID must be ${maxCaseIdLength} characters or fewer`);
  if (name.length > maxNameLength)
    check.fieldError('name', `Name must be ${maxNameLength} characters or fewer`);

  const dateOfBirth = check.date('dateOfBirth', 'Date of birth');
  const expected = check.date('expectedDateOfBirth', 'Expected date of birth');
  const openedOn = check.date(
    'openedOn',
    'Date opened',
    "Enter the date the child's involvement opened",
  );
  if (dateOfBirth && dateOfBirth > today)
    check.add(dateError('dateOfBirth', 'Date of birth must be today or in the past'));
  if (dateOfBirth && expected) {
    check.add({
      field: 'expectedDateOfBirth',
      text: 'Expected date of birth is only for an unborn child: remove it, or remove the date of birth',
      href: '#expectedDateOfBirth-day',
    });
  }
  if (!check.has('dateOfBirth') && !check.has('expectedDateOfBirth') && !dateOfBirth && !expected) {
    check.add({
      field: 'dateOfBirth',
      text: "Enter the child's date of birth, or an expected date of birth if the child is not born yet",
      href: '#dateOfBirth-day',
    });
  }
  if (dateOfBirth && !name && !check.has('name'))
    check.fieldError('name', "Enter the child's name");
  if (openedOn && openedOn > today)
    check.add({
      field: 'openedOn',
      text: 'Date opened must be today or in the past',
      href: '#openedOn-day',
    });
  if (check.errors.length) return { errors: check.errors };
  return {
    value: {
      caseId,
      name: name || null,
      dateOfBirth,
      expectedDateOfBirth: dateOfBirth ? null : expected,
      openedOn: openedOn!,
    },
  };
}

type Period = { startsOn: IsoDate; endsOn: IsoDate | null };

/**
 * A start and an optional end. On a closed child anything added must have ended by the day
 * the involvement closed, so nothing is left open on a closed child.
 */
function checkPeriod(
  check: ReturnType<typeof formChecker>,
  what: string,
  closedOn: IsoDate | null,
): Period | undefined {
  const startsOn = check.date('startsOn', 'Start date', `Enter the date the ${what} started`);
  const endsOn = check.date('endsOn', 'End date');
  if (startsOn && endsOn && endsOn < startsOn)
    check.add({
      field: 'endsOn',
      text: 'End date must be the same as or after the start date',
      href: '#endsOn-day',
    });
  if (closedOn && !check.has('endsOn')) {
    if (!endsOn)
      check.add({
        field: 'endsOn',
        text: `Enter the date the ${what} ended: the child's involvement closed on ${govukDate(closedOn)}`,
        href: '#endsOn-day',
      });
    else if (endsOn > closedOn)
      check.add({
        field: 'endsOn',
        text: `End date must be on or before ${govukDate(closedOn)}, when the child's involvement closed`,
        href: '#endsOn-day',
      });
  }
  return startsOn ? { startsOn, endsOn } : undefined;
}

function choice<T extends string>(
  check: ReturnType<typeof formChecker>,
  body: Body,
  field: string,
  allowed: readonly T[],
  message: string,
): T | undefined {
  const value = text(body, field);
  if ((allowed as readonly string[]).includes(value)) return value as T;
  check.fieldError(field, message);
  return undefined;
}

export function checkEpisode(body: Body, closedOn: IsoDate | null) {
  const check = formChecker(body);
  const status = choice(check, body, 'status', childStatuses, 'Select a status');
  const period = checkPeriod(check, 'status', closedOn);
  if (check.errors.length || !status || !period) return { errors: check.errors } as const;
  return { value: { status, ...period } } as const;
}

export function checkFlag(body: Body, closedOn: IsoDate | null) {
  const check = formChecker(body);
  const flag = choice(check, body, 'flag', childFlags, 'Select a flag');
  const period = checkPeriod(check, 'flag', closedOn);
  if (check.errors.length || !flag || !period) return { errors: check.errors } as const;
  return { value: { flag, ...period } } as const;
}

export function checkAllocation(
  body: Body,
  workerIds: readonly string[],
  closedOn: IsoDate | null,
) {
  const check = formChecker(body);
  const workerId = choice(check, body, 'workerId', workerIds, 'Select a worker');
  const role = choice<AllocationRole>(
    check,
    body,
    'role',
    allocationRoles,
    "Select the worker's role",
  );
  const period = checkPeriod(check, 'allocation', closedOn);
  if (check.errors.length || !workerId || !role || !period)
    return { errors: check.errors } as const;
  return { value: { workerId, role, ...period } } as const;
}

export function checkEvent(body: Body, today: IsoDate) {
  const check = formChecker(body);
  const kind = choice(check, body, 'kind', childEventKinds, 'Select what happened');
  const occurredOn = check.date('occurredOn', 'Date', 'Enter the date it happened');
  if (occurredOn && occurredOn > today)
    check.add({
      field: 'occurredOn',
      text: 'Date must be today or in the past',
      href: '#occurredOn-day',
    });
  if (check.errors.length || !kind || !occurredOn) return { errors: check.errors } as const;
  return { value: { kind, occurredOn } } as const;
}

/** The end date of something that started on `startsOn`. */
export function checkEnd(body: Body, startsOn: IsoDate, what: string) {
  const check = formChecker(body);
  const endsOn = check.date('endsOn', 'End date', `Enter the date the ${what} ended`);
  if (endsOn && endsOn < startsOn)
    check.add({
      field: 'endsOn',
      text: `End date must be the same as or after the start date, ${govukDate(startsOn)}`,
      href: '#endsOn-day',
    });
  if (check.errors.length || !endsOn) return { errors: check.errors } as const;
  return { value: endsOn } as const;
}

/**
 * The day the involvement closed: not before it opened, not in the future, and not before
 * anything still open then started (it would end before it began).
 */
export async function checkClosedOn(
  body: Body,
  today: IsoDate,
  openedOn: IsoDate,
  latestOpenStart: (on: IsoDate) => Promise<IsoDate | null>,
): Promise<Checked<IsoDate>> {
  const check = formChecker(body);
  const closedOn = check.date(
    'closedOn',
    'Closing date',
    "Enter the date the child's involvement closed",
  );
  const fail = (message: string) => ({
    errors: [{ field: 'closedOn', text: message, href: '#closedOn-day' }],
  });
  if (!closedOn) return { errors: check.errors };
  if (closedOn < openedOn)
    return fail(
      `Closing date must be the same as or after the date the involvement opened, ${govukDate(openedOn)}`,
    );
  if (closedOn > today) return fail('Closing date must be today or in the past');
  const latest = await latestOpenStart(closedOn);
  if (latest && latest > closedOn)
    return fail(
      `Closing date must be on or after ${govukDate(latest)}, when something still open started`,
    );
  return { value: closedOn };
}
