/**
 * The agreement a pair signs: the pack's own template (each seed's agreement or contract, in
 * its words), or, for a pack whose seed has none, the generic template below. Answers are kept
 * by field id, so checking them is one pure function the pages and the API share.
 */
import { isIsoDate } from '../calendar/iso-date.ts';
import type { AgreementField, AgreementTemplate, PolicyPack } from '../policy/schema.ts';

const generic = { seed: 'Oversight', section: 'Generic supervision agreement' };

/**
 * For packs whose seed has no agreement (Northumberland defers to a separate supervision policy,
 * A01). Its questions are the ground the seeds' agreements share: how the pair meets (001, 002,
 * 004), what each brings (001, 004), recording and confidentiality (002, 004), disagreements
 * (all four) and review (all four). docs/policy-packs.md describes it.
 */
export const genericAgreementTemplate: AgreementTemplate = {
  id: 'generic-supervision-agreement',
  source: generic,
  note: 'Used when the policy pack has no agreementTemplate of its own.',
  title: 'Supervision agreement',
  frequency: {
    label: 'How often will one-to-one supervision take place?',
    hint: 'At least as often as the policy asks for this person’s role.',
  },
  sections: [
    {
      id: 'arrangements',
      heading: 'How we will meet',
      source: generic,
      fields: [
        {
          id: 'length',
          label: 'How long each session will last',
          kind: 'text',
          required: true,
        },
        {
          id: 'location',
          label: 'Where sessions will take place',
          hint: 'A private space, in person or online.',
          kind: 'text',
          required: true,
        },
        {
          id: 'rescheduling',
          label: 'What happens if a session has to be cancelled or moved',
          kind: 'textarea',
          required: true,
        },
        {
          id: 'agenda',
          label: 'How the agenda will be set',
          kind: 'textarea',
          required: false,
        },
      ],
    },
    {
      id: 'expectations',
      heading: 'What we will each contribute',
      source: generic,
      fields: [
        {
          id: 'supervisee-contribution',
          label: 'What the supervisee would find helpful and will contribute',
          kind: 'textarea',
          required: true,
        },
        {
          id: 'supervisor-contribution',
          label: 'What the supervisor would find helpful and will contribute',
          kind: 'textarea',
          required: true,
        },
      ],
    },
    {
      id: 'recording',
      heading: 'Recording and confidentiality',
      source: generic,
      fields: [
        {
          id: 'recording',
          label: 'How supervision will be recorded, and the limits of confidentiality',
          kind: 'textarea',
          required: true,
        },
      ],
    },
    {
      id: 'disagreements',
      heading: 'Disagreements',
      source: generic,
      fields: [
        {
          id: 'disagreements',
          label: 'How disagreements will be handled, and who will help if we cannot resolve them',
          kind: 'textarea',
          required: true,
        },
      ],
    },
  ],
};

/** The template an organisation's agreements are made on. */
export function agreementTemplateFor(pack: PolicyPack): AgreementTemplate {
  return pack.agreementTemplate ?? genericAgreementTemplate;
}

/** Every question of a template, in order. */
export function templateFields(template: AgreementTemplate): AgreementField[] {
  return template.sections.flatMap((section) => section.fields);
}

/** Answers by field id: text as typed, dates as YYYY-MM-DD, yes/no as 'yes' or 'no'. */
export type Answers = Record<string, string>;

export type AnswerProblem = { field: string; message: string };

export const answerLimits = { text: 200, textarea: 5000 } as const;

/** A label as it reads inside a message: without the seed's closing colon. */
export function questionOf(field: AgreementField): string {
  return field.label.replace(/[\s:.…]+$/u, '');
}

/**
 * Checks answers against a template. Unknown fields and answers of the wrong shape are problems
 * always; a required question left empty is a problem only when the agreement is to be sent
 * for signature (`complete`), so a draft can be saved half done. Empty answers are dropped.
 */
export function checkAnswers(
  template: AgreementTemplate,
  input: Record<string, unknown>,
  options: { complete: boolean },
): { answers: Answers; problems: AnswerProblem[] } {
  const fields = templateFields(template);
  const known = new Map(fields.map((field) => [field.id, field]));
  const answers: Answers = {};
  const problems: AnswerProblem[] = [];
  for (const [id, value] of Object.entries(input)) {
    const field = known.get(id);
    if (!field) {
      problems.push({ field: id, message: `“${id}” is not a question of this agreement` });
      continue;
    }
    if (value === null || value === undefined || value === '') continue;
    if (typeof value !== 'string') {
      problems.push({ field: id, message: `The answer to “${questionOf(field)}” must be text` });
      continue;
    }
    const text = value.trim();
    if (text === '') continue;
    const problem = answerProblem(field, text);
    if (problem) problems.push({ field: id, message: problem });
    else answers[id] = text;
  }
  if (options.complete) {
    for (const field of fields) {
      if (!field.required || answers[field.id] !== undefined) continue;
      if (problems.some((p) => p.field === field.id)) continue;
      problems.push({ field: field.id, message: missingMessage(field) });
    }
  }
  // In the order of the form, so the error summary reads top to bottom.
  const order = new Map(fields.map((field, i) => [field.id, i]));
  const rank = (field: string) => order.get(field) ?? order.size;
  problems.sort((a, b) => rank(a.field) - rank(b.field));
  return { answers, problems };
}

function answerProblem(field: AgreementField, text: string): string | undefined {
  const question = questionOf(field);
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      const max = answerLimits[field.kind];
      return text.length > max
        ? `The answer to “${question}” must be ${max} characters or fewer`
        : undefined;
    }
    case 'date':
      return isIsoDate(text) ? undefined : `“${question}” must be a real date`;
    case 'yes_no':
      return text === 'yes' || text === 'no' ? undefined : `Select yes or no for “${question}”`;
  }
}

export function missingMessage(field: AgreementField): string {
  const question = questionOf(field);
  switch (field.kind) {
    case 'date':
      return `Enter the date for “${question}”`;
    case 'yes_no':
      return `Select yes or no for “${question}”`;
    default:
      return `Enter an answer to “${question}”`;
  }
}

/**
 * The answers of an earlier version that a new version on `template` keeps: those whose
 * question is still asked. (The earlier version keeps all of its own.)
 */
export function carryOver(template: AgreementTemplate, answers: Answers): Answers {
  const ids = new Set(templateFields(template).map((field) => field.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id)));
}
