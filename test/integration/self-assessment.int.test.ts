import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { goldenThreads } from '../../src/domain/policy/packs/quality-tools.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  daysFromToday,
  errorSummary,
  formOf,
  signedIn,
  staffIdOf,
  textOf,
  today,
  userIdOf,
} from './organisation-helpers.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const threads = goldenThreads.sections[0]!.questions.map((q) => q.id);

/** The first Monday from `days` ahead that is a working day, as are the Thursday and Friday before. */
function plainMonday(days: number) {
  let date = daysFromToday(days);
  while (
    dayOfWeek(date) !== 1 ||
    ![date, addDays(date, -3), addDays(date, -4)].every((d) => calendar.isWorkingDay(d))
  )
    date = addDays(date, 1);
  return date;
}

/** The Tuesday after the first bank holiday Monday from `days` ahead whose Thursday and Friday before are working days. */
function tuesdayAfterBankHoliday(days: number) {
  const holiday = calendar
    .holidaysBetween(daysFromToday(days), daysFromToday(days + 800))
    .map((h) => h.date)
    .find(
      (d) =>
        dayOfWeek(d) === 1 &&
        calendar.isWorkingDay(addDays(d, -3)) &&
        calendar.isWorkingDay(addDays(d, -4)),
    );
  if (!holiday) throw new Error('no bank holiday Monday ahead');
  return addDays(holiday, 1);
}

/** Every thread of both pieces rated `rating`, with titles and a note. */
function ratings(rating: string) {
  const fields: Record<string, string> = {
    'piece1-title': 'Child and family assessment, October',
    'piece2-title': 'Child protection plan review',
    'piece1-note': 'I would like to talk about the chronology.',
  };
  for (const piece of [1, 2]) for (const id of threads) fields[`piece${piece}-${id}`] = rating;
  return fields;
}

