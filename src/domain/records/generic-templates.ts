/**
 * Oversight's own record templates, for any kind of record a pack gives no form for. Headings
 * are plain and drawn from what the seeds share (DESIGN §2, SEED-CATALOGUE A67): the review of
 * earlier actions, the child's views, worries and what is working well, decisions with their
 * rationale, and actions agreed with who and by when. A pack's own template always wins.
 */
import type { PolicyPack, Template, TemplateSection } from '../policy/schema.ts';
import { type RecordKind, recordKinds } from '../policy/vocabulary.ts';

/** Kinds with pages of their own (the agreement and its reviews), not started as a record. */
const kindsWithTheirOwnPages = [
  'supervision_agreement',
  'agreement_review',
  'effectiveness_review',
] as const satisfies readonly RecordKind[];

export type RecordableKind = Exclude<RecordKind, (typeof kindsWithTheirOwnPages)[number]>;

function isRecordable(kind: RecordKind): kind is RecordableKind {
  return !(kindsWithTheirOwnPages as readonly RecordKind[]).includes(kind);
}

/** The kinds a person can start a record of by hand, in the vocabulary's order. */
export const recordableKinds: readonly RecordableKind[] = recordKinds.filter(isRecordable);

const source = { seed: 'Oversight', section: 'generic templates' };

const reviewOfActions: TemplateSection = {
  id: 'review-of-actions',
  heading: 'Review of actions from the last supervision',
  fields: [
    {
      id: 'review',
      label: 'Progress on each open action',
      type: 'table',
      purpose: 'review_of_actions',
    },
  ],
};

const actionsAgreed: TemplateSection = {
  id: 'actions',
  heading: 'Actions agreed',
  hint: 'What needs to happen, who will do it and by when.',
  fields: [{ id: 'actions', label: 'Actions agreed', type: 'table', purpose: 'actions' }],
};

const decisionsAndRationale: TemplateSection = {
  id: 'decisions',
  heading: 'Decisions and rationale',
  hint: 'What was decided, and why one decision was made rather than another.',
};

const childViews: TemplateSection = {
  id: 'child-views',
  heading: "The child's views",
  fields: [
    {
      id: 'child-views',
      label: "The child's views, wishes and feelings",
      type: 'text',
      purpose: 'child_views',
    },
  ],
};

function template(
  kind: RecordKind,
  title: string,
  sections: TemplateSection[],
  extra: Partial<Pick<Template, 'headline' | 'note'>> = {},
): Template {
  return {
    id: `generic-${kind.replaceAll('_', '-')}`,
    source,
    ...extra,
    recordKind: kind,
    title,
    sections,
  };
}

/** Group records: the attendees come from the session; who led is asked as text. */
function groupTemplate(kind: RecordKind, title: string, focusHint: string): Template {
  const session: TemplateSection = {
    id: 'session',
    heading: title,
    fields: [
      { id: 'lead', label: 'Who led the session', type: 'text' },
      { id: 'focus', label: 'Focus of the session', hint: focusHint, type: 'text' },
    ],
  };
  return template(
    kind,
    title,
    [session, { id: 'discussion', heading: 'Discussion' }, decisionsAndRationale, actionsAgreed],
    {
      note: 'The attendees are the session’s; the record goes on each child discussed and each attendee’s history.',
    },
  );
}

