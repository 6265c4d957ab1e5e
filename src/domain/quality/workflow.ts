/**
 * An audit's life: assigned → in progress (first answers saved) → completed (every question
 * answered, findings summarised) → feedback given (to the supervisor, within the pack's
 * deadline). The auditor reads the sampled records only while the audit is open.
 */
import type { AuditTool } from '../policy/schema.ts';
import { type AuditAnswers, type FieldProblem, unanswered } from './answers.ts';

export const auditStatuses = ['assigned', 'in_progress', 'completed', 'feedback_given'] as const;
export type AuditStatus = (typeof auditStatuses)[number];

export const auditStatusLabels: Record<AuditStatus, string> = {
  assigned: 'Assigned',
  in_progress: 'In progress',
  completed: 'Completed',
  feedback_given: 'Feedback given',
};

/** Open until feedback is given: the auditor may read the sample and change the answers. */
export const isOpen = (status: AuditStatus) => status !== 'feedback_given';

/** Answers may change until the audit is completed. */
export const isAnswerable = (status: AuditStatus) =>
  status === 'assigned' || status === 'in_progress';

/** The status after saving answers. */
export const afterSave = (status: AuditStatus): AuditStatus =>
  status === 'assigned' ? 'in_progress' : status;

/** What stops an audit being completed: unanswered questions and no summary of findings. */
export function completionProblems(
  tool: AuditTool,
  answers: AuditAnswers,
  summary: string | undefined,
): FieldProblem[] {
  const problems = unanswered(tool, answers);
  if (!summary?.trim())
    problems.push({
      field: 'summary',
      message: 'Enter a summary of findings: areas of celebration, learning and improvement',
    });
  return problems;
}

/** What stops feedback being recorded: the audit not completed, or no feedback written. */
export function feedbackProblems(
  status: AuditStatus,
  feedback: string | undefined,
): FieldProblem[] {
  if (status !== 'completed')
    return [
      { field: 'feedback', message: 'Feedback can be given only once the audit is completed' },
    ];
  if (!feedback?.trim())
    return [{ field: 'feedback', message: 'Enter the feedback given, in bullet points' }];
  return [];
}
