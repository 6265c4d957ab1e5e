/**
 * Durham County Council One Point and Think Family supervision framework, March 2022 (seed
 * 004): 9 a year full time and 5 part time, 90 minutes, 10 and 15 working days to record,
 * monthly case criteria, group learning, annual audits by role, 6-year retention.
 */
import type { PolicyPack } from '../schema.ts';
import { durhamSupervisionAudit, feedbackSurvey } from './quality-tools.ts';

const seed = '004_6931e96770cda4b3.txt';
const at = (section: string) => ({ seed, section });
const frequency = at('4.2 Frequency');
const content = at('4.6 Content');
const recording = at('4.7 Recording');
const qa = at('7 Quality Assurance');
const keyWorkers = ['key_worker', 'lead_professional'] as const;
const perChild =
  'Per child, on the practitioner who holds the case (key worker or lead professional).';
const partTime = 'Part time is under 30 contracted hours a week (A45, DESIGN §7).';

export const durhamOnePoint2022: PolicyPack = {
  id: 'durham-one-point-2022',
  name: 'Durham One Point Early Help and Think Family supervision framework',
  version: 'March 2022',
  authority: 'Durham County Council',
  seed,
  description:
    '9 a year full time / 5 part time; 90 minutes; 10 and 15 working days; monthly case criteria; group learning; annual audits by role; 6-year retention.',
  dueSoonLead: { unit: 'working_days', count: 5 },
  staffSupervision: [
    {
      id: 'full-time-nine-a-year',
      source: frequency,
      catalogueRef: 'F17',
      note: `"monthly where possible … 9 times each year as a minimum for full time staff (Plus PDR)". The year is the financial year, April–March (the seed does not say); a part year counts pro rata. Absence does not lower the minimum (F18). ${partTime}`,
      match: { contractedHours: { atLeast: 30 } },
      frequency: { kind: 'per_year', count: 9, basis: 'financial' },
      minimumMinutes: 90,
    },
    {
      id: 'part-time-five-a-year',
      source: frequency,
      catalogueRef: 'F17',
      note: `"For part time staff this should be to a minimum of 5 times per year (plus PDR)". ${partTime} Financial year, pro rata for a part year.`,
      match: { contractedHours: { below: 30 } },
      frequency: { kind: 'per_year', count: 5, basis: 'financial' },
      minimumMinutes: 90,
    },
  ],
  caseSupervision: [
    {
      id: 'most-concern-monthly',
      source: content,
      catalogueRef: 'F38',
      note: `"Every month for children/young people of most concern to be reviewed and case supervision form completed." Every month: within a month of the last review. ${perChild}`,
      match: { flags: ['most_concern'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 1 },
    },
    {
      id: 'long-standing-neglect-monthly',
      source: content,
      catalogueRef: 'F39',
      note: `"Every month the long-standing neglect of children/young people to be reviewed". ${perChild}`,
      match: { flags: ['long_standing_neglect'], allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 1 },
    },
    {
      id: 'unborn-and-under-1-monthly',
      source: content,
      catalogueRef: 'F40',
      note: `"Every month all unborn babies and children under 1year be reviewed". ${perChild}`,
      match: { age: 'unborn_or_under_1', allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 1 },
    },
    {
      id: 'open-over-6-months-monthly',
      source: content,
      catalogueRef: 'F41',
      note: `"Children open over 6 months be reviewed and a case supervision form completed" has no interval: reviewed monthly, like the bullets around it (A44, DESIGN §7); override the interval to change it. ${perChild}`,
      match: { openLongerThan: { unit: 'months', count: 6 }, allocationRoles: [...keyWorkers] },
      interval: { unit: 'months', count: 1 },
    },
    {
      id: 'all-children-8-weeks',
      source: content,
      catalogueRef: 'F42',
      note: `"All children to be reviewed and a case supervision form completed a minimum of every 8 weeks." ${perChild}`,
      match: { allocationRoles: [...keyWorkers] },
      interval: { unit: 'weeks', count: 8 },
    },
  ],
  eventTriggers: [],
  recordingDeadlines: [
    {
      id: 'personal-record-shared-10-wd',
      source: recording,
      catalogueRef: 'D17',
      note: '"passed to the supervisee within 10 working days", counted from the meeting (A47).',
      recordKinds: ['personal_supervision'],
      step: 'shared',
      deadline: { kind: 'within', period: { unit: 'working_days', count: 10 } },
    },
    {
      id: 'meeting-date-on-myview-10-wd',
      source: recording,
      catalogueRef: 'D18',
      note: '"The date of the meeting should be recorded onto MyView by the supervisor within 10 working days."',
      recordKinds: ['personal_supervision'],
      step: 'date_recorded',
      deadline: { kind: 'within', period: { unit: 'working_days', count: 10 } },
    },
    {
      id: 'signed-record-uploaded-15-wd',
      source: recording,
      catalogueRef: 'D19',
      note: '"uploaded onto MyView once completed, agreed … and signed by both … within 15 working days of the meeting".',
      recordKinds: ['personal_supervision'],
      step: 'signed',
      deadline: { kind: 'within', period: { unit: 'working_days', count: 15 } },
    },
    {
      id: 'case-supervision-at-the-time',
      source: content,
      catalogueRef: 'D23',
      note: 'Managers complete the Case Supervision form "while the practitioner is talking": at the time, on the day of the meeting. The seed gives no fallback (A54); override with a period to allow one.',
      recordKinds: ['case_supervision'],
      step: 'written',
      deadline: { kind: 'at_time' },
    },
  ],
  observations: [
    {
      id: 'one-observation-a-year',
      source: at('6.2 Frequency'),
      catalogueRef: 'F63',
      note: '"at least once per year" by the supervisor. The year is not stated: the financial year, April–March. No experience-based rule is given (A49).',
      match: {},
      count: 1,
      basis: 'financial',
      observedBy: { atLeast: 1, relationships: ['line_management'] },
    },
  ],
  pdr: [
    {
      id: 'annual-pdr',
      source: at('6 Performance and Development Review (PDR)'),
      catalogueRef: 'F69',
      note: 'Annual PDR "in line with Durham County Council\'s procedure"; the financial year.',
      match: {},
      count: 1,
      basis: 'financial',
    },
  ],
  groupExpectations: [
    {
      id: 'group-learning-monthly-full-time',
      source: frequency,
      catalogueRef: 'F59',
      note: `"One Point Service practitioners will be expected to attend on a monthly basis": a group learning session attended each calendar month. ${partTime}`,
      scope: 'attendee',
      match: {
        roleCategories: ['family_help_worker', 'social_worker', 'senior_practitioner'],
        contractedHours: { atLeast: 30 },
      },
      sessionKinds: ['group_learning'],
      frequency: { kind: 'calendar_month' },
    },
    {
      id: 'group-learning-bi-monthly-part-time',
      source: frequency,
      catalogueRef: 'F59',
      note: `"part time staff on a bi-monthly basis": bi-monthly is every 2 months (A51, DESIGN §7). ${partTime}`,
      scope: 'attendee',
      match: {
        roleCategories: ['family_help_worker', 'social_worker', 'senior_practitioner'],
        contractedHours: { below: 30 },
      },
      sessionKinds: ['group_learning'],
      frequency: { kind: 'every', period: { unit: 'months', count: 2 } },
    },
  ],
  agreements: [
    {
      id: 'agreement-annual-and-on-change',
      source: at('4.1 Supervision Agreement'),
      catalogueRef: 'F70',
      note: '"When a supervisee starts a new role a Supervision Agreement should be developed"; reviewed "As a minimum … annually, or when there is a change of supervisor". No timescale is given for the review on a change, so it has no due date.',
      atStart: true,
      reviewEvery: { unit: 'months', count: 12 },
      onChangeOfSupervisor: true,
      relationships: ['line_management'],
    },
  ],
  effectivenessReviews: [
    {
      id: 'effectiveness-six-monthly',
      source: at('4.11 Review of the effectiveness of supervision'),
      catalogueRef: 'F71',
      note: 'Every 6 months: "content, length, frequency, format and style of supervision", with the supervisee\'s feedback.',
      every: { unit: 'months', count: 6 },
      relationships: ['line_management'],
    },
  ],
  absences: [
    {
      id: 'rebook-after-sickness',
      source: at('4.4 Cancellation/rescheduling'),
      catalogueRef: 'D20',
      note: '"If the cause of the cancellation is the sickness/absence of supervisee then another supervision session should be scheduled within 5 working days of the supervisee\'s return to work": held (not just booked) within 5 working days of the first working day back (A46, DESIGN §7). Annual leave is the practitioner\'s to reschedule (4.5) with no day count, so it is not included.',
      kinds: ['sickness', 'maternity', 'other'],
      rebookWithin: { unit: 'working_days', count: 5 },
    },
  ],
  absenceArrangements: [
    {
      id: 'practitioner-rebooks-after-leave',
      source: at('4.5 Arrangements in the absence of a manager'),
      catalogueRef: 'D21',
      note: '"Where practitioners need to rearrange a planned supervision due to annual leave, for example, it is their responsibility to reschedule": the supervisee rebooks a session moved for their annual leave (A46: the responsible party by cause). The seed gives no day count.',
      kind: 'rebooked_by',
      reasons: ['supervisee_annual_leave'],
      by: 'supervisee',
    },
    {
      id: 'cover-for-absent-team-manager',
      source: at('4.5 Arrangements in the absence of a manager'),
      catalogueRef: 'D22',
      note: '"If a team manager is not at work for more than 4 weeks the relevant Operations Manager should ensure arrangements for supervision of the practitioners in the team are put in place": the absent manager\'s own line manager arranges cover for each person the manager supervises. "More than 4 weeks" is more than 28 calendar days away.',
      kind: 'manager_cover',
      after: { unit: 'weeks', count: 4 },
      arrangedBy: 'line_manager',
    },
  ],
  audits: [
    {
      id: 'ops-managers-audit-managers',
      source: qa,
      catalogueRef: 'F88',
      note: 'Operations Managers audit the supervision records of each of their Team Managers / Family Centre Leads annually (financial year).',
      auditor: { roleCategories: ['operations_manager'] },
      per: 'year',
      tool: 'supervision-audit',
      subjects: { kind: 'each_report', subjectRoles: ['team_manager'] },
    },
    {
      id: 'team-managers-audit-senior-key-workers',
      source: qa,
      catalogueRef: 'F89',
      note: 'Team Managers audit each of their Senior Key Workers (senior practitioners) annually; the seed names no auditor for other practitioners (A52).',
      auditor: { roleCategories: ['team_manager'] },
      per: 'year',
      tool: 'supervision-audit',
      subjects: { kind: 'each_report', subjectRoles: ['senior_practitioner'] },
    },
    {
      id: 'strategic-manager-audits-ops-managers',
      source: qa,
      catalogueRef: 'F90',
      note: 'The Strategic Manager audits each of their Operations Managers annually.',
      auditor: { roleCategories: ['senior_manager'] },
      per: 'year',
      tool: 'supervision-audit',
      subjects: { kind: 'each_report', subjectRoles: ['operations_manager'] },
    },
  ],
  auditTools: [durhamSupervisionAudit],
  feedbackSurvey: feedbackSurvey(
    qa,
    'year',
    '"Seeking feedback annually from supervisees through the Organisational Health Check survey" (7 d): a round each financial year.',
  ),
  feedbackDeadlines: [],
  evidence: [
    {
      id: 'one-to-one-counts',
      source: frequency,
      countsTowards: 'staff_supervision',
      sessionKinds: ['one_to_one'],
    },
    {
      id: 'case-supervision-taf-and-group-learning',
      source: at('4.6 Content'),
      catalogueRef: 'A50',
      note: "Additional Management Oversight c) and d): management presence at a TAF and a group learning discussion may stand in for that month's case discussion, so they count (A50); informal discussions and case notes do not.",
      countsTowards: 'case_supervision',
      recordKinds: ['case_supervision', 'group_learning', 'management_presence_at_taf'],
    },
    {
      id: 'observation-record-counts',
      source: at('6.4 Recording'),
      countsTowards: 'observation',
      recordKinds: ['direct_observation'],
    },
    {
      id: 'pdr-counts',
      source: at('6 Performance and Development Review (PDR)'),
      countsTowards: 'pdr',
      recordKinds: ['pdr'],
    },
  ],
  retention: [
    {
      id: 'personal-six-years',
      source: at('4.9 Retention of records'),
      catalogueRef: 'P12',
      note: '"retained for 6 years after the date of supervision", also for leavers and people who changed post.',
      recordKinds: ['personal_supervision'],
      retention: { kind: 'after_record_date', period: { unit: 'months', count: 72 } },
    },
    {
      id: 'case-with-child-record',
      source: at('4.9 Retention of records'),
      catalogueRef: 'P13',
      recordKinds: ['case_supervision', 'group_learning'],
      retention: { kind: 'with_child_record' },
    },
    {
      id: 'observation-six-years',
      source: at('6.6 Retention'),
      catalogueRef: 'P15',
      note: '"retained for 6 years after the date of the observation".',
      recordKinds: ['direct_observation'],
      retention: { kind: 'after_record_date', period: { unit: 'months', count: 72 } },
    },
  ],
  templates: [
    {
      id: 'personal-supervision-record',
      source: content,
      catalogueRef: 'T-004-2',
      note: 'Appendix 2 "Personal Supervision Record" is an embedded file not reproduced in the seed (A53): its sections are the "headlines of the Supervision Record" in 4.6 a)–k). The meeting date comes from the record. "signed by both parties once agreed or disagreements recorded as a true record. Signatures can be electronic." (4.7)',
      recordKind: 'personal_supervision',
      title: 'Supervision Record',
      signatories: ['supervisee', 'supervisor'],
      sections: [
        {
          id: 'progress',
          heading: 'a) Progress towards actions from last supervision;',
          fields: [
            {
              id: 'progress',
              label: 'Progress towards actions from last supervision',
              type: 'table',
              purpose: 'review_of_actions',
            },
          ],
        },
        { id: 'wellbeing', heading: 'b) Wellbeing' },
        { id: 'working-well', heading: 'c) What is working well (Reflection);' },
        { id: 'worries', heading: 'd) Any worries;' },
        { id: 'management', heading: 'e) Management of work (including caseload and priorities);' },
        {
          id: 'learning',
          heading:
            "f) Learning needs and opportunities (regularly including discussion of the OPEN Standards, the supervisee's Performance and Development Review)",
        },
        { id: 'proud', heading: 'g) Work that staff are proud of' },
        {
          id: 'time-management',
          heading: 'h) Time management (including flexitime, leave and absence);',
        },
        { id: 'job-satisfaction', heading: 'i) Job satisfaction' },
        {
          id: 'disagreements',
          heading: 'j) Disagreements / difference of opinion',
          hint: 'Areas of disagreement between supervisee and supervisor should be recorded on the supervision record.',
        },
        {
          id: 'future-actions',
          heading: 'k) Agree future actions.',
          fields: [
            { id: 'actions', label: 'Agree future actions', type: 'table', purpose: 'actions' },
          ],
        },
      ],
    },
    {
      id: 'case-supervision-form',
      source: recording,
      catalogueRef: 'T-004-3',
      note: 'The seed describes the Case Supervision form on LiquidLogic without giving it: "a summary of the discussion showing options discussed and the decisions and action points arising, but most importantly should outline the rationale for the decisions that have been made". The sections are built from those words; the summary asks for what 4.6 says the discussion should include. One for each child discussed, completed by the manager during the meeting.',
      recordKind: 'case_supervision',
      title: 'Case Supervision form',
      sections: [
        {
          id: 'summary',
          heading: 'Summary of the discussion',
          hint: 'Signs of Wellbeing Tool will be used to support the discussion.',
          fields: [
            {
              id: 'child-experience',
              label: "The child's experience, their wishes and feelings",
              type: 'text',
              purpose: 'child_views',
            },
            {
              id: 'plan-progress',
              label:
                'Progress against the Child and Family Plan and an evaluation of how the outcomes are improving for the child',
              type: 'text',
            },
          ],
        },
        {
          id: 'options',
          heading: 'Options discussed',
          prompts: [
            'reviewing whether the plan for the child/family remains the right one',
            'ensuring that all options have been considered',
          ],
        },
        { id: 'decisions', heading: 'Decisions' },
        {
          id: 'action-points',
          heading: 'Action points',
          fields: [{ id: 'actions', label: 'Action points', type: 'table', purpose: 'actions' }],
        },
        {
          id: 'rationale',
          heading: 'Rationale for the decisions',
          hint: '(i.e. why has one decision been made rather than another?)',
        },
      ],
    },
    {
      id: 'direct-observation-form',
      source: at('6.3 Carrying out a direct observation'),
      catalogueRef: 'T-004-4',
      note: 'Appendix 3 "Direct Observation Form" is an embedded file not reproduced in the seed (A53): the sections are what 6.3 says the form records. "Supervisee, observer, and the supervisee\'s line manager (where they are not the same person) should sign and date the observation record": where the line manager is the observer, they sign once.',
      recordKind: 'direct_observation',
      title: 'Direct Observation Form',
      signatories: ['supervisee', 'observer', 'line_manager'],
      sections: [
        {
          id: 'before',
          heading: 'Before the observation',
          fields: [
            {
              id: 'background',
              label: 'The background/aim of the activity to be observed',
              type: 'text',
            },
          ],
        },
        {
          id: 'observation',
          heading: 'During/after the observation',
          fields: [
            { id: 'went-well', label: 'What went well', type: 'text' },
            {
              id: 'done-differently',
              label: 'What could have been done differently',
              type: 'text',
            },
            {
              id: 'feedback',
              label: 'Any feedback from the child, young person or adult(s)',
              hint: 'Where possible the child, young person or adult(s) involved should be asked if they are willing to provide feedback as part of the process.',
              type: 'text',
            },
          ],
        },
        {
          id: 'reflections',
          heading: 'A summary of their reflections on the observation',
          hint: 'The supervisee should take the time to reflect on the comments made by the observer and record a summary of their reflections on the observation record.',
          completedBy: 'supervisee',
        },
      ],
    },
    {
      id: 'group-learning-note',
      source: at('5.3 Recording'),
      catalogueRef: 'T-004-5',
      note: "No form in the seed: \"A record will be made of the Signs of Safety/Wellbeing supervision having taken place with the details of any actions or decisions which were made\", under 'Group Learning' on the child's record. The date goes on each participant's MyView from the session's attendees.",
      recordKind: 'group_learning',
      title: 'Group Learning',
      sections: [
        {
          id: 'session',
          heading: 'Signs of Safety/Wellbeing Group Learning',
          fields: [
            { id: 'lead', label: 'Led by', type: 'text' },
            {
              id: 'focus',
              label: 'Focus',
              hint: 'Groups of practitioners focus on a case using the Signs of Safety/Wellbeing group learning model.',
              type: 'text',
            },
          ],
        },
        { id: 'decisions', heading: 'Decisions' },
        {
          id: 'actions',
          heading: 'Actions',
          fields: [{ id: 'actions', label: 'Actions', type: 'table', purpose: 'actions' }],
        },
      ],
    },
    {
      id: 'case-note',
      source: content,
      catalogueRef: 'T-004-6',
      note: 'Additional Management Oversight f): "Where cases are discussed outside of formal case supervision a case note should also be completed on LiquidLogic by the practitioner. Managers are expected to summarise key decisions and actions within case notes." The informal discussions of 2. The Framework "must also be recorded on the child\'s record as they provide rationale for decisions taken". No form is given: the sections are built from those words.',
      recordKind: 'informal_discussion',
      title: 'Case note',
      sections: [
        {
          id: 'discussion',
          heading: 'Case note',
          hint: 'Guidance offered or decisions taken about the child outside of formal case supervision.',
          completedBy: 'supervisee',
        },
        {
          id: 'key-decisions-and-actions',
          heading: 'Key decisions and actions',
          completedBy: 'supervisor',
          fields: [
            { id: 'decisions', label: 'Key decisions', type: 'text' },
            { id: 'actions', label: 'Actions', type: 'table', purpose: 'actions' },
          ],
        },
      ],
    },
  ],
  recordQuality: [
    {
      id: 'child-views',
      source: content,
      catalogueRef: 'C32',
      note: 'The case discussion "should include the child\'s experience, their wishes and feelings"; "Consideration of the child\'s perspective and their journey should be integral to the discussion". A warning: the seed says what the discussion should include, not what stops a record.',
      check: 'child_views',
      level: 'warning',
      recordKinds: ['case_supervision'],
    },
  ],
  agreementTemplate: {
    id: 'supervision-agreement',
    source: at('4.1 Supervision Agreement'),
    catalogueRef: 'T-004-1',
    note: 'Appendix 1 "Supervision Agreement form" is an embedded file not reproduced in the seed; the questions are 4.1 a)–f) and the last paragraph of 4.2. "developed, agreed and signed by the supervisee and supervisor" when a supervisee starts a new role; a "living" document reviewed "annually, or when there is a change of supervisor".',
    title: 'Supervision Agreement',
    frequency: {
      label: 'Frequency',
      hint: '"monthly where possible … 9 times each year as a minimum for full time staff". For part time staff (under 30 hours a week) "a minimum of 5 times per year".',
    },
    sections: [
      {
        id: 'arrangements',
        heading:
          'a) Arrangements for both personal and case management supervision (frequency, dates, provisions if supervision needs to be rescheduled or cancelled, length and location, how the agenda will be set)',
        source: at('4.1 Supervision Agreement'),
        catalogueRef: 'T-004-1',
        fields: [
          {
            id: 'dates',
            label: 'Dates',
            hint: 'For example, the first Tuesday of each month.',
            kind: 'text',
            required: true,
          },
          {
            id: 'rescheduling',
            label: 'Provisions if supervision needs to be rescheduled or cancelled',
            kind: 'textarea',
            required: true,
          },
          {
            id: 'length',
            label: 'Length',
            hint: '"the supervisor and supervisee should set aside a minimum of 90 minutes" (4.3).',
            kind: 'text',
            required: true,
          },
          { id: 'location', label: 'Location', kind: 'text', required: true },
          {
            id: 'agenda',
            label: 'How the agenda will be set',
            kind: 'textarea',
            required: true,
          },
        ],
      },
      {
        id: 'needs',
        heading: 'b) What both supervisee and supervisor need to get the most out of supervision',
        source: at('4.1 Supervision Agreement'),
        catalogueRef: 'T-004-1',
        fields: [
          {
            id: 'needs',
            label: 'What both supervisee and supervisor need to get the most out of supervision',
            kind: 'textarea',
            required: true,
          },
        ],
      },
      {
        id: 'review',
        heading:
          'c) Arrangements to review how supervision is working, and how the supervisee will provide feedback to the supervisor',
        source: at('4.1 Supervision Agreement'),
        catalogueRef: 'T-004-1',
        fields: [
          {
            id: 'review-arrangements',
            label:
              'Arrangements to review how supervision is working, and how the supervisee will provide feedback to the supervisor',
            hint: 'The content, length, frequency, format and style of supervision are reviewed every 6 months (4.11).',
            kind: 'textarea',
            required: true,
          },
        ],
      },
      {
        id: 'disagreements',
        heading: 'd) How disagreements will be handled',
        source: at('4.1 Supervision Agreement'),
        catalogueRef: 'T-004-1',
        fields: [
          {
            id: 'disagreements',
            label: 'How disagreements will be handled',
            hint: '"If disagreements cannot be resolved either supervisee or supervisor may refer these to the supervisor\'s line manager" (4.10).',
            kind: 'textarea',
            required: true,
          },
        ],
      },
      {
        id: 'recording',
        heading:
          'e) How supervision will be recorded, confidentiality and the constraints on confidentiality',
        source: at('4.1 Supervision Agreement'),
        catalogueRef: 'T-004-1',
        fields: [
          {
            id: 'recording',
            label:
              'How supervision will be recorded, confidentiality and the constraints on confidentiality',
            kind: 'textarea',
            required: true,
          },
        ],
      },
      {
        id: 'others',
        heading:
          'f) Any others responsible for parts of the supervision process (for coaching or mentoring), and arrangements for regular review and communication',
        source: at('4.1 Supervision Agreement'),
        catalogueRef: 'T-004-1',
        fields: [
          {
            id: 'others',
            label:
              'Any others responsible for parts of the supervision process (for coaching or mentoring), and arrangements for regular review and communication',
            hint: 'Leave blank if there is no one else.',
            kind: 'textarea',
            required: false,
          },
        ],
      },
      {
        id: 'availability',
        heading: 'Availability and style of management',
        source: frequency,
        catalogueRef: 'T-004-1',
        note: 'From the last paragraph of 4.2 Frequency.',
        fields: [
          {
            id: 'availability',
            label: 'The availability of the supervisor outside of formal supervision arrangements',
            kind: 'textarea',
            required: true,
          },
          {
            id: 'style-of-management',
            label: 'The supervisor’s style of management',
            kind: 'textarea',
            required: true,
          },
          {
            id: 'support-in-absence',
            label:
              'Who the practitioner can go to for support or advice in the supervisor’s absence, or in between supervision sessions',
            kind: 'text',
            required: true,
          },
        ],
      },
    ],
  },
  terminology: { group_learning: 'Group Learning', hr_system: 'MyView' },
  childIdentifiers: {
    id: 'ids-only',
    source: recording,
    catalogueRef: 'X16',
    note: '"ID numbers can be used to refer to any case discussions … Initials can be used if referring to a colleague."',
    policy: 'ids_only',
  },
  recordTransfer: {
    id: 'transfer-with-agreement',
    source: at('4.9 Retention of records'),
    catalogueRef: 'R35',
    note: 'Consent: 4.8 "made available to the new line manager with the employee\'s agreement", 4.9 "to the new supervisor with the supervisee\'s agreement", 6.6 observations likewise (R37). Redaction "can only be done by the manager of the original supervisor" (R36); it is an overlay, the original kept with restricted access and every read of it logged (A48).',
    consent: 'required',
    redaction: true,
    meaning:
      "In the event of a supervisor changing posts the supervision records will be made available to the new supervisor with the supervisee's agreement. Records of direct observation will be made available to the new supervisor as part of the supervisee's personal supervision record with the supervisee's agreement.",
  },
};
