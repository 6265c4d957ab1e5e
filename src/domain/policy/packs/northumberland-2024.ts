/**
 * Northumberland's supervision framework (seed 000), V1 19.6.2024. It gives no staff or case
 * supervision frequency (it defers to a separate supervision policy, not supplied), so this
 * pack has none: its planned-supervision triggers are obligations on top of any frequency an
 * organisation configures (DESIGN §7, A01, A02).
 */
import type { PolicyPack } from '../schema.ts';

const seed = '000_e52dd64b6004ea86.txt';
const at = (section: string) => ({ seed, section });
const planned = at('Planned supervision');

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
      note: '"bi-annual audit of supervision records by each manager/supervisor": bi-annual read as every 6 months (A03), and as each supervisor auditing a sample (at least one) of their own supervision records each half year (April–September, October–March).',
      auditor: { isSupervisor: true },
      per: 'half_year',
      subjects: { kind: 'sample', count: 1, of: 'supervision_records' },
    },
  ],
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
      note: 'The seed gives no scale range for scaling (A05): 0–10, as Signs of Safety uses, overridable.',
      recordKind: 'case_supervision',
      title: 'planned supervision',
      headline: 'Planned supervision between {supervisor} and {supervisee}',
      sections: [
        {
          id: 'detailed-notes',
          heading: 'Detailed notes',
          fields: [
            {
              id: 'action-review',
              label: 'Action review from the previous supervision.',
              type: 'text',
            },
            {
              id: 'worked-well',
              label: 'What has worked well since the last supervision?',
              type: 'text',
            },
            {
              id: 'worried',
              label: 'What are you worried about since the last supervision?',
              type: 'text',
            },
            {
              id: 'child-views',
              label: "Child/young person's views and presentation.",
              type: 'text',
            },
            { id: 'network-views', label: 'Parent, carer and network views.', type: 'text' },
            { id: 'planned-work', label: 'Planned work.', type: 'text' },
            { id: 'reflection', label: 'Reflection.', type: 'text' },
          ],
        },
        {
          id: 'analysis',
          heading: 'Analysis of information',
          prompts: [
            'the worker and managers scaling, rationale and what they need to see to increase their score',
          ],
          fields: [{ id: 'scaling', label: 'Scaling', type: 'scale', scale: { min: 0, max: 10 } }],
        },
        { id: 'actions', heading: 'Actions' },
      ],
    },
    {
      id: 'unplanned-supervision-note',
      source: at('Unplanned supervision'),
      catalogueRef: 'T-000-04',
      recordKind: 'case_supervision_unplanned',
      title: 'unplanned supervision',
      headline: 'Unplanned supervision between {supervisor} and {supervisee}',
      sections: [
        {
          id: 'detailed-notes',
          heading: 'Detailed notes',
          fields: [
            { id: 'situation', label: 'Situation', type: 'text' },
            { id: 'strengths', label: 'Strengths and safety', type: 'text' },
            { id: 'worries', label: 'Worries, danger and complicating factors', type: 'text' },
          ],
        },
        { id: 'analysis', heading: 'Analysis of information' },
        { id: 'actions', heading: 'Actions' },
      ],
    },
  ],
  terminology: {
    planned_supervision: 'planned supervision',
    unplanned_supervision: 'unplanned supervision',
    discussion_with_another_professional: 'Discussion with another professional',
    management_action: 'Management action',
  },
};
