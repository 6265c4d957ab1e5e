/**
 * Supervisees' feedback: the round a date falls in, reading a response, and results that are
 * shown only for groups with at least the survey's minimum of respondents, so that no one's
 * answers can be picked out.
 */
import type { IsoDate } from '../calendar/period.ts';
import { alignedWindows } from '../compliance/dates.ts';
import type { FeedbackQuestion, FeedbackSurvey } from '../policy/schema.ts';
import type { FieldProblem } from './answers.ts';

export const agreementScale = [
  { value: 'strongly_agree', label: 'Strongly agree', score: 5 },
  { value: 'agree', label: 'Agree', score: 4 },
  { value: 'neither', label: 'Neither agree nor disagree', score: 3 },
  { value: 'disagree', label: 'Disagree', score: 2 },
  { value: 'strongly_disagree', label: 'Strongly disagree', score: 1 },
] as const;

export type FeedbackAnswers = Record<string, string | string[]>;

/** The round holding a date: a half or a whole financial year (from April). */
export function feedbackRound(every: FeedbackSurvey['every'], date: IsoDate) {
  const [round] = alignedWindows(date, date, every === 'half_year' ? 6 : 12, 4);
  return round as { from: IsoDate; to: IsoDate };
}

const maxComment = 2000;

/** Reads a response: every agreement question answered, themes from the list, short text. */
export function readFeedbackForm(
  survey: FeedbackSurvey,
  form: Readonly<Record<string, unknown>>,
): { answers: FeedbackAnswers; problems: FieldProblem[] } {
  const answers: FeedbackAnswers = {};
  const problems: FieldProblem[] = [];
  for (const q of survey.questions) {
    const raw = form[q.id];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    const problem = (message: string) => problems.push({ field: q.id, message });
    switch (q.answer) {
      case 'agreement': {
        const value = values[0];
        if (value === undefined) problem(`Select how far you agree: ${q.text}`);
        else if (!agreementScale.some((s) => s.value === value))
          problem(`Choose one of the five answers to "${q.text}"`);
        else answers[q.id] = value;
        break;
      }
      case 'themes': {
        const unknown = values.filter((v) => !q.options.includes(v));
        if (unknown.length > 0) problem(`Choose answers to "${q.text}" from the list`);
        else if (values.length > 0) answers[q.id] = [...new Set(values)];
        break;
      }
      case 'text': {
        const value = values[0];
        if (value !== undefined && value.length > maxComment)
          problem(`The answer to "${q.text}" must be ${maxComment} characters or fewer`);
        else if (value !== undefined) answers[q.id] = value;
        break;
      }
    }
  }
  return { answers, problems };
}

export type FeedbackResponse = { respondentId: string; answers: FeedbackAnswers };

export type QuestionResult =
  | {
      id: string;
      text: string;
      answer: 'agreement';
      responses: number;
      /** Share answering agree or strongly agree, 0 to 1. */
      agreeShare: number;
      /** Mean on a 1 (strongly disagree) to 5 (strongly agree) scale. */
      mean: number;
      counts: Record<string, number>;
    }
  | {
      id: string;
      text: string;
      answer: 'themes';
      /** Each option with how many responses chose it, most chosen first. */
      themes: { theme: string; count: number }[];
    };

export type GroupResult =
  | { shown: true; respondents: number; responses: number; questions: QuestionResult[] }
  /** Fewer respondents than the minimum: nothing but the fact is shown. */
  | { shown: false; respondents: number };

/**
 * The results for one group. Free-text comments are never summarised: they are read, whole,
 * only where the group is large enough, by the people who may see the results.
 */
export function summariseFeedback(
  survey: FeedbackSurvey,
  responses: readonly FeedbackResponse[],
): GroupResult {
  const respondents = new Set(responses.map((r) => r.respondentId)).size;
  if (respondents < survey.minimumGroup) return { shown: false, respondents };
  const questions = survey.questions.flatMap((q) => resultOf(q, responses));
  return { shown: true, respondents, responses: responses.length, questions };
}

function resultOf(q: FeedbackQuestion, responses: readonly FeedbackResponse[]): QuestionResult[] {
  if (q.answer === 'agreement') {
    const values = responses.flatMap((r) => {
      const v = r.answers[q.id];
      return typeof v === 'string' ? [v] : [];
    });
    const counts = Object.fromEntries(agreementScale.map((s) => [s.value, 0]));
    let total = 0;
    for (const v of values) {
      counts[v] = (counts[v] ?? 0) + 1;
      total += agreementScale.find((s) => s.value === v)?.score ?? 0;
    }
    const agreeing = (counts.strongly_agree ?? 0) + (counts.agree ?? 0);
    return [
      {
        id: q.id,
        text: q.text,
        answer: 'agreement',
        responses: values.length,
        agreeShare: values.length === 0 ? 0 : agreeing / values.length,
        mean: values.length === 0 ? 0 : total / values.length,
        counts,
      },
    ];
  }
  if (q.answer === 'themes') {
    const themes = q.options
      .map((theme) => ({
        theme,
        count: responses.filter((r) => {
          const v = r.answers[q.id];
          return Array.isArray(v) && v.includes(theme);
        }).length,
      }))
      .sort((a, b) => b.count - a.count);
    return [{ id: q.id, text: q.text, answer: 'themes', themes }];
  }
  return [];
}
