/**
 * The systemic, 4x4x4 children's services supervision policy (seed 001; the authority is not
 * named in the text). Case frequencies by the child's status, ASYE and student schedules,
 * 5 working days to record, one observation a year.
 */
import type { PolicyPack } from '../schema.ts';
import { feedbackSurvey } from './quality-tools.ts';

const seed = '001_3043796a7675463e.txt';
const at = (section: string) => ({ seed, section });
const frequency = at('8. Frequency of Supervision');
const resources = at('12. Resources');
const keyWorkers = ['key_worker', 'lead_professional'] as const;
const perChild =
  'The minimum frequencies are per child; the obligation falls on the key worker or lead professional (involved workers are not named).';

export const systemic4x4x4: PolicyPack = {
  id: 'systemic-4x4x4',
  name: 'Systemic practice supervision policy (4x4x4)',
  version: 'undated',
  authority: 'Not named in the text (LA-001)',
  seed,
  description:
    'Case frequencies by child status; ASYE and student schedules; 5 working days to record; one observation a year; monthly group supervision.',
  dueSoonLead: { unit: 'working_days', count: 5 },
  staffSupervision: [
    {
      id: 'calendar-month',
      source: resources,
      catalogueRef: 'F02',
      note: 'Supervision Agreement, General Principles: "Supervision should take place at least once every calendar month". Applies to every supervisee unless a more specific rule matches.',
      match: {},
      frequency: { kind: 'calendar_month' },
    },
    {
      id: 'asye-stepped',
      source: frequency,
      catalogueRef: 'F04',
      note: '"0-6 weeks Weekly; 6 weeks – 6 months Fortnightly; 6 months onwards Monthly", counted from the ASYE start. 6 months is taken as 26 weeks; "monthly" after that is every month from the last session.',
      match: { asye: true },
      frequency: {
        kind: 'stepped',
        since: 'asye_start',
        steps: [
          { fromWeek: 0, toWeek: 6, every: { unit: 'weeks', count: 1 } },
          { fromWeek: 6, toWeek: 26, every: { unit: 'weeks', count: 2 } },
          { fromWeek: 26, every: { unit: 'months', count: 1 } },
        ],
      },
    },
    {
      id: 'students-weekly',
      source: frequency,
      catalogueRef: 'F03',
      note: '"supervision on a weekly basis, for a minimum of 90 minutes per week". Week 1 with the Placement Supervisor, week 2 with the Practice Educator: any one-to-one counts, whoever holds it (A20).',
      match: { studentOrApprentice: true },
      frequency: { kind: 'every', period: { unit: 'weeks', count: 1 } },
      minimumMinutes: 90,
    },
  ],
  caseSupervision: [
    {
      id: 'early-help-3-monthly',
      source: frequency,
      catalogueRef: 'F21',
      note: `"Children open to Families First Early Help – 3 monthly". ${perChild}`,
      match: { statuses: ['early_help'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 3 },
    },
    {
      id: 'child-in-need-3-monthly',
      source: frequency,
      catalogueRef: 'F23',
      note: `"Children in need – 3 monthly". ${perChild}`,
      match: { statuses: ['child_in_need'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 3 },
    },
    {
      id: 'child-protection-2-monthly',
      source: frequency,
      catalogueRef: 'F24',
      note: `"Children subject of a child protection plan – 2 monthly". ${perChild}`,
      match: { statuses: ['child_protection'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 2 },
    },
    {
      id: 'care-proceedings-2-monthly',
      source: frequency,
      catalogueRef: 'F25',
      note: `"Children subject of care proceedings – 2 monthly". ${perChild}`,
      match: { statuses: ['care_proceedings'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 2 },
    },
    {
      id: 'child-in-care-2-monthly',
      source: frequency,
      catalogueRef: 'F26',
      note: `"Children in care – 2 monthly/3 monthly when long term matched": 2 monthly unless the long-term matched status is active (A13). ${perChild}`,
      match: {
        statuses: ['child_in_care'],
        notStatuses: ['long_term_matched'],
        allocationRoles: [...keyWorkers],
      },
      interval: { unit: 'months', count: 2 },
    },
    {
      id: 'child-in-care-long-term-matched-3-monthly',
      source: frequency,
      catalogueRef: 'F26',
      note: `"3 monthly when long term matched". ${perChild}`,
      match: { statuses: ['long_term_matched'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 3 },
    },
    {
      id: 'short-breaks-3-monthly',
      source: frequency,
      catalogueRef: 'F27',
      note: `"Children receiving short breaks – 3 monthly". ${perChild}`,
      match: { statuses: ['short_breaks'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 3 },
    },
    {
      id: 'care-leavers-3-monthly',
      source: frequency,
      catalogueRef: 'F28',
      note: `"Care leavers – 3 monthly". ${perChild}`,
      match: { statuses: ['care_leaver'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 3 },
    },
    {
      id: 'adoption-support-3-monthly',
      source: frequency,
      catalogueRef: 'F29',
      note: `"Children receiving adoption support – As per children in need, 3 monthly". ${perChild}`,
      match: { statuses: ['adoption_support'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 3 },
    },
  ],
  eventTriggers: [
    {
      id: 'assessment-day-8',
      source: frequency,
      catalogueRef: 'F22',
      note: '"Assessments should be reviewed at day 8 and day 20 by the worker and their manager": day 8 is 8 working days after the assessment status starts (A12). Not applicable if the assessment ended first.',
      trigger: { on: 'status_start', statuses: ['assessment'] },
      dueAfter: { unit: 'working_days', count: 8 },
      whileStatusActive: true,
    },
    {
      id: 'assessment-day-20',
      source: frequency,
      catalogueRef: 'F22',
      note: 'Day 20 is 20 working days after the assessment starts (A12); a review after day 8 (from working day 9) counts towards it.',
      trigger: { on: 'status_start', statuses: ['assessment'] },
      dueAfter: { unit: 'working_days', count: 20 },
      windowOpensAfter: { unit: 'working_days', count: 9 },
      whileStatusActive: true,
    },
  ],
  recordingDeadlines: [
    {
      id: 'case-notes-written-5-wd',
      source: at('9. Supervision Recording'),
      catalogueRef: 'D02',
      note: '"Supervision notes should be completed and shared with the practitioner and added to the child\'s record within 5 working days", counted from the session. Applied to case supervision records; the seed does not say it covers the Personal Supervision Record (A17).',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      step: 'written',
      deadline: { kind: 'within', period: { unit: 'working_days', count: 5 } },
    },
    {
      id: 'case-notes-shared-5-wd',
      source: at('9. Supervision Recording'),
      catalogueRef: 'D02',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      step: 'shared',
      deadline: { kind: 'within', period: { unit: 'working_days', count: 5 } },
    },
    {
      id: 'case-notes-on-child-record-5-wd',
      source: at('9. Supervision Recording'),
      catalogueRef: 'D02',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      step: 'on_child_record',
      deadline: { kind: 'within', period: { unit: 'working_days', count: 5 } },
    },
  ],
  observations: [
    {
      id: 'one-observation-a-year',
      source: at('6. Observation of practice'),
      catalogueRef: 'F60',
      note: '"Each year all practitioners should have at least one practice observation completed by their supervisor". The year is not defined (A14): the financial year, April–March. Practitioners are social workers, senior practitioners and family help workers.',
      match: { roleCategories: ['social_worker', 'senior_practitioner', 'family_help_worker'] },
      count: 1,
      basis: 'financial',
      observedBy: { atLeast: 1, relationships: ['line_management'] },
    },
  ],
  pdr: [],
  groupExpectations: [
    {
      id: 'team-monthly-group-supervision',
      source: at('5. Group supervision sessions'),
      catalogueRef: 'F56',
      note: '"All teams will hold monthly group reflective supervision sessions": one group session for each team in each calendar month.',
      scope: 'team',
      match: {},
      sessionKinds: ['group'],
      frequency: { kind: 'calendar_month' },
    },
  ],
  agreements: [
    {
      id: 'agreement-annual',
      source: resources,
      catalogueRef: 'F65',
      note: 'Completed "at the start of the supervisory relationship" (4. Systemic practice and supervision) and "Review date (to be reviewed annually)". Students need one with the placement supervisor and one with the practice educator.',
      atStart: true,
      reviewEvery: { unit: 'months', count: 12 },
      onChangeOfSupervisor: false,
      relationships: ['line_management', 'placement_supervisor', 'practice_educator'],
    },
  ],
  effectivenessReviews: [],
  absences: [],
  audits: [],
  feedbackSurvey: feedbackSurvey(
    at('5. Group supervision sessions'),
    'year',
    'The seed refers quality assurance to a separate QA Framework and sets no feedback round: a round each financial year.',
  ),
  feedbackDeadlines: [],
  evidence: [
    {
      id: 'one-to-one-counts',
      source: resources,
      countsTowards: 'staff_supervision',
      sessionKinds: ['one_to_one'],
    },
    {
      id: 'case-supervision-counts',
      source: at('9. Supervision Recording'),
      catalogueRef: 'A19',
      note: 'Planned and unplanned (urgent) case supervision on the child\'s record count; a note recorded only as "management oversight" does not (A19).',
      countsTowards: 'case_supervision',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
    },
    {
      id: 'observation-record-counts',
      source: at('6. Observation of practice'),
      countsTowards: 'observation',
      recordKinds: ['direct_observation'],
    },
  ],
  retention: [
    {
      id: 'case-supervision-with-child-record',
      source: at('9. Supervision Recording'),
      note: "Discussions about children are recorded on the child's record. No period is given for other records (A16): the organisation must set one.",
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      retention: { kind: 'with_child_record' },
    },
  ],
  templates: [
    {
      id: 'supervision-agreement',
      source: resources,
      catalogueRef: 'T-001-01',
      note: 'The agreement itself is made from agreementTemplate on its own pages; this keeps the form\'s words in its order. "Supervisee:", "Line Manager/Supervisor:" and "Team:" come from the relationship.',
      recordKind: 'supervision_agreement',
      title: "Children's Services Supervision Agreement",
      signatories: ['supervisee', 'supervisor'],
      sections: [
        {
          id: 'contributions',
          heading: 'General Principles',
          prompts: [
            'Supervision can be face to face or as a virtual meeting as agreed between both parties',
            'Supervision should take place at least once every calendar month',
            'Cancellation or interruption should only occur in the event of an operational or personal emergency. If supervision is cancelled it should be rearranged as soon as possible',
            'Supervision should take place in a private confidential space',
            'Any disagreements or disputes should be openly discussed between the practitioner and supervisor. If they cannot be resolved, then the supervisor’s line manager, should be asked to assist in resolving the differences between both parties',
            'Previous supervision notes should be brought to each supervision.',
            'Where supervision records are typed by someone other than supervisor, this needs to be discussed and agreed',
          ],
          fields: [
            {
              id: 'from-supervisor',
              label:
                'What I would find helpful from you as my supervisor and what I will contribute as a practitioner:',
              type: 'text',
            },
            {
              id: 'from-practitioner',
              label:
                'What I would find helpful from you as the practitioner and what I will contribute as a supervisor:',
              type: 'text',
            },
            {
              id: 'avoid',
              label: 'Anything either the practitioner or supervisor should try to avoid:',
              type: 'text',
            },
            {
              id: 'signature-practitioner',
              label: 'Signature of practitioner:',
              type: 'signature',
            },
            {
              id: 'signature-supervisor',
              label: 'Signature of Line Supervisor:',
              type: 'signature',
            },
            { id: 'completed', label: 'Date agreement completed:', type: 'date' },
            { id: 'review', label: 'Review date (to be reviewed annually):', type: 'date' },
          ],
        },
      ],
    },
    {
      id: 'personal-supervision-record',
      source: resources,
      catalogueRef: 'T-001-03',
      note: '"Name of Supervisee:", "Name of Line Manager/Supervisor:", "Team/Area:" and "Date supervision completed:" come from the record; the seed\'s words in brackets are hints and prompts. The review\'s columns ("Action", "Progress made") and the actions\' ("Action", "Person responsible", "Timeframe") are those Oversight tracks actions by. Confidential to the staff side, on "the OneDrive of the manager" (9. Supervision Recording).',
      recordKind: 'personal_supervision',
      title: 'Personal Supervision Record',
      signatories: ['supervisee', 'supervisor'],
      sections: [
        {
          id: 'record',
          heading: 'Personal Supervision Record',
          fields: [
            {
              id: 'support',
              label: 'Support',
              hint: '(Personal safety, wellbeing, sickness absence and leave)',
              type: 'text',
            },
            {
              id: 'gone-well',
              label: 'Things that have gone well since the last supervision session',
              hint: '(Positive feedback, good examples of practice, workplace relationships that are supportive etc)',
              type: 'text',
            },
            {
              id: 'reflection',
              label: 'Reflection',
              hint: '(Dilemmas, practice issues and workload)',
              type: 'text',
            },
            {
              id: 'learning',
              label: 'Learning and development',
              prompts: [
                'What are the priorities to further develop skills and knowledge?',
                'What progress has been made on the actions agreed at appraisal?',
                'What feedback has been obtained from service users or via direct observation recently?',
              ],
              type: 'text',
            },
            {
              id: 'review-actions',
              label: 'Review of actions from previous session:',
              type: 'table',
              purpose: 'review_of_actions',
            },
            {
              id: 'actions',
              label: 'Actions to take forwards:',
              type: 'table',
              purpose: 'actions',
            },
            {
              id: 'signature-practitioner',
              label: 'Signature of practitioner:',
              type: 'signature',
            },
            {
              id: 'signature-supervisor',
              label: 'Signature of Line Manager/Supervisor:',
              type: 'signature',
            },
            { id: 'next', label: 'Date of next supervision:', type: 'date' },
          ],
        },
      ],
    },
    {
      id: 'direct-observation-of-practice-record',
      source: resources,
      catalogueRef: 'T-001-02',
      note: '"Name of Practitioner:" and "Name of Observer:" come from the record. "What could have been done differently:" and "Service user feedback:" share one box in the extracted form; each is its own question here. Completed by the supervisor (6. Observation of practice).',
      recordKind: 'direct_observation',
      title: 'Direct Observation of Practice Record',
      signatories: ['supervisee', 'observer'],
      sections: [
        {
          id: 'record',
          heading: 'Direct Observation of Practice Record',
          fields: [
            { id: 'lcs-number', label: 'LCS Number:', type: 'text' },
            { id: 'observation', label: 'Date, venue and nature of observation:', type: 'text' },
            {
              id: 'worked-well',
              label: 'What worked well, including any good practice observed:',
              type: 'text',
            },
            {
              id: 'done-differently',
              label: 'What could have been done differently:',
              type: 'text',
            },
            {
              id: 'service-user-feedback',
              label: 'Service user feedback:',
              hint: '(If possible, seek feedback from the service user about how they experienced the observation and their relationship with the practitioner)',
              type: 'text',
            },
            {
              id: 'reflections',
              label: 'Practitioners reflections on how the observation went:',
              type: 'text',
            },
            {
              id: 'learning-points',
              label: 'Learning points and actions:',
              hint: '(To be discussed in subsequent supervision session)',
              type: 'table',
              purpose: 'actions',
            },
            { id: 'signature-supervisee', label: 'Signature of Supervisee:', type: 'signature' },
            { id: 'signature-observer', label: 'Observer’s Signature:', type: 'signature' },
          ],
        },
      ],
    },
    {
      id: 'group-supervision-record',
      source: resources,
      catalogueRef: 'T-001-04',
      note: '"Date of session:" and "Names of people involved in the group supervision:" come from the session and its attendees. The form has no signatures (R05). Monthly "group reflective supervision facilitated by an Advanced Practitioner" (5. Group supervision sessions).',
      recordKind: 'group_supervision',
      title: 'Group Supervision Record',
      sections: [
        {
          id: 'record',
          heading: 'Group Supervision Record',
          fields: [
            { id: 'team', label: 'Team:', type: 'text' },
            { id: 'lead', label: 'Lead person for this session:', type: 'text' },
            {
              id: 'terms-of-reference',
              label: 'General terms of reference for the group supervision:',
              type: 'text',
            },
            { id: 'focus', label: 'Focus of discussion:', type: 'text' },
            {
              id: 'dilemmas',
              label: 'Any dilemmas or practice issues discussed:',
              type: 'text',
            },
            {
              id: 'review-actions',
              label: 'Review of any actions from previous session:',
              type: 'table',
              purpose: 'review_of_actions',
            },
            {
              id: 'actions',
              label: 'Actions to take forwards:',
              type: 'table',
              purpose: 'actions',
            },
          ],
        },
      ],
    },
  ],
  recordQuality: [
    {
      id: 'actions-person-responsible-and-timeframe',
      source: resources,
      catalogueRef: 'C11',
      note: 'The Personal and Group Supervision Records ask for each action\'s "Person responsible" and "Timeframe". A warning: the seed sets the columns, not a rule about leaving one empty.',
      check: 'action_owner_and_date',
      level: 'warning',
      recordKinds: ['personal_supervision', 'group_supervision'],
    },
  ],
  agreementTemplate: {
    id: 'childrens-services-supervision-agreement',
    source: resources,
    catalogueRef: 'T-001-01',
    note: 'The form\'s "Supervisee:", "Line Manager/Supervisor:" and "Team:" come from the relationship; its signatures, "Date agreement completed:" and "Review date (to be reviewed annually):" from the two electronic signatures. Completed "collaboratively at the start of the supervisory relationship" (F92); a student has one with the placement supervisor and one with the practice educator (F03).',
    title: "Children's Services Supervision Agreement",
    frequency: {
      label: 'How often will supervision take place?',
      hint: '"Supervision should take place at least once every calendar month". Students: weekly; ASYE: weekly, then fortnightly, then monthly.',
    },
    sections: [
      {
        id: 'general-principles',
        heading: 'General Principles',
        source: resources,
        catalogueRef: 'T-001-01.4',
        text: [
          'Supervision can be face to face or as a virtual meeting as agreed between both parties',
          'Supervision should take place at least once every calendar month',
          'Cancellation or interruption should only occur in the event of an operational or personal emergency. If supervision is cancelled it should be rearranged as soon as possible',
          'Supervision should take place in a private confidential space',
          'Any disagreements or disputes should be openly discussed between the practitioner and supervisor. If they cannot be resolved, then the supervisor’s line manager, should be asked to assist in resolving the differences between both parties',
          'Previous supervision notes should be brought to each supervision.',
          'Where supervision records are typed by someone other than supervisor, this needs to be discussed and agreed',
        ],
        fields: [],
      },
      {
        id: 'working-together',
        heading: 'What we will each contribute',
        source: resources,
        catalogueRef: 'T-001-01.5',
        note: 'The seed gives these three questions no heading of their own.',
        fields: [
          {
            id: 'helpful-from-supervisor',
            label:
              'What I would find helpful from you as my supervisor and what I will contribute as a practitioner:',
            hint: 'The practitioner’s answer.',
            kind: 'textarea',
            required: true,
          },
          {
            id: 'helpful-from-practitioner',
            label:
              'What I would find helpful from you as the practitioner and what I will contribute as a supervisor:',
            hint: 'The supervisor’s answer.',
            kind: 'textarea',
            required: true,
          },
          {
            id: 'avoid',
            label: 'Anything either the practitioner or supervisor should try to avoid:',
            kind: 'textarea',
            required: false,
          },
        ],
      },
    ],
    signatureLabels: {
      supervisee: 'Signature of practitioner:',
      supervisor: 'Signature of Line Supervisor:',
    },
  },
  terminology: { group_supervision: 'group reflective supervision' },
  childIdentifiers: {
    id: 'ids-only-in-professional-notes',
    source: at('9. Supervision Recording'),
    catalogueRef: 'X16',
    note: '"Names of personal details of children and their families will not be recorded in professional supervision notes. However ID numbers may be used."',
    policy: 'ids_only',
  },
};
