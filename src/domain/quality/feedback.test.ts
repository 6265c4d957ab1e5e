import { describe, expect, it } from 'vitest';
import { feedbackSurvey } from '../policy/packs/quality-tools.ts';
import type { FeedbackSurvey } from '../policy/schema.ts';
import {
  type FeedbackAnswers,
  feedbackRound,
  readFeedbackForm,
  summariseFeedback,
} from './feedback.ts';

const survey = feedbackSurvey({ seed: 'test', section: 'feedback' }, 'year', 'A test survey.');
const agreementIds = survey.questions.filter((q) => q.answer === 'agreement').map((q) => q.id);

/** A complete response: every agreement question answered `value`. */
const allAgree = (value: string, extra: FeedbackAnswers = {}): Record<string, unknown> => ({
  ...Object.fromEntries(agreementIds.map((id) => [id, value])),
  ...extra,
});

describe('feedbackRound: the financial half or year a day falls in', () => {
  it('halves run 1 April to 30 September and 1 October to 31 March', () => {
    expect(feedbackRound('half_year', '2026-04-01')).toEqual({
      from: '2026-04-01',
      to: '2026-09-30',
    });
    expect(feedbackRound('half_year', '2026-09-30')).toEqual({
      from: '2026-04-01',
      to: '2026-09-30',
    });
    expect(feedbackRound('half_year', '2026-10-01')).toEqual({
      from: '2026-10-01',
      to: '2027-03-31',
    });
    // January and March belong to the half that began the October before.
    expect(feedbackRound('half_year', '2027-01-15')).toEqual({
      from: '2026-10-01',
      to: '2027-03-31',
    });
    expect(feedbackRound('half_year', '2027-03-31')).toEqual({
      from: '2026-10-01',
      to: '2027-03-31',
    });
  });

  it('a year runs April to March', () => {
    expect(feedbackRound('year', '2026-04-01')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(feedbackRound('year', '2026-11-24')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(feedbackRound('year', '2027-03-31')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(feedbackRound('year', '2024-02-29')).toEqual({ from: '2023-04-01', to: '2024-03-31' });
  });
});

describe('readFeedbackForm', () => {
  it('reads a complete response, keeping themes from the list once each and the comment', () => {
    const { answers, problems } = readFeedbackForm(
      survey,
      allAgree('agree', {
        improvements: ['More time for reflection', 'Fewer cancellations', 'Fewer cancellations'],
        comments: '  Protected time helps.  ',
      }),
    );
    expect(problems).toEqual([]);
    expect(answers.content).toBe('agree');
    expect(answers.improvements).toEqual(['More time for reflection', 'Fewer cancellations']);
    expect(answers.comments).toBe('Protected time helps.');
  });

  it('names each unanswered agreement question, and leaves the optional ones alone', () => {
    // 'length' not sent at all, 'frequency' sent blank.
    const form = { ...allAgree('agree'), length: undefined, frequency: '   ' };
    const { answers, problems } = readFeedbackForm(survey, form);
    expect(problems).toEqual([
      {
        field: 'frequency',
        message: 'Select how far you agree: My supervision happens as often as agreed.',
      },
      { field: 'length', message: 'Select how far you agree: My supervision is long enough.' },
    ]);
    // What was answered is kept.
    expect(answers.content).toBe('agree');
    expect(answers.improvements).toBeUndefined();
    expect(answers.comments).toBeUndefined();
  });

  it('refuses an answer off the scale, a theme not on the list and an overlong comment', () => {
    const { problems } = readFeedbackForm(
      survey,
      allAgree('agree', {
        content: 'totally',
        improvements: ['More regular sessions', 'Free biscuits'],
        comments: 'x'.repeat(2001),
      }),
    );
    expect(problems).toEqual([
      {
        field: 'content',
        message:
          'Choose one of the five answers to "The content of my supervision meets my needs."',
      },
      {
        field: 'improvements',
        message: 'Choose answers to "What would most improve your supervision?" from the list',
      },
      {
        field: 'comments',
        message:
          'The answer to "Anything else you would like to say" must be 2000 characters or fewer',
      },
    ]);
  });
});

describe('summariseFeedback', () => {
  const response = (respondentId: string, answers: FeedbackAnswers) => ({ respondentId, answers });
  const agreeing = (respondentId: string, value: string, themes: string[] = []) =>
    response(respondentId, {
      ...(allAgree(value) as FeedbackAnswers),
      ...(themes.length ? { improvements: themes } : {}),
    });

  it('shows nothing but the count below the minimum group', () => {
    const four = ['a', 'b', 'c', 'd'].map((id) => agreeing(id, 'agree'));
    expect(summariseFeedback(survey, four)).toEqual({ shown: false, respondents: 4 });
  });

  it('counts respondents, not responses: one person about two supervisors is one', () => {
    const responses = [
      ...['a', 'b', 'c', 'd'].map((id) => agreeing(id, 'agree')),
      agreeing('d', 'disagree'),
    ];
    expect(summariseFeedback(survey, responses)).toEqual({ shown: false, respondents: 4 });
  });

  it('at the minimum: the share agreeing, the mean on 1 to 5, themes most chosen first', () => {
    const responses = [
      agreeing('a', 'strongly_agree', ['Fewer cancellations']),
      agreeing('b', 'agree', ['Fewer cancellations', 'More time for reflection']),
      agreeing('c', 'neither', ['More time for reflection', 'Fewer cancellations']),
      agreeing('d', 'disagree', ['Nothing: it works well']),
      agreeing('e', 'strongly_disagree'),
    ];
    const result = summariseFeedback(survey, responses);
    expect(result.shown).toBe(true);
    if (!result.shown) return;
    expect(result.respondents).toBe(5);
    const content = result.questions.find((q) => q.id === 'content');
    expect(content).toMatchObject({ answer: 'agreement', responses: 5, agreeShare: 0.4, mean: 3 });
    const themes = result.questions.find((q) => q.id === 'improvements');
    if (themes?.answer !== 'themes') throw new Error('no themes');
    expect(themes.themes.slice(0, 3)).toEqual([
      { theme: 'Fewer cancellations', count: 3 },
      { theme: 'More time for reflection', count: 2 },
      { theme: 'Nothing: it works well', count: 1 },
    ]);
    expect(themes.themes.slice(3).every((t) => t.count === 0)).toBe(true);
    // Free text is never summarised.
    expect(result.questions.map((q) => q.id)).not.toContain('comments');
  });

  it('takes the minimum from the survey', () => {
    const small: FeedbackSurvey = { ...survey, minimumGroup: 3 };
    const three = ['a', 'b', 'c'].map((id) => agreeing(id, 'agree'));
    expect(summariseFeedback(small, three).shown).toBe(true);
    expect(summariseFeedback(small, three.slice(0, 2)).shown).toBe(false);
  });
});