/** One generic template for every record kind, so a record of any kind has a form. */
export const genericTemplates: { readonly [K in RecordKind]: Template } = {
  personal_supervision: template(
    'personal_supervision',
    'Personal supervision record',
    [
      reviewOfActions,
      { id: 'wellbeing', heading: 'Wellbeing and support' },
      { id: 'working-well', heading: 'What is working well' },
      { id: 'worries', heading: 'Any worries' },
      { id: 'workload', heading: 'Workload and caseload' },
      { id: 'learning', heading: 'Learning and development' },
      {
        id: 'disagreements',
        heading: 'Disagreements',
        hint: 'Any disagreement, with what is proposed to resolve or escalate it.',
      },
      actionsAgreed,
    ],
    { headline: 'Supervision between {supervisor} and {supervisee}' },
  ),
  case_supervision: template(
    'case_supervision',
    'Case supervision record',
    [
      reviewOfActions,
      childViews,
      { id: 'worried', heading: 'What are we worried about?' },
      { id: 'working-well', heading: 'What is working well?' },
      { id: 'needs-to-happen', heading: 'What needs to happen?' },
      decisionsAndRationale,
      actionsAgreed,
    ],
    { headline: 'Case supervision between {supervisor} and {supervisee}' },
  ),
  case_supervision_unplanned: template(
    'case_supervision_unplanned',
    'Unplanned case supervision',
    [
      {
        id: 'reason',
        heading: 'Why the discussion was needed',
        hint: 'For example, a change of circumstances, new information, or an urgent decision.',
      },
      { id: 'discussion', heading: 'Discussion' },
      decisionsAndRationale,
      actionsAgreed,
    ],
    { headline: 'Unplanned case supervision between {supervisor} and {supervisee}' },
  ),
  group_supervision: groupTemplate(
    'group_supervision',
    'Group supervision record',
    'A family the group discussed, or the aspect of practice it reflected on.',
  ),
  group_learning: groupTemplate(
    'group_learning',
    'Group learning record',
    'The case the group focused on.',
  ),
  direct_observation: template('direct_observation', 'Direct observation of practice', [
    {
      id: 'observation',
      heading: 'The observation',
      fields: [
        { id: 'setting', label: 'Where it took place and what was observed', type: 'text' },
        { id: 'went-well', label: 'What went well', type: 'text' },
        { id: 'done-differently', label: 'What could have been done differently', type: 'text' },
        {
          id: 'feedback',
          label: 'Feedback from the child, young person or family',
          hint: 'If they were willing to give it.',
          type: 'text',
        },
      ],
    },
    { id: 'reflections', heading: "The practitioner's reflections", completedBy: 'supervisee' },
    { id: 'learning', heading: 'Learning and development needs' },
    actionsAgreed,
  ]),
  supervision_decision: template('supervision_decision', 'Supervision decision record', [
    { id: 'concerns', heading: 'Concerns' },
    decisionsAndRationale,
    actionsAgreed,
  ]),
  discussion_with_another_professional: template(
    'discussion_with_another_professional',
    'Discussion with another professional',
    [
      { id: 'professional', heading: 'Who the discussion was with' },
      { id: 'discussion', heading: 'Discussion' },
      { id: 'outcome', heading: 'Outcome' },
    ],
    { note: 'Not supervision: a discussion about a child with a professional from outside.' },
  ),
  management_action: template(
    'management_action',
    'Management action',
    [
      { id: 'action', heading: 'Action taken' },
      { id: 'what-happened', heading: 'What happened and why' },
      { id: 'outcome', heading: 'Outcome' },
    ],
    { note: 'Not supervision: an action a manager took on a child’s case.' },
  ),
  management_oversight: template('management_oversight', 'Management oversight', [
    { id: 'oversight', heading: 'Oversight and direction given' },
    decisionsAndRationale,
    actionsAgreed,
  ]),
  management_presence_at_taf: template(
    'management_presence_at_taf',
    'Management presence at a Team Around the Family meeting',
    [
      { id: 'meeting', heading: 'What the meeting considered' },
      { id: 'oversight', heading: 'Management oversight and direction given' },
      actionsAgreed,
    ],
  ),
  informal_discussion: template(
    'informal_discussion',
    'Informal discussion',
    [
      { id: 'discussion', heading: 'Issues discussed' },
      { id: 'guidance', heading: 'Guidance given or decisions taken, and why' },
      actionsAgreed,
    ],
    {
      note: 'Recorded so decisions keep their rationale; it does not replace formal supervision, and significant issues are revisited there.',
    },
  ),
  case_summary: template('case_summary', 'Case summary', [
    { id: 'summary', heading: "The child's circumstances and the plan" },
    { id: 'impact', heading: 'The difference our involvement has made' },
    { id: 'next', heading: 'What needs to happen next' },
  ]),
  pdr: template('pdr', 'Performance and development review', [
    {
      id: 'pdr',
      heading: 'Performance and development review',
      fields: [
        { id: 'date', label: 'Date of the review', type: 'date' },
        { id: 'note', label: 'Note (optional)', type: 'text' },
      ],
    },
  ]),
  handover_note: template(
    'handover_note',
    'Handover note',
    [
      { id: 'arrangements', heading: 'Supervision arrangements and the agreement' },
      { id: 'wellbeing', heading: 'Wellbeing, learning and development' },
      { id: 'caseload', heading: 'Caseload and the children of most concern' },
      {
        id: 'open-actions',
        heading: 'Open actions',
        fields: [
          {
            id: 'open-actions',
            label: 'Progress on each open action',
            type: 'table',
            purpose: 'review_of_actions',
          },
        ],
      },
    ],
    { note: 'Made on a change of supervisor, by the outgoing supervisor where they can.' },
  ),
  supervision_agreement: template('supervision_agreement', 'Supervision agreement', [
    { id: 'arrangements', heading: 'Arrangements for supervision' },
    { id: 'expectations', heading: 'What each of us needs to get the most out of supervision' },
    { id: 'disagreements', heading: 'How disagreements will be handled' },
    { id: 'recording', heading: 'How supervision will be recorded, and confidentiality' },
  ]),
  agreement_review: template('agreement_review', 'Review of the supervision agreement', [
    { id: 'changes', heading: 'What has changed' },
    { id: 'agreed', heading: 'Changes agreed to the agreement' },
  ]),
  effectiveness_review: template(
    'effectiveness_review',
    'Review of the effectiveness of supervision',
    [
      { id: 'review', heading: 'Content, length, frequency, format and style of supervision' },
      { id: 'feedback', heading: "The supervisee's feedback on the supervision they receive" },
      { id: 'changes', heading: 'Changes agreed' },
    ],
  ),
};

/** The form for a record of this kind: the pack's first template of it, else Oversight's. */
export function templateFor(pack: PolicyPack, kind: RecordKind): Template {
  return pack.templates.find((t) => t.recordKind === kind) ?? genericTemplates[kind];
}
