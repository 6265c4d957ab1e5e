/**
 * Answers to an audit tool: read from a form, checked question by question, and judged
 * favourable or not for the findings by dimension. Answers are kept by section and question id,
 * so a tool's sections are its dimensions in every report.
 */
import type { AuditAnswerKind, AuditQuestion, AuditTool } from '../policy/schema.ts';

export type AuditAnswer = { answer?: string; findings?: string };
export type AuditAnswers = Record<string, Record<string, AuditAnswer>>;
export type FieldProblem = { field: string; message: string };

type Option = { value: string; label: string; favourable: boolean };

const scales: Record<Exclude<AuditAnswerKind, 'text'>, Option[]> = {
  yes_no: [
    { value: 'yes', label: 'Yes', favourable: true },
    { value: 'no', label: 'No', favourable: false },
  ],
  rag: [
    { value: 'red', label: 'Red', favourable: false },
    { value: 'amber', label: 'Amber', favourable: false },
    { value: 'green', label: 'Green', favourable: true },
  ],
  grade: [
    { value: 'outstanding', label: 'Outstanding', favourable: true },
    { value: 'good', label: 'Good', favourable: true },
    { value: 'requires_improvement', label: 'Requires improvement', favourable: false },
    { value: 'inadequate', label: 'Inadequate', favourable: false },
  ],
};

/** The choices for a question, in order; none for free text. */
export function answerOptions(question: AuditQuestion): readonly Option[] {
  if (question.answer === 'text') return [];
  const options = scales[question.answer];
  if (question.answer !== 'yes_no' || question.favourable !== 'no') return options;
  return options.map((o) => ({ ...o, favourable: !o.favourable }));
}

/** The label of an answer, as the form showed it. */
export function answerLabel(question: AuditQuestion, value: string | undefined): string {
  if (value === undefined) return 'Not answered';
  return answerOptions(question).find((o) => o.value === value)?.label ?? value;
}

/** Whether an answer shows good practice; undefined for free text or no answer. */
export function isFavourable(question: AuditQuestion, value: string | undefined) {
  return answerOptions(question).find((o) => o.value === value)?.favourable;
}

/** The form field of a question's answer, and of its note of findings. */
export const answerField = (sectionId: string, questionId: string) => `${sectionId}.${questionId}`;
export const findingsField = (sectionId: string, questionId: string) =>
  `${sectionId}.${questionId}.findings`;

const maxText = 5000;

/**
 * Reads the posted form into answers. Anything not one of a question's choices, or text over
 * the limit, is a problem naming the question; blanks are simply not answered yet.
 */
export function readAuditForm(
  tool: AuditTool,
  form: Readonly<Record<string, unknown>>,
): { answers: AuditAnswers; problems: FieldProblem[] } {
  const answers: AuditAnswers = {};
  const problems: FieldProblem[] = [];
  for (const section of tool.sections) {
    const out: Record<string, AuditAnswer> = {};
    for (const question of section.questions) {
      const field = answerField(section.id, question.id);
      const answer = text(form[field]);
      const findings = text(form[findingsField(section.id, question.id)]);
      const entry: AuditAnswer = {};
      if (answer !== undefined) {
        const options = answerOptions(question);
        if (options.length > 0 && !options.some((o) => o.value === answer))
          problems.push({
            field,
            message: `${question.text}: choose one of ${options.map((o) => o.label).join(', ')}`,
          });
        else if (answer.length > maxText)
          problems.push({
            field,
            message: `${question.text}: must be ${maxText} characters or fewer`,
          });
        else entry.answer = answer;
      }
      if (findings !== undefined) {
        if (findings.length > maxText)
          problems.push({
            field: findingsField(section.id, question.id),
            message: `Findings and actions for "${question.text}" must be ${maxText} characters or fewer`,
          });
        else entry.findings = findings;
      }
      if (entry.answer !== undefined || entry.findings !== undefined) out[question.id] = entry;
    }
    if (Object.keys(out).length > 0) answers[section.id] = out;
  }
  return { answers, problems };
}

/** The questions still to answer before an audit can be completed. */
export function unanswered(tool: AuditTool, answers: AuditAnswers): FieldProblem[] {
  return tool.sections.flatMap((section) =>
    section.questions
      .filter((q) => !q.optional && answers[section.id]?.[q.id]?.answer === undefined)
      .map((q) => ({
        field: answerField(section.id, q.id),
        message: `${section.heading}: answer "${q.text}"`,
      })),
  );
}

function text(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}
