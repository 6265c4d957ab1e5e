import { describe, expect, it } from 'vitest';
import { peerAuditTool } from '../policy/packs/quality-tools.ts';
import type { AuditAnswers } from './answers.ts';
import {
  afterSave,
  auditStatuses,
  completionProblems,
  feedbackProblems,
  isAnswerable,
  isOpen,
} from './workflow.ts';

const allYes: AuditAnswers = {
  'audit-questions': Object.fromEntries(
    peerAuditTool.sections[0]!.questions.map((q) => [q.id, { answer: 'yes' }]),
  ),
};

describe('an audit’s life', () => {
  it('runs assigned → in progress → completed → feedback given', () => {
    expect(auditStatuses).toEqual(['assigned', 'in_progress', 'completed', 'feedback_given']);
    expect(afterSave('assigned')).toBe('in_progress');
    expect(afterSave('in_progress')).toBe('in_progress');
  });

  it('takes answers until completed, and keeps the sample open until feedback is given', () => {
    expect(auditStatuses.filter(isAnswerable)).toEqual(['assigned', 'in_progress']);
    expect(auditStatuses.filter(isOpen)).toEqual(['assigned', 'in_progress', 'completed']);
  });

  it('is completed only with every question answered and a summary of findings', () => {
    // Appendix J closes with "Summary of findings – areas of celebration, learning and improvement".
    expect(completionProblems(peerAuditTool, allYes, 'Good record keeping.')).toEqual([]);
    expect(completionProblems(peerAuditTool, allYes, '   ')).toEqual([
      {
        field: 'summary',
        message: 'Enter a summary of findings: areas of celebration, learning and improvement',
      },
    ]);
    const oneMissing = structuredClone(allYes);
    delete oneMissing['audit-questions']!.attendance;
    expect(completionProblems(peerAuditTool, oneMissing, 'Summary').map((p) => p.field)).toEqual([
      'audit-questions.attendance',
    ]);
  });

  it('records feedback only once completed, and only with something written', () => {
    // Manchester: feedback to the supervisor within 5 working days of the audit.
    expect(feedbackProblems('in_progress', '- Well done')).toEqual([
      { field: 'feedback', message: 'Feedback can be given only once the audit is completed' },
    ]);
    expect(feedbackProblems('feedback_given', '- Again')).toHaveLength(1);
    expect(feedbackProblems('completed', ' ')).toEqual([
      { field: 'feedback', message: 'Enter the feedback given, in bullet points' },
    ]);
    expect(feedbackProblems('completed', '- Clear actions\n- Record the purpose')).toEqual([]);
  });
});
