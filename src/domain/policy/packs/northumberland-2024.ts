/**
 * Northumberland's supervision framework (seed 000), V1 19.6.2024. It gives no staff or case
 * supervision frequency (it defers to a separate supervision policy, not supplied), so this
 * pack has none: its planned-supervision triggers are obligations on top of any frequency an
 * organisation configures (DESIGN §7, A01, A02).
 */
import type { PolicyPack, TemplateSection } from '../schema.ts';
import { feedbackSurvey, tenDimensions } from './quality-tools.ts';

const seed = '000_e52dd64b6004ea86.txt';
const at = (section: string) => ({ seed, section });
const planned = at('Planned supervision');

const notSupervision = at('RECORDING THAT IS NOT SUPERVISION');
const expectations = at('PRACTICE EXPECTATIONS');
const supervisionNotes = ['case_supervision', 'case_supervision_unplanned'] as const;

/** The last two headings of RECORDING SUPERVISION, shared by the planned and unplanned notes. */
const analysisOfInformation: TemplateSection = {
  id: 'analysis',
  heading: 'Analysis of information.',
  hint: 'This is the worker and managers scaling, rationale and what they need to see to increase their score, considering:',
  prompts: [
    "the child's lived experiences",
    "the progress of the child's timeline and plan",
    'links to other assessments/plans such as an EHCP',
    "the child's school attendance/achievement",
    'multi-agency working',
    'any changes in scaling and the reasons',
    'any challenges or barriers that need further action or to be escalated',
  ],
  fields: [
    { id: 'worker-scaling', label: "Worker's scaling", type: 'scale', scale: { min: 0, max: 10 } },
    {
      id: 'manager-scaling',
      label: "Manager's scaling",
      type: 'scale',
      scale: { min: 0, max: 10 },
    },
    {
      id: 'rationale',
      label: 'Rationale and what they need to see to increase their score',
      type: 'text',
    },
  ],
};

const actions: TemplateSection = {
  id: 'actions',
  heading: 'Actions.',
  hint: 'This is what needs to happen next and why, including any outstanding actions from previous supervisions, who will do it and by when.',
  fields: [{ id: 'actions', label: 'Actions.', type: 'table', purpose: 'actions' }],
};

const openEnded =
  'The seed gives no timescale ("will always record planned supervision in the following situations"), so the obligation has no due date: it is due from the trigger until a planned supervision is recorded.';

