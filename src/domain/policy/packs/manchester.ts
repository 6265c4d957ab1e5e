/**
 * Manchester Children's Services supervision policy (seed 002): 4-weekly and 12-weekly staff
 * supervision, an 8-week case cycle, Signs of Safety recording, two observations April–March,
 * dip-sampling quotas and audit feedback within 5 working days.
 */
import type { PolicyPack, TemplateSection } from '../schema.ts';
import { feedbackSurvey, goldenThreads, peerAuditTool } from './quality-tools.ts';

const seed = '002_5c1b4389941b03df.txt';
const at = (section: string) => ({ seed, section });
const staffFrequency = at('2.1 Frequency of Professional Supervision');
const caseFrequency = at('3.1 The Frequency of Case Supervision');
const auditing = at('5.3 Process of Auditing of Supervision Files');

/** A row of the Appendix E grid, with its two columns. */
function gridRow(id: string, heading: string): TemplateSection {
  return {
    id,
    heading,
    fields: [
      { id: 'worried', label: 'WHAT ARE WE WORRIED ABOUT', type: 'text' },
      { id: 'working-well', label: 'WHAT’S WORKING WELL', type: 'text' },
    ],
  };
}

const cycle =
  '"within an 8 week cycle" is rolling: at most 8 weeks (56 days) since that child\'s last case supervision with this worker (A24).';

