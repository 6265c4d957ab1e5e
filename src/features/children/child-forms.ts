import type { ChildDetails } from '../../data-access/child-repository.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import {
  type AllocationRole,
  allocationRoles,
  childEventKinds,
  childFlags,
  childStatuses,
} from '../../domain/policy/vocabulary.ts';
import { FormErrors, type FormValues, readChoice, readDate, readText } from '../../web/forms.ts';
import { govukDate } from '../../web/view-filters.ts';

/**
 * The register's forms, checked as pure functions of what was sent and the day it is: each
 * gives the value to save, or the errors to show (GOV.UK wording: say what to do).
 */

export type Checked<T> =
  | { value: T; errors?: undefined }
  | { value?: undefined; errors: FormErrors };

export function checkDetails(form: FormValues, today: IsoDate): Checked<ChildDetails> {
  const errors = new FormErrors();
  const caseId = readText(form, errors, 'caseId', 'Case management ID', {
    required: "Enter the child's case management ID",
    max: 50,
  });
  const name = readText(form, errors, 'name', 'Name');
  const dateOfBirth = readDate(form, errors, 'dateOfBirth', 'Date of birth');
  const expected = readDate(form, errors, 'expectedDateOfBirth', 'Expected date of birth');
  const openedOn = readDate(form, errors, 'openedOn', 'Date opened', {
    required: "Enter the date the child's involvement opened",
  });
  if (dateOfBirth && dateOfBirth > today)
    errors.add('dateOfBirth', 'Date of birth must be today or in the past', {
      href: '#dateOfBirth-day',
    });
  if (dateOfBirth && expected)
    errors.add(
      'expectedDateOfBirth',
      'Expected date of birth is only for an unborn child: remove it, or remove the date of birth',
      { href: '#expectedDateOfBirth-day' },
    );
  if (dateOfBirth === null && expected === null)
    errors.add(
      'dateOfBirth',
      "Enter the child's date of birth, or an expected date of birth if the child is not born yet",
      { href: '#dateOfBirth-day' },
    );
  if (dateOfBirth && !name) errors.add('name', "Enter the child's name");
  if (openedOn && openedOn > today)
    errors.add('openedOn', 'Date opened must be today or in the past', { href: '#openedOn-day' });
  if (errors.any || !caseId || !openedOn) return { errors };
  return {
    value: {
      caseId,
      name,
      dateOfBirth: dateOfBirth ?? null,
      expectedDateOfBirth: dateOfBirth ? null : (expected ?? null),
      openedOn,
    },
  };
}

type Period = { startsOn: IsoDate; endsOn: IsoDate | null };

/**
 * A start and an optional end. On a closed child anything added must have ended by the day
 * the involvement closed, so nothing is left open on a closed child.
 */
function readPeriod(
  form: FormValues,
  errors: FormErrors,
  what: string,
  closedOn: IsoDate | null,
): Period | undefined {
  const startsOn = readDate(form, errors, 'startsOn', 'Start date', {
    required: `Enter the date the ${what} started`,
  });
  const endsOn = readDate(form, errors, 'endsOn', 'End date');
  const endError = (text: string) => errors.add('endsOn', text, { href: '#endsOn-day' });
  if (startsOn && endsOn && endsOn < startsOn)
    endError('End date must be the same as or after the start date');
  if (closedOn && endsOn === null)
    endError(
      `Enter the date the ${what} ended: the child's involvement closed on ${govukDate(closedOn)}`,
    );
  else if (closedOn && endsOn && endsOn > closedOn)
    endError(
      `End date must be on or before ${govukDate(closedOn)}, when the child's involvement closed`,
    );
  return startsOn && endsOn !== undefined ? { startsOn, endsOn } : undefined;
}

export function checkEpisode(form: FormValues, closedOn: IsoDate | null) {
  const errors = new FormErrors();
  const status = readChoice(form, errors, 'status', childStatuses, 'Select a status');
  const period = readPeriod(form, errors, 'status', closedOn);
  if (errors.any || !status || !period) return { errors } as const;
  return { value: { status, ...period } } as const;
}

export function checkFlag(form: FormValues, closedOn: IsoDate | null) {
  const errors = new FormErrors();
  const flag = readChoice(form, errors, 'flag', childFlags, 'Select a flag');
  const period = readPeriod(form, errors, 'flag', closedOn);
  if (errors.any || !flag || !period) return { errors } as const;
  return { value: { flag, ...period } } as const;
}

export function checkAllocation(
  form: FormValues,
  workerIds: readonly string[],
  closedOn: IsoDate | null,
) {
  const errors = new FormErrors();
  const workerId = readChoice(form, errors, 'workerId', workerIds, 'Select a worker');
  const role = readChoice<AllocationRole>(
    form,
    errors,
    'role',
    allocationRoles,
    "Select the worker's role",
  );
  const period = readPeriod(form, errors, 'allocation', closedOn);
  if (errors.any || !workerId || !role || !period) return { errors } as const;
  return { value: { workerId, role, ...period } } as const;
}

export function checkEvent(form: FormValues, today: IsoDate) {
  const errors = new FormErrors();
  const kind = readChoice(form, errors, 'kind', childEventKinds, 'Select what happened');
  const occurredOn = readDate(form, errors, 'occurredOn', 'Date', {
    required: 'Enter the date it happened',
  });
  if (occurredOn && occurredOn > today)
    errors.add('occurredOn', 'Date must be today or in the past', { href: '#occurredOn-day' });
  if (errors.any || !kind || !occurredOn) return { errors } as const;
  return { value: { kind, occurredOn } } as const;
}

/** The end date of something that started on `startsOn`. */
export function checkEnd(form: FormValues, startsOn: IsoDate, what: string) {
  const errors = new FormErrors();
  const endsOn = readDate(form, errors, 'endsOn', 'End date', {
    required: `Enter the date the ${what} ended`,
  });
  if (endsOn && endsOn < startsOn)
    errors.add(
      'endsOn',
      `End date must be the same as or after the start date, ${govukDate(startsOn)}`,
      { href: '#endsOn-day' },
    );
  if (errors.any || !endsOn) return { errors } as const;
  return { value: endsOn } as const;
}

/**
 * The day the involvement closed: not before it opened, not in the future, and not before
 * anything still open then started (it would end before it began).
 */
export async function checkClosedOn(
  form: FormValues,
  today: IsoDate,
  openedOn: IsoDate,
  latestOpenStart: (on: IsoDate) => Promise<IsoDate | null>,
): Promise<Checked<IsoDate>> {
  const errors = new FormErrors();
  const closedOn = readDate(form, errors, 'closedOn', 'Closing date', {
    required: "Enter the date the child's involvement closed",
  });
  const fail = (text: string) => ({
    errors: errors.add('closedOn', text, { href: '#closedOn-day' }),
  });
  if (!closedOn) return { errors };
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
