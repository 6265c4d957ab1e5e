import { describe, expect, it } from 'vitest';
import { peerAuditTool, tenDimensions } from '../policy/packs/quality-tools.ts';
import {
  answerField,
  answerLabel,
  answerOptions,
  findingsField,
  isFavourable,
  readAuditForm,
  unanswered,
} from './answers.ts';

const question = (tool: typeof peerAuditTool, id: string) =>
  tool.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;

describe('reading an audit form', () => {
  it('keeps each answer and its findings by section and question', () => {
    // Manchester Appendix J: yes or no, with a note of findings and actions.
    const { answers, problems } = readAuditForm(peerAuditTool, {
      [answerField('audit-questions', 'agreement')]: 'yes',
      [findingsField('audit-questions', 'agreement')]: '  Signed by both on the first day.  ',
      [answerField('audit-questions', 'attendance')]: '',
    });
    expect(problems).toEqual([]);
    expect(answers).toEqual({
      'audit-questions': {
        agreement: { answer: 'yes', findings: 'Signed by both on the first day.' },
      },
    });
  });

  it('names the question whose answer is not one of its choices', () => {
    // Northumberland's ten dimensions are graded, not answered yes or no.
    const { answers, problems } = readAuditForm(tenDimensions, {
      'purpose.judgement': 'yes',
      'impact.judgement': 'good',
    });
    expect(problems).toEqual([
      {
        field: 'purpose.judgement',
        message:
          'How well does the record meet this dimension?: choose one of Outstanding, Good, Requires improvement, Inadequate',
      },
    ]);
    expect(answers).toEqual({ impact: { judgement: { answer: 'good' } } });
  });

  it('refuses findings over 5,000 characters, naming the question', () => {
    const { problems } = readAuditForm(peerAuditTool, {
      'audit-questions.attendance': 'no',
      'audit-questions.attendance.findings': 'x'.repeat(5001),
    });
    expect(problems).toEqual([
      {
        field: 'audit-questions.attendance.findings',
        message:
          'Findings and actions for "Is there evidence that the supervisee’s attendance has been managed in line with the guidance in the Managers Toolkit?" must be 5000 characters or fewer',
      },
    ]);
    expect(
      readAuditForm(peerAuditTool, { 'audit-questions.attendance.findings': 'x'.repeat(5000) })
        .problems,
    ).toEqual([]);
  });

  it('lists the questions still to answer, in the tool’s order', () => {
    const missing = unanswered(tenDimensions, {
      purpose: { judgement: { answer: 'good' } },
      // Findings alone do not answer the question.
      language: { judgement: { findings: 'Plain English throughout.' } },
    });
    expect(missing).toHaveLength(9);
    expect(missing[0]).toEqual({
      field: 'language.judgement',
      message: 'Language: answer "How well does the record meet this dimension?"',
    });
    expect(missing.at(-1)?.field).toBe('local-policies-and-procedures.judgement');
  });
});

describe('the choices of a question', () => {
  it('reads a yes to a concern as unfavourable', () => {
    // Appendix J: is there "a necessity to arrange an observation of the supervisors’ supervision skills?"
    const concern = question(peerAuditTool, 'observe-supervisor');
    expect(isFavourable(concern, 'yes')).toBe(false);
    expect(isFavourable(concern, 'no')).toBe(true);
    expect(isFavourable(question(peerAuditTool, 'agreement'), 'yes')).toBe(true);
    expect(answerOptions(concern).map((o) => o.label)).toEqual(['Yes', 'No']);
  });

  it('labels an answer as the form showed it', () => {
    const judgement = tenDimensions.sections[0]!.questions[0]!;
    expect(answerLabel(judgement, 'requires_improvement')).toBe('Requires improvement');
    expect(answerLabel(judgement, undefined)).toBe('Not answered');
    expect(isFavourable(judgement, 'inadequate')).toBe(false);
  });
});
