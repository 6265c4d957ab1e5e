import { describe, expect, it } from 'vitest';
import { feedbackRound } from '../../src/domain/quality/feedback.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import { csvRecords } from '../support/csv.ts';
import { addAccount } from './agreements-helpers.ts';
import {
  accounts,
  errorSummary,
  signedIn,
  staffIdOf,
  textOf,
  today,
  unitIdOf,
  userIdOf,
} from './organisation-helpers.ts';

const agreementIds = [
  'content',
  'frequency',
  'length',
  'format-and-style',
  'reflection',
  'acted-on-concerns',
  'development',
  'equality',
];

/** A response as the form posts it: every agreement question answered `value`. */
function answers(value: string, extra: Record<string, string | string[]> = {}) {
  return { ...Object.fromEntries(agreementIds.map((id) => [id, value])), ...extra };
}

/** A urlencoded body with repeated fields, as a browser sends ticked checkboxes. */
function encode(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of [value].flat()) body.append(name, v);
  return body.toString();
}

/** The section of the results page for the organisation or a team (`team-<unit id>`). */
function section(html: string, id: string): string | undefined {
  const match = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html);
  return match ? textOf(match[0]) : undefined;
}

const notShown =
  'Fewer than 5 people responded: results are not shown, so that no one’s answers can be picked out.';