export const manchester: PolicyPack = {
  id: 'manchester',
  name: "Manchester Children's Services supervision policy",
  version: 'undated',
  authority: 'Manchester City Council',
  seed,
  description:
    '4-weekly / 12-weekly staff supervision; 8-week case cycle; Signs of Safety recording; two observations April–March; dip sampling quotas; peer audit tool; six golden threads.',
  dueSoonLead: { unit: 'working_days', count: 5 },
  staffSupervision: [
    {
      id: 'case-holders-four-weekly',
      source: staffFrequency,
      catalogueRef: 'F06',
      note: '"Four weekly for any member of staff with case holding responsibilities". Sessions are "for 1.5 to 2 hours each" (Appendix D – Supervision Agreement).',
      match: { caseHolding: true },
      frequency: { kind: 'every', period: { unit: 'weeks', count: 4 } },
      minimumMinutes: 90,
      maximumMinutes: 120,
    },
    {
      id: 'line-managers-of-case-holders-four-weekly',
      source: staffFrequency,
      catalogueRef: 'F06',
      note: '"… and their line managers": anyone with a line management relationship to a case holder.',
      match: { managesCaseHolders: true },
      frequency: { kind: 'every', period: { unit: 'weeks', count: 4 } },
      minimumMinutes: 90,
      maximumMinutes: 120,
    },
    {
      id: 'full-time-non-case-holders-four-weekly',
      source: staffFrequency,
      catalogueRef: 'F07',
      note: '"Four weekly for full time staff without case holding responsibilities". Full time is taken as 30 or more contracted hours a week (as DESIGN A45 for Durham); business support is covered by the twelve-weekly rule. Part-time non-case holders are not covered by the seed (A23): no rule, so no obligation.',
      match: {
        caseHolding: false,
        contractedHours: { atLeast: 30 },
        notRoleCategories: ['business_support'],
      },
      frequency: { kind: 'every', period: { unit: 'weeks', count: 4 } },
      minimumMinutes: 90,
      maximumMinutes: 120,
    },
    {
      id: 'business-support-twelve-weekly',
      source: staffFrequency,
      catalogueRef: 'F08',
      note: '"Twelve weekly for non-frontline staff (e.g. Business Support)": business support role category.',
      match: { roleCategories: ['business_support'] },
      frequency: { kind: 'every', period: { unit: 'weeks', count: 12 } },
    },
  ],
  caseSupervision: [
    {
      id: 'all-cases-8-week-cycle',
      source: caseFrequency,
      catalogueRef: 'F30',
      note: `"It is a requirement that all cases of the supervisee are supervised within an 8 week cycle." ${cycle}`,
      match: {},
      interval: { unit: 'weeks', count: 8 },
    },
    {
      id: 'key-worker-8-week-cycle',
      source: caseFrequency,
      catalogueRef: 'F31',
      note: `Child Protection plan, Child in Need planning, Looked After Child or Early Help support: "the key worker should receive case supervision on that case within an 8 week cycle". ${cycle}`,
      match: {
        statuses: ['child_protection', 'child_in_need', 'child_in_care', 'early_help'],
        allocationRoles: ['key_worker', 'lead_professional'],
      },
      interval: { unit: 'weeks', count: 8 },
    },
    {
      id: 'involved-within-four-weeks',
      source: caseFrequency,
      catalogueRef: 'F32',
      note: '"involved … (but not as Keyworker or Lead Professional) … discussed within four weeks of allocation and then as a minimum every eight weeks".',
      match: { allocationRoles: ['involved'] },
      interval: { unit: 'weeks', count: 8 },
      firstWithin: { unit: 'weeks', count: 4 },
    },
    {
      id: 'single-agency-within-four-weeks',
      source: caseFrequency,
      catalogueRef: 'F32',
      note: '"supporting a family or young person as a \'single agency involvement\' … within four weeks of allocation and then as a minimum every eight weeks".',
      match: { statuses: ['single_agency'] },
      interval: { unit: 'weeks', count: 8 },
      firstWithin: { unit: 'weeks', count: 4 },
    },
  ],
  eventTriggers: [
    {
      id: 'case-summary-at-transfer',
      source: at('1.2.2 4x4x4 Model'),
      catalogueRef: 'F51',
      note: 'Case summaries "at 3, 6 and 9 months as well transfers and closures": a case summary on a transfer between teams. No timescale is given, so it has no due date.',
      trigger: { on: 'team_transfer' },
      evidence: ['case_summary'],
    },
    {
      id: 'case-summary-at-closure',
      source: at('1.2.2 4x4x4 Model'),
      catalogueRef: 'F51',
      note: 'A case summary at closure. No timescale is given, so it has no due date.',
      trigger: { on: 'closure' },
      evidence: ['case_summary'],
    },
  ],
  recordingDeadlines: [
    {
      id: 'case-supervision-within-one-week',
      source: at('3.3 Recording of Case supervision'),
      catalogueRef: 'D06',
      note: '"The expected standard is that the case supervision is recorded on the system at the time of the supervision meeting. If this is impossible the supervisor should record on the system within one week." One week is 7 calendar days (A25); recording on the day is the expected standard, so the obligation is met on any day up to the 7th.',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      step: 'on_child_record',
      deadline: { kind: 'within', period: { unit: 'days', count: 7 } },
    },
  ],
  observations: [
    {
      id: 'two-observations-april-to-march',
      source: caseFrequency,
      catalogueRef: 'F61',
      note: '"In any one year (April 1st - 31st March) … two practice observations for all case holding staff … One must be undertaken by the supervisor". 3.6 says 2 in a rolling 12 months for each member of staff: the financial year for case holders is used (A21, DESIGN §7); override basis to "rolling" for 3.6.',
      match: { caseHolding: true },
      count: 2,
      basis: 'financial',
      observedBy: { atLeast: 1, relationships: ['line_management'] },
    },
  ],
  pdr: [
    {
      id: 'annual-appraisal',
      source: at('4. Setting the Activities in the Context of Formal Appraisal'),
      catalogueRef: 'F66',
      note: 'Annual appraisal ("All About You"). The appraisal year is not stated: the financial year, April–March.',
      match: {},
      count: 1,
      basis: 'financial',
    },
  ],
  groupExpectations: [
    {
      id: 'team-monthly-group-supervision',
      source: at('1.1.3 Group Supervision'),
      catalogueRef: 'F57',
      note: 'Group supervision "is expected to be held monthly": one group session for each team in each calendar month.',
      scope: 'team',
      match: {},
      sessionKinds: ['group'],
      frequency: { kind: 'calendar_month' },
    },
    {
      id: 'asye-monthly-district-group',
      source: at('2.3 Newly Qualified Social Workers Supervision and the ASYE'),
      catalogueRef: 'F12',
      note: 'ASYE social workers attend "monthly district group supervision": one group session attended each calendar month during the ASYE year.',
      scope: 'attendee',
      match: { asye: true },
      sessionKinds: ['group'],
      frequency: { kind: 'calendar_month' },
    },
  ],
  agreements: [
    {
      id: 'agreement-at-start',
      source: staffFrequency,
      catalogueRef: 'F93',
      note: '"At the beginning of a supervisory relationship, the supervisor and supervisee must complete a \'Professional Supervision Agreement\'". No review period for the agreement itself; effectiveness is reviewed every 12 months.',
      atStart: true,
      onChangeOfSupervisor: false,
      relationships: ['line_management'],
    },
  ],
  effectivenessReviews: [
    {
      id: 'effectiveness-every-12-months',
      source: at('Appendix D – Supervision Agreement'),
      catalogueRef: 'F67',
      note: '"we will review the effectiveness of our sessions every 12 months", from the start of the relationship or the last review.',
      every: { unit: 'months', count: 12 },
      relationships: ['line_management'],
    },
  ],
  absences: [],
  audits: [
    {
      id: 'service-manager-dip-sample',
      source: auditing,
      catalogueRef: 'F78',
      note: '"4 x Supervisions of social workers per month to be dip sampled by service managers": read as 4 for each service manager each calendar month (A29).',
      auditor: { roleCategories: ['operations_manager'] },
      per: 'month',
      tool: 'peer-audit',
      subjects: {
        kind: 'sample',
        count: 4,
        of: 'supervision_records',
        subjectRoles: ['social_worker', 'senior_practitioner'],
      },
    },
    {
      id: 'strategic-lead-tm-files',
      source: auditing,
      catalogueRef: 'F80',
      note: '"Strategic Leads will sample two supervision files belonging to Team Managers across the service per quarter": senior managers, per financial quarter. The heads of locality\' "2x" has no period (A29) and is covered by this quota for the same role category, drawn across the organisation so that "all team managers files are seen within a year".',
      auditor: { roleCategories: ['senior_manager'] },
      per: 'quarter',
      tool: 'peer-audit',
      subjects: {
        kind: 'sample',
        count: 2,
        of: 'supervision_files',
        subjectRoles: ['team_manager'],
        pool: 'organisation',
        coverAllWithinYear: true,
      },
    },
    {
      id: 'peer-audit-twice-yearly',
      source: auditing,
      catalogueRef: 'F82',
      note: "\"peer audits of supervision files carried out by Team Managers and Service Managers, twice yearly\": one in each half of the financial year, drawn from another team in the auditor's service (a peer's file, never their own supervisees').",
      auditor: { roleCategories: ['team_manager', 'operations_manager'] },
      per: 'half_year',
      tool: 'peer-audit',
      subjects: {
        kind: 'sample',
        count: 1,
        of: 'supervision_files',
        pool: 'other_teams_in_service',
      },
    },
  ],
  auditTools: [peerAuditTool, goldenThreads],
  feedbackSurvey: feedbackSurvey(
    at('2.1 Frequency of Professional Supervision'),
    'year',
    "The Supervision File keeps a Feedback section (Appendix A) but the seed sets no round for supervisees' feedback: a round each financial year.",
  ),
  feedbackDeadlines: [
    {
      id: 'audit-feedback-5-wd',
      source: at('5.2 Methods of Quality Assurance'),
      catalogueRef: 'D08',
      note: '"Feedback on the audit will be provided in bullet point form to the relevant individual within 5 working days of the audit finishing".',
      after: 'audit_completed',
      within: { unit: 'working_days', count: 5 },
    },
  ],
  evidence: [
    {
      id: 'one-to-one-counts',
      source: staffFrequency,
      countsTowards: 'staff_supervision',
      sessionKinds: ['one_to_one'],
    },
    {
      id: 'case-and-ad-hoc-count',
      source: at('1.1.2 Unscheduled (Ad Hoc) Case Discussions'),
      catalogueRef: 'A63',
      note: 'Case supervision and ad hoc case discussions recorded in Case Notes count; so does a Signs of Safety group supervision (mapping) used as joint supervision (3.1). Informal supervision does not.',
      countsTowards: 'case_supervision',
      recordKinds: ['case_supervision', 'case_supervision_unplanned', 'group_supervision'],
    },
    {
      id: 'observation-record-counts',
      source: at('3.6 Observation'),
      countsTowards: 'observation',
      recordKinds: ['direct_observation'],
    },
    {
      id: 'appraisal-counts',
      source: at('4. Setting the Activities in the Context of Formal Appraisal'),
      countsTowards: 'pdr',
      recordKinds: ['pdr'],
    },
  ],
  retention: [
    {
      id: 'case-supervision-with-child-record',
      source: at('3.4 Confidentiality and Retention'),
      catalogueRef: 'P07',
      note: 'Case supervision notes "are part of the child\'s file". No period is given for other records (A34): the organisation must set one.',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      retention: { kind: 'with_child_record' },
    },
  ],
  templates: [
    {
      id: 'case-supervision-sos',
      source: at('3. Case Supervision'),
      catalogueRef: 'T-002-L',
      note: 'Recorded "in case notes using the three main headings: What are we worried about? What is working well? What needs to happen?" (3.), with Appendix G\'s prompts and its two 0–10 scales; each heading\'s field is 3.5\'s description of that domain. Appendix G\'s third column and the ends of its scales are cut off in the seed (A27, A28): the scale hints are 3.5\'s words. Headline: "MONTHLY/AD HOC Supervision - Mary Poppins TM and Jo Smith SW" (3.3); the service name the rule asks for is not in the example (A31), so it is left out. The voice of the child (3.2) and the "two examples of either the planning of, or, the occurrence of direct work with children" (3.3) have their own sections so the record-quality checks can find them.',
      recordKind: 'case_supervision',
      title: 'Case Supervision',
      headline:
        'MONTHLY Supervision - {supervisor} {supervisorRole} and {supervisee} {superviseeRole}',
      sections: [
        {
          id: 'worried',
          heading: 'What are we worried about?',
          prompts: [
            'Referral concerns',
            'Past harm / danger ( Is there a Chronology / are past files read)',
            'Complicating Factors',
            'Worries since last supervision',
            'What is the parent saying about the referral Concerns?',
            'Is the child (ren) being seen?',
          ],
          fields: [
            {
              id: 'worried',
              label: 'Past harm, future danger and complicating factors',
              type: 'text',
            },
            {
              id: 'outstanding-actions',
              label: 'Outstanding actions from last supervision / reason for delay.',
              type: 'table',
              purpose: 'review_of_actions',
            },
          ],
        },
        {
          id: 'working-well',
          heading: 'What is working well?',
          prompts: [
            'Completed plan on Liquidlogic Yes or No',
            'Strengths',
            'EH / CIN meeting / Core Group / Review (LAC or CP)',
            'Date child seen / seen alone yes or no',
            "Progress of the needs on the child's plan.",
          ],
          fields: [{ id: 'working-well', label: 'Existing strengths and safety', type: 'text' }],
        },
        {
          id: 'needs-to-happen',
          heading: 'What needs to happen?',
          fields: [
            { id: 'safety-goal', label: 'Safety goal', type: 'text' },
            { id: 'next-steps', label: 'Next steps', type: 'table', purpose: 'actions' },
          ],
        },
        {
          id: 'voice-of-the-child',
          heading: 'Voice of the child',
          prompts: [
            'Voice of the child - what are their worries, what do they understand why a Social Worker is involved.',
            'Voice of the child - what is the child (ren) saying has changed in terms of positives.',
          ],
          fields: [
            {
              id: 'child-views',
              label: "The child's wishes, views and feelings",
              type: 'text',
              purpose: 'child_views',
            },
          ],
        },
        {
          id: 'direct-work',
          heading: 'Direct work with children',
          prompts: [
            'What is the child saying through direct work with them (e.g, 3 Houses, ecomap, feelings cards)?',
            'Is the direct work with them recorded?',
          ],
          fields: [
            {
              id: 'direct-work',
              label:
                'Two examples of either the planning of, or, the occurrence of direct work with children',
              type: 'text',
              purpose: 'direct_work',
            },
          ],
        },
        {
          id: 'scaling',
          heading: 'Where are we on a scale of 0–10?',
          fields: [
            {
              id: 'safety',
              label:
                'From evidence and assessments on a scale of 0-10 where would you place the safety of this child (ren)',
              hint: '10 means there is enough safety for child protection authorities to close the case and 0 means it is certain that the child will be (re) abused',
              type: 'scale',
              scale: { min: 0, max: 10 },
            },
            {
              id: 'change',
              label:
                'From evidence and assessments on scale 0-10 where would you place any change for the parents / carer',
              type: 'scale',
              scale: { min: 0, max: 10 },
            },
          ],
        },
      ],
    },
    {
      id: 'family-placement-case-supervision',
      source: at('Appendix H – Family Placement SOS Supervision Guidance/Prompt'),
      catalogueRef: 'T-002-H',
      note: 'Case supervision of supervising social workers with foster carers: "FOR FAMILY PLACEMENT USE APPENDIX I FOR GUIDANCE AND RECORD IN Liquidlogic USING THE THREE MAIN HEADINGS" (Appendix E; the guidance is Appendix H). The third column and the ends of both scales are cut off in the seed (A27): the labels stop before the cut. A second case supervision template: the first (Appendix G) is the default.',
      recordKind: 'case_supervision',
      title: 'Family Placement Case Supervision',
      headline:
        'MONTHLY Supervision - {supervisor} {supervisorRole} and {supervisee} {superviseeRole}',
      sections: [
        {
          id: 'worried',
          heading: 'What are we worried about?',
          prompts: [
            'Foster Cares Practise',
            'Child’s Behaviour',
            'Past harm / danger ( Is there a Chronology / are past files read/ Is this an isolated concern or is it a recurrent theme?/ What do we know about the child(ren)’s history',
            'Complicating Factors(if a family and friend carer how will the dynamic change once they resume the role of the primary care giver/ what are their understanding and ability to protect child from risk of birth family?',
            'Worries since last supervision',
            'Is the Foster Carers Supervisions within timescales?',
          ],
          fields: [
            { id: 'worried', label: 'What are we worried about?', type: 'text' },
            {
              id: 'outstanding-actions',
              label: 'Outstanding actions from last supervision / reason for delay.',
              type: 'table',
              purpose: 'review_of_actions',
            },
          ],
        },
        {
          id: 'working-well',
          heading: 'What is working well?',
          prompts: [
            'How are/will the carer(s) promote a Secure Base for Child(ren).',
            'DBS, Carers Agreement, Medical, Health and Safety, Relevant risk Assessments completed within timescales',
            'Strengths & Safety/ protection (demonstrated over time)',
            'Last Annual Fostering Review/ Panel/ Type of Approval',
            'Date last assessment session/ supervision / date of unannounced/ children’s views obtained or observations of lived experience & foster carer given opportunity to reflect on practise?',
            'Progress of the carer’s development?',
            'Life Story Work? Supported by carer?',
          ],
        },
        {
          id: 'needs-to-happen',
          heading: 'What needs to happen?',
          fields: [
            { id: 'needs-to-happen', label: 'What needs to happen?', type: 'text' },
            { id: 'next-steps', label: 'Next steps', type: 'table', purpose: 'actions' },
          ],
        },
        {
          id: 'voice-of-the-child',
          heading: 'Voice of the child',
          prompts: [
            'Voice of the child – what are their understanding of why they are in care? Do they have any worries?',
            'What is the child saying within the 3 Houses?',
            'Voice of the child - what is the child (ren) saying in relation to living within the home. How are/will the Foster carer(s) promote the children’s well-being?',
          ],
          fields: [
            {
              id: 'child-views',
              label: "The child's wishes, views and feelings",
              type: 'text',
              purpose: 'child_views',
            },
          ],
        },
        {
          id: 'scaling',
          heading: 'Where are we on a scale of 0–10?',
          fields: [
            {
              id: 'settled',
              label:
                'From evidence and assessments on a scale of 0-10 where would you place the child in relation to being settled',
              type: 'scale',
              scale: { min: 0, max: 10 },
            },
            {
              id: 'care-giving',
              label:
                'From evidence and assessments on scale 0-10 where would you place the care giving responses',
              hint: '(… not at all able to meet needs – 10 responds appropriately to all of child’s needs)',
              type: 'scale',
              scale: { min: 0, max: 10 },
            },
          ],
        },
      ],
    },
    {
      id: 'ad-hoc-case-discussion',
      source: at('1.1.2 Unscheduled (Ad Hoc) Case Discussions'),
      catalogueRef: 'K22',
      note: 'The seed has no form for ad hoc discussions: they are recorded in Case Notes like case supervision (3.1), under the "AD HOC" headline (3.3), with the three main headings (3.); the direction given is asked for in 1.1.2\'s words.',
      recordKind: 'case_supervision_unplanned',
      title: 'Ad Hoc Case Discussion',
      headline:
        'AD HOC Supervision - {supervisor} {supervisorRole} and {supervisee} {superviseeRole}',
      sections: [
        { id: 'worried', heading: 'What are we worried about?' },
        { id: 'working-well', heading: 'What is working well?' },
        {
          id: 'needs-to-happen',
          heading: 'What needs to happen?',
          fields: [
            {
              id: 'direction',
              label: 'Management direction',
              hint: 'Where direction is given, recommendations made or activity is planned to be carried out, or decisions made which diverts from the plan, it is essential is recorded.',
              type: 'text',
            },
            { id: 'next-steps', label: 'Next steps', type: 'table', purpose: 'actions' },
          ],
        },
      ],
    },
    {
      id: 'supervision-recording-template',
      source: at('Appendix E: Supervision Template'),
      catalogueRef: 'T-002-E',
      note: '"Name", "Post", "Line Manager" and "Date" come from the record. Each row has the grid\'s columns "WHAT ARE WE WORRIED ABOUT" and "WHAT\'S WORKING WELL" (a third column may be cut off, A28); the health and well being row has Appendix F\'s prompts. The "CASE DISCUSSION" row is not asked here: it says to "record on Liquidlogic in Case Notes using the three main headings", which is each child\'s own case supervision record. No action row: "At the end of each session we will agree any action points necessary" (Appendix D), so Oversight adds one.',
      recordKind: 'personal_supervision',
      title: 'Supervision Template',
      signatories: ['supervisee', 'supervisor'],
      sections: [
        {
          id: 'health-and-well-being',
          heading: 'PERSONAL SUPERVISION- HEALTH AND WELL BEING',
          fields: [
            {
              id: 'worried',
              label: 'WHAT ARE WE WORRIED ABOUT',
              prompts: [
                'Is there anything making your life at work more difficult right now? Personal, External, Organisational',
                'Sickness levels?',
                'Do you have any worries about how equality & diversity issues are being addressed?',
              ],
              type: 'text',
            },
            {
              id: 'working-well',
              label: 'WHAT’S WORKING WELL',
              prompts: [
                'What are the best ways that you are coping with this? Who or what helps you the most to deal with this?',
                'Best ways this is being managed?',
              ],
              type: 'text',
            },
          ],
        },
        gridRow('timesheet', 'TIMESHEET, TOIL, ANNUAL LEAVE'),
        {
          id: 'review-agreed-actions',
          heading: 'REVIEW AGREED ACTIONS FROM LAST SUPERVISION',
          fields: [
            {
              id: 'review',
              label: 'REVIEW AGREED ACTIONS FROM LAST SUPERVISION',
              type: 'table',
              purpose: 'review_of_actions',
            },
          ],
        },
        {
          ...gridRow('learning-and-development', 'LEARNING AND DEVELOPMENT'),
          hint: '(To include any capability issues/areas of support)',
        },
        {
          ...gridRow('caseload-management', 'CASELOAD MANAGEMENT'),
          hint: '(For case holders only)',
        },
        {
          ...gridRow('any-other-business', 'ANY OTHER BUSINESS'),
          hint: '(For non case holders, content to be agreed by supervisor/supervisee depending on areas of responsibility)',
        },
        {
          id: 'next-supervision',
          heading: 'TIME AND DATE OF NEXT SUPERVISION',
          fields: [
            { id: 'next', label: 'TIME AND DATE OF NEXT SUPERVISION', type: 'text' },
            { id: 'signature-supervisee', label: 'SIGNATURE (SUPERVISEE) DATE', type: 'signature' },
            { id: 'signature-supervisor', label: 'SIGNATURE (SUPERVISOR) DATE', type: 'signature' },
          ],
        },
      ],
    },
    {
      id: 'practice-observation',
      source: at('Appendix I – Practice Observation Template'),
      catalogueRef: 'T-002-I',
      note: "\"Name & role of Observee\" and \"Name & role of observer\" come from the record. Boxes 1 and 2 are the worker's, completed before the observation (D13); after it, the grid's columns, then the worker's and the observer's questions in the seed's words and spelling.",
      recordKind: 'direct_observation',
      title: 'Practice Observation Template',
      signatories: ['supervisee', 'observer'],
      sections: [
        {
          id: 'observation',
          heading: 'Practice Observation',
          fields: [
            { id: 'date-and-setting', label: 'Date & setting of observation', type: 'text' },
          ],
        },
        {
          id: 'section-1',
          heading: 'Section 1 – Worker to complete',
          hint: 'Complete boxes1 and 2 before the observation',
          completedBy: 'supervisee',
          fields: [
            {
              id: 'background',
              label:
                '1. Brief background to observed contact between yourself and the service user',
              type: 'text',
            },
            {
              id: 'planning',
              label: '2. Planning for observed activity',
              hint: 'Questions you might want to think about:',
              prompts: [
                'How did you prepare for this intervention?',
                'What is your purpose, role and responsibility.',
                'What outcomes or objectives do you want to achieve? (These can be linked to areas for development identified previous observations).',
              ],
              type: 'text',
            },
          ],
        },
        {
          id: 'after-the-observation',
          heading: 'TO BE COMPLETED AFTER THE OBSERVATION',
          hint: 'AREAS FOR CONSIDERATION',
          fields: [
            { id: 'worried', label: 'WHAT ARE WE WORRIED ABOUT?', type: 'text' },
            { id: 'working-well', label: 'WHAT’S WORKING WELL?', type: 'text' },
          ],
        },
        {
          id: 'worker',
          heading: 'TO BE COMPLETED BY WORKER:',
          completedBy: 'supervisee',
          fields: [
            { id: 'went-well', label: 'WHAT WENT WELL? Give examples.', type: 'text' },
            { id: 'outcomes', label: 'WERE YOUR OUTCOMES ACHIEVED?', type: 'text' },
            { id: 'challenges', label: 'WERE THEIR ANY CHALLENGES?', type: 'text' },
            { id: 'learnt', label: 'WHAT DID YOU LEARN?', type: 'text' },
            {
              id: 'actions',
              label: 'ARE THEIR ANY ACTIONS FROM THIS INTERVENTION?',
              type: 'table',
              purpose: 'actions',
            },
          ],
        },
        {
          id: 'observer',
          heading: 'TO BE COMPLETED BY OBSERVER:',
          completedBy: 'observer',
          fields: [
            {
              id: 'discussed-in-supervision',
              label: 'HAD THE WORKER DISCUSSED THIS WORK IN SUPERVISION PRIOR TO OBSERVATION?',
              type: 'text',
            },
            {
              id: 'worker-clear',
              label: 'WAS THE WORKER CLEAR ABOUT THE PURPOSE OF THE VISIT.',
              type: 'text',
            },
            {
              id: 'family-clear',
              label: 'WERE THE FAMILY CLEAR ABOUT THE PURPOSE OF THE VISIT?',
              type: 'text',
            },
            {
              id: 'signs-of-safety',
              label:
                'DID THE WORKER USE A SIGNS OF SAFETY STRENGTH BASED MODEL. Please give examples.',
              type: 'text',
            },
            {
              id: 'theory',
              label:
                'DID THE WORKER USE ANY THEORETICAL MODEL/RESEARCH EVIDENCE BASE TO SUPPORT THE FAMILY’S UNDERSTANDING?',
              type: 'text',
            },
            {
              id: 'diversity',
              label:
                'DID THE WORKER TAKE INTO ACCOUNT ANY DIVERSITY ISSUES WHEN ENGAGING WITH THE FAMILY. E.G Race, Disability, economic status, age sexuality, gender, faith and belief.',
              type: 'text',
            },
            {
              id: 'reflection',
              label: 'ANY COMMENTS ON THE WORKERS REFLECTION OF THE OBSERVATION?',
              type: 'text',
            },
            { id: 'signature-observee', label: 'OBSERVEE SIGNATURE', type: 'signature' },
            { id: 'signature-observer', label: 'OBSERVER SIGNATURE', type: 'signature' },
          ],
        },
      ],
    },
    {
      id: 'group-supervision',
      source: at('1.1.3 Group Supervision'),
      catalogueRef: 'K23',
      note: 'The seed describes group supervision but gives no form: the questions are built from 1.1.3\'s words. Attendees come from the session; "members of other teams, services and agencies" may attend.',
      recordKind: 'group_supervision',
      title: 'Group Supervision',
      sections: [
        {
          id: 'session',
          heading: 'Group supervision',
          fields: [
            {
              id: 'kind',
              label: 'Case focused or reflective',
              hint: 'Case focused, where workers discuss a family they are currently working with, or, reflective where aspects of practice may be discussed.',
              type: 'choice',
              options: ['case focused', 'reflective'],
            },
            {
              id: 'lead',
              label: 'Led by',
              hint: 'Generally led by the team leader/manager, senior social worker or a Signs of Safety practice lead.',
              type: 'text',
            },
            { id: 'focus', label: 'Focus', type: 'text' },
          ],
        },
        {
          id: 'discussion',
          heading: 'Discussion',
          hint: 'Group supervision focussing on cases the case discussion will follow the Signs of Safety Mapping Professional (Internal) Group Supervision Process.',
        },
      ],
    },
    {
      id: 'case-summary',
      source: at('1.2.2 4x4x4 Model'),
      catalogueRef: 'K28',
      note: 'No form in the seed: "Case summaries at 3, 6 and 9 months as well transfers and closures should use these outcomes to reflect on the impact of our support", the outcomes being "Safe, Happy, Healthy and Successful"; one section for each.',
      recordKind: 'case_summary',
      title: 'Case summary',
      sections: [
        { id: 'safe', heading: 'Safe' },
        { id: 'happy', heading: 'Happy' },
        { id: 'healthy', heading: 'Healthy' },
        { id: 'successful', heading: 'Successful' },
      ],
    },
  ],
  recordQuality: [
    {
      id: 'two-direct-work-examples',
      source: at('3.3 Recording of Case supervision'),
      catalogueRef: 'C14',
      note: '"Each supervision session will record two examples of either the planning of, or, the occurrence of direct work with children", brought "on two of their allocated cases" (3.). A warning, not a must: the two examples of a session are usually on two children\'s records, so one child\'s record may rightly hold one.',
      check: 'direct_work_examples',
      level: 'warning',
      recordKinds: ['case_supervision'],
      min: 2,
    },
    {
      id: 'child-views',
      source: at('3.2 Purpose of Case supervision'),
      catalogueRef: 'C17',
      note: 'A purpose of case supervision is "Confirming that the welfare of the child is paramount and that their wishes, views and feelings have been ascertained, taken into consideration and recorded". A warning: the seed states it as a purpose, not as a recording rule.',
      check: 'child_views',
      level: 'warning',
      recordKinds: ['case_supervision'],
    },
  ],
  agreementTemplate: {
    id: 'appendix-d-supervision-agreement',
    source: at('Appendix D – Supervision Agreement'),
    catalogueRef: 'T-002-D',
    note: '"Name of Supervisee:", "Job Title:", "Name of Supervisor:", "Job Title:" and "Date of agreement:" come from the relationship and the signatures. The agreement is completed "At the beginning of a supervisory relationship" and signed "as part of the induction process" (F93).',
    title: 'Supervision Agreement',
    frequency: {
      label: 'We will meet at least...... times a year – once every...... weeks for a session.',
      hint: 'Four weekly for case holders and their line managers (13 a year); twelve weekly for business support. "This will only change in the event of annual leave, sickness or emergency situations."',
    },
    sections: [
      {
        id: 'purpose',
        heading: 'Supervision Agreement',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.2',
        text: [
          'The purpose of this supervision agreement is to outline those issues and to serve as a resource for our work together.',
        ],
        fields: [],
      },
      {
        id: 'aims',
        heading: 'Aims of Supervision',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.3',
        text: [
          'Supervisee: To have a safe relationship to reflect on challenging issues, positive outcomes and to feel supported in practice.',
          'Supervisor: To provide a safe and supportive supervisory environment that promotes engagement, effective safe practice and professional development.',
        ],
        fields: [],
      },
      {
        id: 'regularity',
        heading: 'Regularity of Supervision',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.4',
        text: [
          'Formal supervision sessions will be for 1.5 to 2 hours each.',
          'If there is a need to meet outside of our regular times for work related issues this will be respected, explored and accounted for as informal supervision.',
          'We will book the dates for supervision and appraisal in advance, confirming the next appointment at the end of each session and arranging to meet at a mutually convenient place and time.',
          'If the arrangement needs to be changed the onus is on the person who needs to make the change to notify the other, giving as much notice as possible.',
        ],
        fields: [],
      },
      {
        id: 'interruptions',
        heading: 'Interruptions',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.5',
        text: [
          'To be kept to a minimum. These will occur in emergency situations only. As your supervisor I will arrange a private and confidential space for us to meet, ensuring that you have my undivided attention for your supervision.',
        ],
        fields: [],
      },
      {
        id: 'recording',
        heading: 'Recording of Sessions',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.6',
        text: [
          'We agree to abide by the guidelines as laid down in the Manchester’s Supervision Policy Document with regard to confidentiality and standards for note and record keeping.',
          'The supervisor will take main responsibility for recording supervision discussions. A copy will be given to the supervisee to sign. The supervisee will take responsibility for photocopying to ensure she/he has a copy of the signed supervision notes/minutes for their record.',
          'All case discussions from supervision will be recorded directly onto Liquidlogic on the child/family file.',
        ],
        fields: [],
      },
      {
        id: 'content',
        heading: 'Content of Supervision',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.7',
        text: [
          'Case-work: decision-making, direct work and reflection',
          'Caseload: workload management',
          'Career: learning and development',
          'Care: personal supervision',
          'At the end of each session we will agree any action points necessary; we will review the effectiveness of our sessions every 12 months.',
        ],
        fields: [],
      },
      {
        id: 'statement-of-service',
        heading: 'Statement of Service',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.8',
        text: [
          'The Supervisor will endeavour to provide the following: Consistency; Regular support; Availability; Professional experience; Sensitivity.',
        ],
        fields: [],
      },
      {
        id: 'statement-of-responsibility',
        heading: 'Statement of Responsibility',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.9',
        text: [
          'The supervisor will maintain line management responsibility.',
          'The supervisee will follow plans as agreed during supervision sessions and work to meet timescales set.',
          'Both supervisor and supervisee will maintain a commitment to equal opportunities in relation to both service-users and staff.',
          'It is the responsibility of both the supervisor and supervisee to recognise, respect and value people’s differences via promoting equality of opportunity.',
        ],
        fields: [],
      },
      {
        id: 'confidentiality',
        heading: 'Confidentiality',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.10',
        text: [
          'Minutes will be kept by both supervisor and supervisee. Paper supervision records will be kept by the supervisor in a supervision folder and stored in a locked cabinet.',
        ],
        fields: [],
      },
      {
        id: 'feedback-and-disagreements',
        heading:
          'Plan for providing feedback to one another and handling stumbling blocks and/or disagreements:',
        source: at('Appendix D – Supervision Agreement'),
        catalogueRef: 'T-002-D.11',
        text: [
          'We will strive for openness between us, and any difficulties that may arise within the supervision relationship should be discussed between us in the first instance. If this is simply not possible – for whatever reason – the person who is dissatisfied with the relationship must follow the guidelines as laid down in the policy document.',
        ],
        fields: [
          {
            id: 'disagreement-plans',
            label: 'Our plans for handling disagreements/stumbling blocks are:',
            hint: 'The form suggests: Discuss with each other during supervision; Arrange a meeting outside of supervision to discuss with each other.',
            kind: 'textarea',
            required: true,
          },
        ],
      },
    ],
    declaration:
      'We have read, understood and agree with the Delivery Service Supervision Policy and this supervision agreement.',
    signatureLabels: { supervisee: 'Supervisee Signature:', supervisor: 'Supervisor Signature:' },
  },
  terminology: {
    ad_hoc: 'AD HOC',
    planned_case_supervision: 'MONTHLY',
    appraisal: 'All About You',
  },
  childIdentifiers: {
    id: 'ids-only',
    source: at('2.2 Recording of Professional Supervision'),
    catalogueRef: 'X16',
    note: "No children's names in professional supervision notes; the Liquidlogic ID may be used.",
    policy: 'ids_only',
  },
  recordTransfer: {
    id: 'transfer-to-new-manager',
    source: at('2.4 Confidentiality and Retention'),
    catalogueRef: 'R33',
    note: '"these records should be transferred to the new manager or archived": no consent is asked for and nothing is redacted.',
    consent: 'not_required',
    redaction: false,
  },
};