export const northumberland2024: PolicyPack = {
  id: 'northumberland-2024',
  name: 'Northumberland supervision framework 2024',
  version: 'V1 19.6.2024',
  authority: 'Northumberland',
  seed,
  description:
    'Four elements; planned and unplanned supervision notes in EHM/LCS; planned-supervision triggers for family help and social work teams; ten audit dimensions. No staff frequency (the seed defers to the supervision policy).',
  dueSoonLead: { unit: 'working_days', count: 5 },
  staffSupervision: [],
  caseSupervision: [],
  eventTriggers: [
    {
      id: 'fh-start-of-involvement',
      source: planned,
      catalogueRef: 'F47',
      note: `"At the start of involvement to establish a baseline and to clearly identify what needs to happen". ${openEnded}`,
      trigger: { on: 'involvement_start' },
      teamTypes: ['family_help'],
      evidence: ['case_supervision'],
    },
    {
      id: 'fh-plan-progress-unclear',
      source: planned,
      catalogueRef: 'F47',
      note: `"If the progress of the child/young person's plan is not clear" (recorded as an event). ${openEnded}`,
      trigger: { on: 'event', events: ['plan_progress_unclear'] },
      teamTypes: ['family_help'],
      evidence: ['case_supervision'],
    },
    {
      id: 'fh-panel-preparation',
      source: planned,
      catalogueRef: 'F47',
      note: `"As preparation for a panel, like out of court disposal, inclusion, MSET etc." ${openEnded}`,
      trigger: { on: 'event', events: ['panel_preparation'] },
      teamTypes: ['family_help'],
      evidence: ['case_supervision'],
    },
    {
      id: 'fh-six-months-involvement',
      source: planned,
      catalogueRef: 'F47',
      note: `"After 6 months of family help involvement to consider the next steps": family help involvement is the early help status episode. ${openEnded}`,
      trigger: {
        on: 'status_duration',
        statuses: ['early_help'],
        after: { unit: 'months', count: 6 },
      },
      teamTypes: ['family_help'],
      evidence: ['case_supervision'],
    },
    {
      id: 'fh-step-up-considered',
      source: planned,
      catalogueRef: 'F47',
      note: `"If a step up to social work is being considered". ${openEnded}`,
      trigger: { on: 'event', events: ['step_up_considered'] },
      teamTypes: ['family_help'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-start-of-involvement',
      source: planned,
      catalogueRef: 'F48',
      note: `"At the start of involvement to establish a baseline". ${openEnded}`,
      trigger: { on: 'involvement_start' },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-transfer-between-teams',
      source: planned,
      catalogueRef: 'F48',
      note: `"This will include any transfers between teams": a new key worker or lead professional in a different team. ${openEnded}`,
      trigger: { on: 'team_transfer' },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-plan-progress-unclear',
      source: planned,
      catalogueRef: 'F48',
      note: `"If the progress of the child/young person's plan is not clear". ${openEnded}`,
      trigger: { on: 'event', events: ['plan_progress_unclear'] },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-six-months-child-in-need',
      source: planned,
      catalogueRef: 'F48',
      note: `"After 6 months of involvement with a child in need plan". ${openEnded}`,
      trigger: {
        on: 'status_duration',
        statuses: ['child_in_need'],
        after: { unit: 'months', count: 6 },
      },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-twelve-months-on-plan',
      source: planned,
      catalogueRef: 'F48',
      note: `"If a child/young person has had a child in need or child protection plan for more than 12 months"; footnote 1 excludes children without an evolving plan (flag no_evolving_plan). Each plan episode is counted on its own. ${openEnded}`,
      trigger: {
        on: 'status_duration',
        statuses: ['child_in_need', 'child_protection'],
        after: { unit: 'months', count: 12 },
      },
      teamTypes: ['social_work'],
      exceptFlags: ['no_evolving_plan'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-unregulated-placement',
      source: planned,
      catalogueRef: 'F48',
      note: `"If a child/young person is living in an unregulated placement". ${openEnded}`,
      trigger: { on: 'flag_start', flags: ['unregulated_placement'] },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-placement-stability',
      source: planned,
      catalogueRef: 'F48',
      note: `"If there are worries about a cared for child's placement stability". ${openEnded}`,
      trigger: { on: 'flag_start', flags: ['placement_stability_worries'] },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-threshold-change',
      source: planned,
      catalogueRef: 'F48',
      note: `"To consider a change in threshold" (step down or closure, or a CP plan or proceedings including pre-proceedings). ${openEnded}`,
      trigger: { on: 'event', events: ['threshold_change_considered'] },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-panel-preparation',
      source: planned,
      catalogueRef: 'F48',
      note: `"In preparation for a panel, like high level resource, legal gateway, transition, MSET, DCT resource panel etc." ${openEnded}`,
      trigger: { on: 'event', events: ['panel_preparation'] },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
    {
      id: 'sw-decision-making',
      source: planned,
      catalogueRef: 'F48',
      note: `"In preparation for a child/young person's decision-making meeting or in advance of authorising significant documents". ${openEnded}`,
      trigger: {
        on: 'event',
        events: ['decision_making_meeting', 'significant_document_authorisation'],
      },
      teamTypes: ['social_work'],
      evidence: ['case_supervision'],
    },
  ],
  recordingDeadlines: [],
  observations: [],
  pdr: [],
  groupExpectations: [],
  agreements: [],
  effectivenessReviews: [],
  absences: [],
  audits: [
    {
      id: 'bi-annual-record-audit',
      source: at('SUPPORT FOR SUPERVISORS'),
      catalogueRef: 'F72',
      note: '"bi-annual audit of supervision records by each manager/supervisor": bi-annual read as every 6 months (A03), and as each supervisor auditing a sample (at least one) of supervision records each half year (April–September, October–March). A sample never holds records the auditor wrote, so it is drawn from the other teams of the supervisor\'s service.',
      auditor: { isSupervisor: true },
      per: 'half_year',
      tool: 'ten-dimensions',
      subjects: {
        kind: 'sample',
        count: 1,
        of: 'supervision_records',
        pool: 'other_teams_in_service',
      },
    },
  ],
  auditTools: [tenDimensions],
  feedbackSurvey: feedbackSurvey(
    at('SUPPORT FOR WORKERS'),
    'half_year',
    '"Workers will have regular opportunities to share feedback about their experiences of supervision … Feedback themes will be shared with workers bi-annually": a round each half year.',
  ),
  feedbackDeadlines: [],
  evidence: [
    {
      id: 'planned-and-unplanned-count',
      source: at('WHAT IS SUPERVISION?'),
      catalogueRef: 'K01',
      note: "Planned and unplanned supervision notes are supervision; 'Discussion with another professional' and 'Management action' are not (RECORDING THAT IS NOT SUPERVISION).",
      countsTowards: 'case_supervision',
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
    },
  ],
  retention: [
    {
      id: 'case-supervision-with-child-record',
      source: at('RECORDING SUPERVISION'),
      catalogueRef: 'P01',
      note: "Case supervision is recorded on the child's EHM/LCS record, so it is kept as long as the child's record. No other retention period is given: the organisation must set one (A60).",
      recordKinds: ['case_supervision', 'case_supervision_unplanned'],
      retention: { kind: 'with_child_record' },
    },
  ],
  templates: [
    {
      id: 'planned-supervision-note',
      source: planned,
      catalogueRef: 'T-000-03',
      note: 'The EHM/LCS \'planned supervision\' note. "Reason for contact" is the headline and "Type of contact" the record\'s kind. Its sections are the nine headings of RECORDING SUPERVISION (T-000-02: "Supervision should be recorded using the following headings"), each with the seed\'s Detail as its hint; the note\'s checklist says "Reflection.", the headings table "Reflections.". The seed gives no range for scaling (A05): 0–10, as Signs of Safety uses.',
      recordKind: 'case_supervision',
      title: 'Planned supervision',
      headline: 'Planned supervision between {supervisor} and {supervisee}',
      sections: [
        {
          id: 'action-review',
          heading: 'Action review from the previous supervision.',
          hint: 'This is a review of any outstanding actions from the previous supervision that will include an update and a clear timescale for completion.',
          fields: [
            {
              id: 'action-review',
              label: 'Outstanding actions from the previous supervision',
              type: 'table',
              purpose: 'review_of_actions',
            },
          ],
        },
        {
          id: 'worked-well',
          heading: 'What has worked well since the last supervision?',
          hint: "This is a reflection of any significant events, changes in the child's plan, successes and achievements, or identified drift and delay since the last supervision.",
        },
        { id: 'worried', heading: 'What are you worried about since the last supervision?' },
        {
          id: 'child-views',
          heading: "Child/young person's views and presentation.",
          hint: "This is the child's views including the progress made with their plan, observations of their presentation and what they mean, since the last supervision.",
          fields: [
            {
              id: 'child-views',
              label: "Child/young person's views and presentation.",
              type: 'text',
              purpose: 'child_views',
            },
          ],
        },
        {
          id: 'network-views',
          heading: 'Parent, carer and network views.',
          hint: 'This is the parent, carer and network views, including the progress made and what this means to the child and their plan, since the last supervision.',
        },
        {
          id: 'planned-work',
          heading: 'Planned work.',
          hint: "This is any completed direct work with the child or adult, assessments or progress that has been made within the child's plan since the last supervision.",
        },
        {
          id: 'reflections',
          heading: 'Reflections.',
          hint: 'This is the worker and managers reflections.',
        },
        analysisOfInformation,
        actions,
      ],
    },
    {
      id: 'unplanned-supervision-note',
      source: at('Unplanned supervision'),
      catalogueRef: 'T-000-04',
      note: 'The EHM/LCS \'unplanned supervision\' note: its "Detailed notes" checklist (Situation; Strengths and safety; Worries, danger and complicating factors), then "Analysis of information" and "Actions", read as RECORDING SUPERVISION defines those two headings (the framework "applies to both types of supervision").',
      recordKind: 'case_supervision_unplanned',
      title: 'Unplanned supervision',
      headline: 'Unplanned supervision between {supervisor} and {supervisee}',
      sections: [
        { id: 'situation', heading: 'Situation' },
        { id: 'strengths', heading: 'Strengths and safety' },
        { id: 'worries', heading: 'Worries, danger and complicating factors' },
        analysisOfInformation,
        actions,
      ],
    },
    {
      id: 'discussion-with-another-professional',
      source: notSupervision,
      catalogueRef: 'T-000-05.1',
      note: 'The seed gives this note type\'s purpose, not a form: "any discussion with another professional about an individual child/young person, that was not supervision, and its outcome". The sections are built from those words. It is not supervision; workers as well as managers record it.',
      recordKind: 'discussion_with_another_professional',
      title: 'Discussion with another professional',
      sections: [
        {
          id: 'professional',
          heading: 'Another professional',
          hint: 'For example, a lead professional such as a health visitor or school.',
        },
        {
          id: 'discussion',
          heading: 'Discussion',
          hint: 'Any discussion with another professional about an individual child/young person, that was not supervision.',
        },
        { id: 'outcome', heading: 'Outcome' },
      ],
    },
    {
      id: 'management-action',
      source: notSupervision,
      catalogueRef: 'T-000-05.2',
      note: 'The seed gives this note type\'s purpose, not a form: "Managers to record an action they take, what happened and why, and its outcome". The sections are built from those words, with the seed\'s examples as prompts. It is not supervision; managers only record it.',
      recordKind: 'management_action',
      title: 'Management action',
      sections: [
        {
          id: 'action',
          heading: 'Action taken',
          prompts: [
            'when a child/young person is allocated to a worker for an assessment',
            "if a document is added to the child/young person's record",
            'if an assessment or important document has been reviewed or authorised',
            'if a child/young person is transferred to a different worker',
            'if a record was reviewed at any point during involvement',
            'when a manger completes a closure checklist',
          ],
        },
        { id: 'what-happened', heading: 'What happened and why' },
        { id: 'outcome', heading: 'Outcome' },
      ],
    },
  ],
  recordQuality: [
    {
      id: 'no-blank-notes',
      source: expectations,
      catalogueRef: 'C02',
      note: 'Supervision records "should not contain … Blank notes.": a must, so no heading is left empty when the note is shared.',
      check: 'blank_sections',
      level: 'must',
      recordKinds: [...supervisionNotes],
    },
    {
      id: 'no-lists-of-bullet-points-or-dates',
      source: expectations,
      catalogueRef: 'C02',
      note: '"Incomplete sentences, a list of bullet points or a list of dates that do not explain what they mean to the child."',
      check: 'bullets_or_dates_only',
      level: 'must',
      recordKinds: [...supervisionNotes],
    },
    {
      id: 'no-copy-of-previous-supervision',
      source: expectations,
      catalogueRef: 'C02',
      note: '"A copy of previous supervision discussions."',
      check: 'copied_from_previous',
      level: 'must',
      recordKinds: [...supervisionNotes],
    },
    {
      id: 'new-actions-what-who-by-when',
      source: expectations,
      catalogueRef: 'C01(10)',
      note: '"New actions that explain what needs to happen, who will do it and by when", as the "Actions." heading defines them ("who will do it and by when"). A must: an action without an owner or a date cannot be followed to completion.',
      check: 'action_owner_and_date',
      level: 'must',
      recordKinds: [...supervisionNotes],
    },
    {
      id: 'actions-carried-forward',
      source: expectations,
      catalogueRef: 'C01(3)',
      note: '"Previously agreed actions being reviewed and carried forward until they are completed". Oversight carries open actions forward itself; this warns where an earlier action is agreed again as new, or its update repeats the last one, instead of being reviewed. A warning: the seed lists it among what a good record "would demonstrate".',
      check: 'repeated_actions',
      level: 'warning',
      recordKinds: [...supervisionNotes],
    },
    {
      id: 'child-views',
      source: expectations,
      catalogueRef: 'C01(6)',
      note: '"The views of the child/young person, important adults and network members and what they mean to the child and their plan", asked under "Child/young person\'s views and presentation." (the planned note only; the unplanned note has no such heading). A warning, as C01(3).',
      check: 'child_views',
      level: 'warning',
      recordKinds: ['case_supervision'],
    },
  ],
  terminology: {
    planned_supervision: 'planned supervision',
    unplanned_supervision: 'unplanned supervision',
    discussion_with_another_professional: 'Discussion with another professional',
    management_action: 'Management action',
  },
};
