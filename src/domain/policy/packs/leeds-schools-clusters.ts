/**
 * Leeds supervision policy and accountability framework for schools and clusters (seed 003):
 * formal supervision of school and cluster staff who do safeguarding casework, at least every
 * four weeks, with a contract reviewed annually and a decision record on the child's file.
 */
import type { PolicyPack } from '../schema.ts';

const seed = '003_f53ac6b3f28a7d99.txt';
const at = (section: string) => ({ seed, section });
const contract = at('Appendix 2 Sample Supervision Contract');

export const leedsSchoolsClusters: PolicyPack = {
  id: 'leeds-schools-clusters',
  name: 'Leeds supervision policy for schools and clusters',
  version: 'undated',
  authority: 'Leeds',
  seed,
  description:
    'Four-weekly supervision for school/cluster staff; contract reviewed annually; decision record on the child file; Part A/Part B record; entitlement escalation.',
  dueSoonLead: { unit: 'working_days', count: 5 },
  staffSupervision: [
    {
      id: 'four-weekly',
      source: contract,
      catalogueRef: 'F14',
      note: 'Contract: "a minimum interval of every four weeks", lasting "approx. an hour" (not a minimum, so no minimum length). Section C says "one hour every month"; the contract\'s four weeks governs (A38). Applies to case holders ("staff who are case holders or who manage complex cases", C Frequency of Supervision).',
      match: { caseHolding: true },
      frequency: { kind: 'every', period: { unit: 'weeks', count: 4 } },
    },
  ],
  caseSupervision: [],
  eventTriggers: [],
  recordingDeadlines: [],
  observations: [],
  pdr: [],
  groupExpectations: [],
  agreements: [
    {
      id: 'contract-annual',
      source: at('B Contract'),
      catalogueRef: 'F68',
      note: '"discussed, agreed and signed off at the beginning of the supervisory arrangement … reviewed annually".',
      atStart: true,
      reviewEvery: { unit: 'months', count: 12 },
      onChangeOfSupervisor: false,
      relationships: ['line_management'],
    },
  ],
  handovers: [
    {
      id: 'handover-on-change-of-line-management',
      source: at('A. Roles and Responsibility'),
      catalogueRef: 'F55',
      note: 'The supervisor is responsible for "Ensuring that where a change in line management occurs, a handover process is arranged between all parties concerned." Owed by the outgoing supervisor (the incoming one if the outgoing has left); no timescale is given, so it has no due date (R34, A61).',
      relationships: ['line_management'],
    },
  ],
  effectivenessReviews: [],
  absences: [],
  audits: [],
  feedbackDeadlines: [],
  evidence: [
    {
      id: 'formal-one-to-one-counts',
      source: at('Supervision'),
      catalogueRef: 'K35',
      note: 'Only formal supervision counts: informal supervision "should NOT replace a formal supervision session".',
      countsTowards: 'staff_supervision',
      sessionKinds: ['one_to_one'],
    },
  ],
  retention: [],
  templates: [
    {
      id: 'decision-record',
      source: at('Appendix 1'),
      catalogueRef: 'T-003-1',
      recordKind: 'supervision_decision',
      title: 'Supervision Decision Record – Individual CYP/Family record',
      sections: [
        {
          id: 'decision',
          heading: 'Supervision Decision Record – Individual CYP/Family record',
          fields: [
            { id: 'organisation', label: 'Name of Organisation /Agency', type: 'text' },
            { id: 'child', label: 'Name of Child /Young Person/Family:', type: 'text' },
            { id: 'dob', label: 'd.o.b. of child', type: 'date' },
            { id: 'date', label: 'Supervision Date:', type: 'date' },
            { id: 'supervisee', label: 'Supervisee:', type: 'text' },
            { id: 'supervisor', label: 'Supervisor/Manager:', type: 'text' },
            {
              id: 'history',
              label: 'Brief synopsis of safeguarding history if appropriate:',
              type: 'text',
            },
            { id: 'concerns', label: 'Concerns:', type: 'text' },
            {
              id: 'actions',
              label: 'Actions agreed: (to be completed post session).',
              type: 'text',
            },
            {
              id: 'signature',
              label: 'Signature of Manager/Supervisor and date :',
              type: 'signature',
            },
          ],
        },
      ],
    },
    {
      id: 'supervision-record',
      source: at('Appendix 3'),
      catalogueRef: 'T-003-3',
      note: 'The agenda has no item 3 in the seed (A39); numbering is kept as the seed has it.',
      recordKind: 'personal_supervision',
      title: 'Childrens services Sample Supervision record',
      sections: [
        {
          id: 'part-a',
          heading: 'PART A for completion by the worker',
          fields: [
            { id: 'family-name', label: 'Family name:', type: 'text' },
            { id: 'children-names', label: "Children's names:", type: 'text' },
            { id: 'ages', label: 'Ages:', type: 'text' },
            { id: 'status', label: 'Current Status (eg: CIN, CPP, LAC, CAF etc):', type: 'text' },
          ],
        },
        {
          id: 'part-b',
          heading: 'PART B – Supervisors Supervision Case discussion: for completion by supervisor',
          fields: [
            { id: 'actions', label: 'Actions agreed:', type: 'text' },
            { id: 'delivery-plans', label: 'Delivery plans discussed', type: 'text' },
            { id: 'outstanding', label: 'Any outstanding actions?', type: 'text' },
            { id: 'aob', label: 'AOB', type: 'text' },
          ],
        },
      ],
    },
  ],
  terminology: { agreement: 'contract' },
  childIdentifiers: {
    id: 'names-required',
    source: at('Appendix 3'),
    catalogueRef: 'X16',
    note: 'Part A asks for "Family name:", "Children\'s names:" and "Ages:".',
    policy: 'names_required',
  },
};