describe('self-assessment before supervision (six golden threads)', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = await staffIdOf(pool, 'tm-ait');

  const row = async (sessionId: string) =>
    (
      await pool.query(
        `SELECT id, staff_id, tool->>'id' AS tool, pieces, due_on, submitted_on, revision
         FROM self_assessment WHERE session_id = $1`,
        [sessionId],
      )
    ).rows[0];
  const views = async (id: string) =>
    (
      await pool.query(
        `SELECT actor_user_id, detail FROM audit_event
         WHERE action = 'self_assessment.viewed' AND resource_id = $1 ORDER BY id`,
        [id],
      )
    ).rows;

  /** Daniel books a one-to-one with Jordan on `date`; returns the session id. */
  async function book(date: string) {
    const client = await signedIn(app, accounts.supervisor);
    const url = '/planning/sessions/new/one-to-one';
    const form = formOf((await client.get(url)).body, url);
    const response = await client.post(url, {
      ...form,
      superviseeId: jordan,
      supervisorId: daniel,
      ...dateFields('date', date),
      startsAt: '10:00',
      minutes: '90',
      location: 'Room 2',
    });
    expect(response.statusCode).toBe(303);
    const id = /^\/planning\/sessions\/([0-9a-f-]{36})/.exec(
      (response.headers.location as string | undefined) ?? '',
    )?.[1];
    if (!id) throw new Error('not booked');
    return id;
  }

  const monday = plainMonday(140);
  const session = await book(monday);

  it('is not asked for when the framework has no self-assessment tool', async () => {
    const client = await signedIn(app, accounts.practitioner);
    expect(textOf((await client.get(`/planning/sessions/${session}`)).body)).not.toContain(
      'Self-assessment',
    );
    expect((await client.get(`/planning/sessions/${session}/self-assessment`)).statusCode).toBe(
      404,
    );
  });

  it('is due 2 working days before the session, over the weekend', async () => {
    // The organisation adds Manchester's golden threads tool to its own framework.
    await pool.query(
      `UPDATE organisation SET overrides = coalesce(overrides, '{}'::jsonb)
         || jsonb_build_object('auditTools', coalesce(overrides->'auditTools', '[]'::jsonb) || $1::jsonb)`,
      [JSON.stringify([goldenThreads])],
    );
    const thursday = addDays(monday, -4);
    expect(dayOfWeek(thursday)).toBe(4);
    const client = await signedIn(app, accounts.practitioner);
    const sessionPage = textOf((await client.get(`/planning/sessions/${session}`)).body);
    expect(sessionPage).toContain(`Self-assessment Due by ${govukDate(thursday)}. Complete it`);

    const page = await client.get(`/planning/sessions/${session}/self-assessment`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Self-assessment: the six golden threads');
    expect(text).toContain(`Self-assessment: Due by ${govukDate(thursday)}`);
    expect(text).toContain('Piece of work 1');
    expect(text).toContain('Piece of work 2');
    expect(text).toContain('Do not use the child’s name');
    expect(text).toContain('2. Voice of Child');
    for (const rating of ['red', 'amber', 'green'])
      expect(page.body).toContain(`name="piece2-doing-with-not-to" type="radio" value="${rating}"`);
  });

  it('falls due earlier when a bank holiday comes before the session', async () => {
    const tuesday = tuesdayAfterBankHoliday(150);
    const id = await book(tuesday);
    // Monday is a bank holiday and the weekend is skipped: the Thursday before.
    const thursday = addDays(tuesday, -5);
    const client = await signedIn(app, accounts.practitioner);
    expect(textOf((await client.get(`/planning/sessions/${id}/self-assessment`)).body)).toContain(
      `Self-assessment: Due by ${govukDate(thursday)}`,
    );
  });

  it('names a rating that is not red, amber or green', async () => {
    const client = await signedIn(app, accounts.practitioner);
    await client.get(`/planning/sessions/${session}/self-assessment`);
    const response = await client.post(`/planning/sessions/${session}/self-assessment`, {
      revision: '',
      'piece1-title': 'Assessment, October',
      'piece1-voice-of-child': 'purple',
      action: 'save',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      {
        text: 'Piece of work 1: 2. Voice of Child: choose Red, Amber or Green',
        href: '#piece1-voice-of-child',
      },
    ]);
    // What was typed is kept.
    expect(response.body).toContain('value="Assessment, October"');
    expect(await row(session)).toBeUndefined();
  });

  it('is saved as a draft only the worker sees, then submitted on time and fixed', async () => {
    const client = await signedIn(app, accounts.practitioner);
    await client.get(`/planning/sessions/${session}/self-assessment`);
    const draft = await client.post(`/planning/sessions/${session}/self-assessment`, {
      revision: '',
      'piece1-title': 'Child and family assessment, October',
      'piece1-management-oversight': 'amber',
      action: 'save',
    });
    expect(draft.statusCode).toBe(303);
    expect(await row(session)).toMatchObject({
      staff_id: jordan,
      tool: 'golden-threads',
      submitted_on: null,
      revision: 1,
    });

    // The supervisor is told only that it is not submitted yet: a draft is the worker's own.
    const supervisor = await signedIn(app, accounts.supervisor);
    const early = textOf(
      (await supervisor.get(`/planning/sessions/${session}/self-assessment`)).body,
    );
    expect(early).toContain(
      'Jordan Ellis has not submitted a self-assessment for this session yet',
    );
    expect(early).not.toContain('Child and family assessment');

    // Submitting asks for every rating.
    const page = await client.get(`/planning/sessions/${session}/self-assessment`);
    expect(page.body).toContain('value="Child and family assessment, October"');
    const incomplete = await client.post(`/planning/sessions/${session}/self-assessment`, {
      revision: '1',
      'piece1-title': 'Child and family assessment, October',
      action: 'submit',
    });
    expect(incomplete.statusCode).toBe(400);
    expect(errorSummary(incomplete.body)).toContainEqual({
      text: 'Piece of work 2: select a rating for 3. Engaging Parents',
      href: '#piece2-engaging-parents',
    });
    expect(errorSummary(incomplete.body)).toContainEqual({
      text: 'Enter what piece of work 2 is',
      href: '#piece2-title',
    });

    const submitted = await client.post(`/planning/sessions/${session}/self-assessment`, {
      revision: '1',
      ...ratings('green'),
      'piece2-voice-of-child': 'red',
      action: 'submit',
    });
    expect(submitted.statusCode).toBe(303);
    const stored = await row(session);
    expect(stored).toMatchObject({ submitted_on: today(), revision: 2 });
    expect(stored.pieces[1]).toMatchObject({
      title: 'Child protection plan review',
      answers: { 'voice-of-child': 'red', 'impact-chronology': 'green' },
    });

    const thursday = govukDate(addDays(monday, -4));
    const words = `Submitted on ${govukDate(today())} (on time, due ${thursday})`;
    const mine = textOf(
      (await client.get(`/planning/sessions/${session}/self-assessment?saved=submitted`)).body,
    );
    expect(mine).toContain('Self-assessment submitted');
    expect(mine).toContain(words);
    expect(textOf((await client.get(`/planning/sessions/${session}`)).body)).toContain(
      `Self-assessment ${words}. Read it`,
    );

    // Read-only for the worker now: no form, and a change is refused.
    expect((await client.get(`/planning/sessions/${session}/self-assessment`)).body).not.toContain(
      'name="action"',
    );
    const late = await client.post(`/planning/sessions/${session}/self-assessment`, {
      revision: '2',
      ...ratings('red'),
      action: 'submit',
    });
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('can no longer be changed');
    expect((await row(session)).revision).toBe(2);
    // The worker's own reading is not a view to log.
    expect(await views(stored.id)).toEqual([]);
  });

  it('the supervisor reads it, and each of their views is logged', async () => {
    const { rows } = await pool.query('SELECT id FROM self_assessment WHERE session_id = $1', [
      session,
    ]);
    const id = rows[0].id as string;
    expect(await views(id)).toEqual([]);
    const supervisor = await signedIn(app, accounts.supervisor);
    expect(textOf((await supervisor.get(`/planning/sessions/${session}`)).body)).toContain(
      'Self-assessment Submitted on',
    );
    const page = await supervisor.get(`/planning/sessions/${session}/self-assessment`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Jordan Ellis’s supervision with Daniel Okafor');
    expect(text).toContain('Child protection plan review');
    expect(text).toContain('2. Voice of Child Red');
    expect(text).toContain('I would like to talk about the chronology.');
    expect(page.body).not.toContain('name="action"');
    expect(await views(id)).toEqual([
      { actor_user_id: await userIdOf(pool, accounts.supervisor), detail: { sessionId: session } },
    ]);
  });

  it('another practitioner cannot see it', async () => {
    const other = await signedIn(app, 'asye@northshire.example');
    expect((await other.get(`/planning/sessions/${session}/self-assessment`)).statusCode).toBe(403);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'self_assessment.viewed'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