describe("supervisees' feedback", async () => {
  const { app, pool } = await testApp();
  const daniel = await staffIdOf(pool, 'tm-ait');
  const sarah = await staffIdOf(pool, 'tm-cp');
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const ait = await unitIdOf(pool, 'ait-north');
  const cp = await unitIdOf(pool, 'cp-north');
  const round = feedbackRound('year', today());

  // Accounts for the rest of Daniel's team and two of Sarah's.
  const people = {
    fatima: 'fatima@northshire.example',
    liam: 'liam@northshire.example',
    imran: 'imran@northshire.example',
    ben: 'ben@northshire.example',
    yasmin: 'yasmin@northshire.example',
  };
  for (const [key, email] of [
    ['sw-ait-2', people.fatima],
    ['sw-ait-3', people.liam],
    ['sw-ait-4', people.imran],
    ['sw-cp-1', people.ben],
    ['sw-cp-2', people.yasmin],
  ] as const)
    await addAccount(pool, await staffIdOf(pool, key), email);

  const rowsAbout = async (supervisorId: string) =>
    (
      await pool.query(
        `SELECT respondent_id, unit_id, round_from, round_to, answers FROM supervision_feedback
         WHERE supervisor_id = $1 ORDER BY submitted_on, id`,
        [supervisorId],
      )
    ).rows;

  /** Signs in as `email`, opens the survey about `supervisorId` and sends `fields`. */
  async function respond(
    email: string,
    supervisorId: string,
    fields: Record<string, string | string[]>,
  ) {
    const client = await signedIn(app, email);
    const page = await client.get(`/feedback/${supervisorId}`);
    expect(page.statusCode).toBe(200);
    // The page's token, from its form or (with no form to show) its meta tag.
    const csrf =
      /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ??
      /name="csrf-token" content="([^"]+)"/.exec(page.body)?.[1] ??
      '';
    const response = await app.inject({
      method: 'POST',
      url: `/feedback/${supervisorId}`,
      headers: {
        cookie: client.jar.header(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: encode({ _csrf: csrf, ...fields }),
    });
    return { client, response };
  }

  it('a practitioner finds the survey from the home page and responds about their supervisor', async () => {
    const client = await signedIn(app, accounts.practitioner);
    const home = await client.get('/');
    expect(home.body).toContain('href="/feedback"');
    const overview = textOf((await client.get('/feedback')).body);
    expect(overview).toContain('Your experience of supervision');
    expect(overview).toContain(
      `This round runs from ${govukDate(round.from)} to ${govukDate(round.to)}`,
    );
    expect(overview).toContain('Daniel Okafor Team Manager Give feedback');

    const form = await client.get(`/feedback/${daniel}`);
    expect(form.body).toContain('Strongly agree');
    expect(form.body).toContain('Neither agree nor disagree');
    expect(form.body).toContain('type="checkbox"');
    expect(form.body).toContain('govuk-character-count');

    const { response } = await respond(
      accounts.practitioner,
      daniel,
      answers('agree', {
        improvements: ['More time for reflection', 'Fewer cancellations'],
        comments: 'Protected time would help.',
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/feedback?done=sent');
    expect(await rowsAbout(daniel)).toEqual([
      {
        respondent_id: jordan,
        unit_id: ait,
        round_from: round.from,
        round_to: round.to,
        answers: {
          ...answers('agree'),
          improvements: ['More time for reflection', 'Fewer cancellations'],
          comments: 'Protected time would help.',
        },
      },
    ]);
    const after = textOf((await client.get('/feedback?done=sent')).body);
    expect(after).toContain('Thank you. Your feedback has been sent');
    expect(after).toContain('Daniel Okafor Team Manager Sent');

    // The audit log says a response was given, and nothing of what it said.
    const { rows } = await pool.query(
      `SELECT actor_user_id, detail FROM audit_event WHERE action = 'supervision_feedback.given'`,
    );
    expect(rows).toEqual([
      {
        actor_user_id: await userIdOf(pool, accounts.practitioner),
        detail: { surveyId: 'supervisee-feedback', roundFrom: round.from },
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain('Protected time');
  });

  it('refuses a second response about the same supervisor in the same round', async () => {
    const { client, response } = await respond(
      accounts.practitioner,
      daniel,
      answers('strongly_disagree'),
    );
    expect(response.statusCode).toBe(409);
    expect(textOf(response.body)).toContain(
      'You have already given feedback on Daniel Okafor’s supervision in this round',
    );
    const stored = await rowsAbout(daniel);
    expect(stored).toHaveLength(1);
    expect(stored[0].answers.content).toBe('agree');
    // The form is not offered again.
    const page = await client.get(`/feedback/${daniel}`);
    expect(page.body).not.toContain(`action="/feedback/${daniel}"`);
  });

  it('names an unanswered question in the error summary and keeps the other answers', async () => {
    const fields = answers('strongly_agree', {
      improvements: ['Clearer actions and follow-up'],
      comments: 'Sessions are often moved.',
    });
    delete fields.length;
    const { response } = await respond(people.fatima, daniel, fields);
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      { text: 'Select how far you agree: My supervision is long enough.', href: '#length' },
    ]);
    expect(response.body).toMatch(/name="content" type="radio" value="strongly_agree" checked/);
    expect(response.body).toMatch(
      /name="improvements" type="checkbox" value="Clearer actions and follow-up" checked/,
    );
    expect(response.body).toContain('Sessions are often moved.</textarea>');
    expect(await rowsAbout(daniel)).toHaveLength(1);
  });

  it('does not let a practitioner see the results', async () => {
    const client = await signedIn(app, accounts.practitioner);
    expect((await client.get('/feedback/results')).statusCode).toBe(403);
    expect((await client.get('/feedback/results?format=csv')).statusCode).toBe(403);
    expect(textOf((await client.get('/feedback')).body)).not.toContain('Results of supervisees');
  });

  it('shows no figures for a team of 4 respondents, then the share agreeing at 5', async () => {
    await respond(
      people.fatima,
      daniel,
      answers('strongly_agree', { comments: 'Always on time.' }),
    );
    await respond(
      people.liam,
      daniel,
      answers('disagree', { improvements: ['Fewer cancellations'] }),
    );
    await respond('asye@northshire.example', daniel, answers('agree'));
    expect(await rowsAbout(daniel)).toHaveLength(4);

    const manager = await signedIn(app, accounts.seniorManager);
    const four = await manager.get('/feedback/results');
    expect(four.statusCode).toBe(200);
    const organisation = section(four.body, 'organisation');
    const team = section(four.body, `team-${ait}`);
    expect(organisation).toContain(notShown);
    expect(team).toContain('Assessment and Intervention Team North');
    expect(team).toContain(notShown);
    // No figure of any kind: no shares, means, counts of answers or themes, nor the comments.
    for (const text of [organisation, team]) {
      expect(text?.replace(notShown, '')).not.toMatch(/\d/);
      expect(text).not.toContain('Times chosen');
    }
    expect(textOf(four.body)).not.toContain('Always on time.');
    expect(textOf(four.body)).not.toContain('Protected time would help.');

    const csv = await manager.get(`/feedback/results?round=${round.from}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...records] = csvRecords(csv.body);
    expect(header).toEqual([
      'Group',
      'Respondents',
      'Question',
      'Theme',
      'Agreeing (%)',
      'Mean score (1 to 5)',
      'Times chosen',
      'Note',
    ]);
    expect(records.map((r) => r[0])).toEqual([
      'Whole organisation',
      'Assessment and Intervention Team North',
    ]);
    for (const record of records)
      expect(record.slice(1)).toEqual([
        ...Array(6).fill('not shown'),
        'Fewer than 5 people responded',
      ]);

    // The fifth response brings the team (and the organisation) to the minimum.
    const imran = await respond(people.imran, daniel, answers('agree'));
    expect(imran.response.statusCode).toBe(303);
    const five = await manager.get('/feedback/results');
    const shown = section(five.body, `team-${ait}`);
    expect(shown).toContain('5 people responded.');
    // Jordan, Chloe and Imran agree, Fatima strongly agrees, Liam disagrees: 4 of 5.
    expect(shown).toContain('The content of my supervision meets my needs. 80% 3.8');
    expect(shown).toContain('Fewer cancellations 2');
    expect(section(five.body, 'organisation')).toContain('5 people responded.');
    // Comments for the whole organisation, in alphabetical order.
    const text = textOf(five.body);
    expect(text).toContain('Comments');
    expect(text.indexOf('Always on time.')).toBeLessThan(
      text.indexOf('Protected time would help.'),
    );
    const shownCsv = csvRecords((await manager.get('/feedback/results?format=csv')).body);
    expect(shownCsv).toContainEqual([
      'Assessment and Intervention Team North',
      '5',
      'The content of my supervision meets my needs.',
      '',
      '80',
      '3.8',
      '',
      '',
    ]);
  });

  it('withholds a team whose figures, with the organisation’s, would show a smaller team’s', async () => {
    await respond(people.ben, sarah, answers('strongly_disagree'));
    await respond(people.yasmin, sarah, answers('strongly_disagree'));
    const manager = await signedIn(app, accounts.seniorManager);
    const page = await manager.get('/feedback/results');
    // 7 responded: the organisation's figures are shown.
    expect(section(page.body, 'organisation')).toContain('7 people responded.');
    expect(section(page.body, `team-${cp}`)).toContain(notShown);
    // The 5 of Daniel's team are withheld too, or the organisation less them shows the 2.
    const team = section(page.body, `team-${ait}`);
    expect(team).toContain('so that the results of smaller teams cannot be worked out');
    expect(team).not.toMatch(/\d/);
    const records = csvRecords((await manager.get('/feedback/results?format=csv')).body);
    const aitRecords = records.filter((r) => r[0] === 'Assessment and Intervention Team North');
    expect(aitRecords).toHaveLength(1);
    expect(aitRecords[0]!.slice(1, 7)).toEqual(Array(6).fill('not shown'));
  });

  it('shows a team manager only the teams they manage, never the organisation', async () => {
    const client = await signedIn(app, accounts.supervisor);
    const page = await client.get('/feedback/results');
    expect(page.statusCode).toBe(200);
    expect(section(page.body, 'organisation')).toBeUndefined();
    expect(section(page.body, `team-${ait}`)).toBeDefined();
    expect(section(page.body, `team-${cp}`)).toBeUndefined();
    // Comments are for the organisation as a whole only.
    expect(textOf(page.body)).not.toContain('Always on time.');
  });
});
