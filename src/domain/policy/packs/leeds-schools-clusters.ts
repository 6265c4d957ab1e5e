/**
 * Leeds supervision policy and accountability framework for schools and clusters (seed 003):
 * formal supervision of school and cluster staff who do safeguarding casework, at least every
 * four weeks, with a contract reviewed annually and a decision record on the child's file.
 */
import type { PolicyPack } from '../schema.ts';
import { feedbackSurvey } from './quality-tools.ts';

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
  feedbackSurvey: feedbackSurvey(
    at('E Quality Assurance'),
    'year',
    'Supervision files "will be subject to inspection and audit" but the seed sets no feedback round: a round each financial year.',
  ),
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
      note: 'To go "on individual child file". "Name of Organisation /Agency", "Name of Child /Young Person/Family:", "d.o.b. of child", "Supervision Date:", "Supervisee:" and "Supervisor/Manager:" come from the organisation, the child register and the record. Only the manager signs (R18).',
      recordKind: 'supervision_decision',
      title: 'Supervision Decision Record – Individual CYP/Family record',
      signatories: ['supervisor'],
      sections: [
        {
          id: 'decision',
          heading: 'Supervision Decision Record – Individual CYP/Family record',
          fields: [
            {
              id: 'history',
              label: 'Brief synopsis of safeguarding history if appropriate:',
              type: 'text',
            },
            { id: 'concerns', label: 'Concerns:', type: 'text' },
            {
              id: 'actions',
              label: 'Actions agreed:',
              hint: '(to be completed post session).',
              type: 'table',
              purpose: 'actions',
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
      note: 'The session\'s part of the Appendix 3 record; Part A and Part B, per family, are each child\'s case supervision record ("2. Supervision notes- Child record"). "Name of Supervisee:", "Name of Supervisor:" and "Date:" come from the record. The agenda has no item 3 in the seed (A39); its numbering is kept. "This pro-forma can be altered to reflect individual and organisational needs and be adapted to the setting."',
      recordKind: 'personal_supervision',
      title: 'Childrens services Sample Supervision record',
      signatories: ['supervisee', 'supervisor'],
      sections: [
        {
          id: 'since-last-supervision',
          heading:
            'Details of holidays, sickness absence and training undertaken since last supervision',
        },
        {
          id: 'cases-discussed',
          heading: 'Please indicate if the cases discussed represent ALL current cases or a sample',
          fields: [
            {
              id: 'cases-discussed',
              label:
                'Please indicate if the cases discussed represent ALL current cases or a sample',
              type: 'choice',
              options: ['ALL current cases', 'a sample'],
            },
          ],
        },
        {
          id: 'agenda',
          heading: 'Agenda Items',
          fields: [
            {
              id: 'review',
              label: '1. Review of agreed action points from last meeting/matters arising',
              type: 'table',
              purpose: 'review_of_actions',
            },
            {
              id: 'team-issues',
              label:
                '4 Team/General issues impacting safeguarding practice: including training, development, wellbeing',
              type: 'text',
            },
            { id: 'aob', label: '5. AOB & date of next meeting', type: 'text' },
          ],
        },
        {
          id: 'next-meeting',
          heading: 'Date of Next Meeting',
          fields: [
            { id: 'next', label: 'Date of Next Meeting', type: 'date' },
            { id: 'signature-supervisee', label: 'Supervisee’s signature', type: 'signature' },
            { id: 'signature-supervisor', label: 'Supervisor’s signature', type: 'signature' },
          ],
        },
      ],
    },
    {
      id: 'case-supervision-record',
      source: at('Appendix 3'),
      catalogueRef: 'T-003-3.5',
      note: 'Part A and Part B of the Appendix 3 record, "2. Supervision notes- Child record", one for each family discussed. Part A is "for completion by the worker" and Part B "for completion by supervisor"; both sign the record ("signed off and dated by supervisor and supervisee", D Recording). Children\'s names are asked for, as the seed does (X16).',
      recordKind: 'case_supervision',
      title: 'Supervision notes- Child record',
      signatories: ['supervisee', 'supervisor'],
      sections: [
        {
          id: 'part-a',
          heading: 'PART A for completion by the worker',
          completedBy: 'supervisee',
          fields: [
            { id: 'family-name', label: 'Family name:', type: 'text' },
            { id: 'children-names', label: 'Children’s names:', type: 'text' },
            { id: 'ages', label: 'Ages:', type: 'text' },
            { id: 'status', label: 'Current Status (eg: CIN, CPP, LAC, CAF etc):', type: 'text' },
            {
              id: 'status-change',
              label: 'Details of any change in status and date:',
              type: 'text',
            },
            { id: 'events', label: 'Summary of events since last supervision:', type: 'text' },
            { id: 'actions-taken', label: 'Your Actions taken:', type: 'text' },
            { id: 'risks', label: 'Identified Risks/Issues:', type: 'text' },
            { id: 'safety', label: 'Safety/Protective Factors:', type: 'text' },
            { id: 'strengths', label: 'Strengths/Positives:', type: 'text' },
            { id: 'role', label: 'What is your role with this family?', type: 'text' },
          ],
        },
        {
          id: 'part-b',
          heading: 'PART B – Supervisors Supervision Case discussion: for completion by supervisor',
          completedBy: 'supervisor',
          fields: [
            { id: 'actions', label: 'Actions agreed:', type: 'table', purpose: 'actions' },
            { id: 'delivery-plans', label: 'Delivery plans discussed', type: 'text' },
            {
              id: 'outstanding',
              label: 'Any outstanding actions?',
              type: 'table',
              purpose: 'review_of_actions',
            },
            { id: 'aob', label: 'AOB', type: 'text' },
          ],
        },
      ],
    },
    {
      id: 'group-supervision',
      source: at('Group supervision'),
      catalogueRef: 'K36',
      note: 'The seed gives no group form: "The records should reflect that this was a group supervision" and "The group should clarify and agree the boundaries of confidentiality". Used "where there may be several staff involved in direct work with a specific child/ family"; the attendees come from the session and the roles are as for one-to-one supervision.',
      recordKind: 'group_supervision',
      title: 'Group supervision',
      sections: [
        {
          id: 'group-supervision',
          heading: 'Group supervision',
          hint: 'The records should reflect that this was a group supervision',
          fields: [
            { id: 'lead', label: 'Supervisor', hint: 'Who led the session', type: 'text' },
            {
              id: 'focus',
              label: 'The specific child/ family',
              type: 'text',
            },
            {
              id: 'confidentiality',
              label: 'The boundaries of confidentiality agreed',
              hint: 'The group should clarify and agree the boundaries of confidentiality',
              type: 'text',
            },
          ],
        },
        { id: 'discussion', heading: 'Discussion' },
      ],
    },
  ],
  agreementTemplate: {
    id: 'sample-supervision-contract',
    source: contract,
    catalogueRef: 'T-003-2',
    note: 'The contract is "discussed, agreed and signed off at the beginning of the supervisory arrangement" and "reviewed annually" (B Contract). "Supervisee signed…Date" and "Supervisor signed…Date" are the two electronic signatures. Section F asks for the entitlement to be "clearly agreed and defined in the supervision contract", which the sample does not do, so an Entitlement section is added (A40).',
    title: 'Sample Supervision Contract',
    frequency: {
      label: 'The Supervisor will meet with the supervisee a minimum of every four weeks',
      hint: '"Should take place at a minimum interval of every four weeks. This may increase if there is a need".',
    },
    sections: [
      {
        id: 'organisation',
        heading: 'Name of Organisation /Agency',
        source: contract,
        catalogueRef: 'T-003-2.1',
        fields: [
          {
            id: 'organisation',
            label: 'Name of Organisation /Agency',
            hint: 'The school or cluster.',
            kind: 'text',
            required: true,
          },
        ],
      },
      {
        id: 'supervisors-statement',
        heading: '1. Supervisors statement',
        source: contract,
        catalogueRef: 'T-003-2.3',
        text: [
          'Supervision is a way of ensuring accountable decision making and safe outcomes for children. The supervisor’s role is to ensure that staff and those directly involved in casework and child protection are coping both physically and emotionally with the demands of the role and are handling the work suitably and professionally. It also provides the worker with a forum to reflect on the content, process and progress of their work. The supervision record will identify agreed action points and we will review these at each supervision session.',
          'Supervision should be undertaken on a regular basis, with designated staff responsible for or working with identified vulnerable children and/or their families. It should include cases with children who are subject to a child protection care plan, children with social care involvement, children giving cause for concern, children looked after (LAC) and children subject to a CAF or where staff are case holders for a family support and parenting service and plan or the case has been de-escalated from social care.',
        ],
        fields: [],
      },
      {
        id: 'school-cluster-staff',
        heading: '2. Supervision for school/cluster staff',
        source: contract,
        catalogueRef: 'T-003-2.4',
        text: [
          'Should take place at a minimum interval of every four weeks. This may increase if there is a need, supervision should last approx. an hour.',
        ],
        fields: [],
      },
      {
        id: 'supervisor-responsibilities',
        heading: 'Supervisor’s responsibilities and expectations',
        source: contract,
        catalogueRef: 'T-003-2.5',
        text: [
          'The Supervisor will meet with the supervisee a minimum of every four weeks & will be located in a confidential space which is appropriate and free from distraction.',
          'To undertake an open and honest discussion re cases that staff are working with.',
          'Challenging questions will be asked with regard to action and progress and the appropriate referral to other agencies including the cluster guidance and support meetings.',
          'Discussion will focus on any current identified child protection cases, social care de-escalations and any identified vulnerable child /family where there are general safeguarding issues, or a CAF in place, or a family support plan or casework is being undertaken.',
          'Support and professional challenge will be given and supervision will be recorded.',
          'Discussion around team work & training will be included.',
        ],
        fields: [
          {
            id: 'commence',
            label: 'these will commence',
            hint: 'The date of the first supervision under this contract.',
            kind: 'date',
            required: true,
          },
        ],
      },
      {
        id: 'supervisee-responsibilities',
        heading: 'Supervisee’s responsibilities',
        source: contract,
        catalogueRef: 'T-003-2.6',
        text: [
          'Open and honest discussion re cases that the staff are working with and have responsibility for.',
          'Implement actions to be taken to protect any child where there is reason to believe a child is at risk of harm.',
          'Implement actions to meet agreed outcomes for the child /family.',
          'Agree to inform other professionals where they are involved with families of any information that may impact on a child’s safety. Discuss the appropriate referral to other agencies including the cluster guidance and support meetings.',
          'To ensure all relevant information is recorded within the child/family file.',
          'To ensure that the child/family action plan sheet is completed, per case at each supervision and stored in the child/family file',
          'In the event of a Serious Case Review (SCR) these records will be used as evidence as part of Internal Management Review (IMR).',
        ],
        fields: [],
      },
      {
        id: 'dispute',
        heading: 'Unresolved conflict or dispute',
        source: contract,
        catalogueRef: 'T-003-2.8',
        note: 'The seed gives the dispute clause no heading; the third party is a blank on the form (R44).',
        text: [
          'In the event that there is unresolved conflict/dispute between supervisor and supervisee, both parties will agree to meet together with the person named below to ensure that any difficulties are satisfactorily resolved. Both parties will ensure that the other is aware in advance that a dispute resolution meeting has been arranged.',
        ],
        fields: [
          {
            id: 'third-party',
            label: 'both parties will agree to meet together with',
            hint: 'The name and role of the person who will help resolve an unresolved conflict or dispute.',
            kind: 'text',
            required: true,
          },
        ],
      },
      {
        id: 'entitlement',
        heading: 'Entitlement',
        source: at('F Entitlement'),
        catalogueRef: 'A40',
        note: 'Added from section F: "this entitlement should be clearly agreed and defined in the supervision contract".',
        text: [
          'If you are not receiving supervision at the required frequency during the year, in the first instance arrange a one to one with your supervisor to discuss and resolve, where possible.',
          'School staff: if you are unable to find a solution, request a three way meeting between your supervisor, line manager or the head teacher/ head of service (or in the instance that the head teacher is also the supervisor a governor) and you.',
          'Cluster staff: if the matter is not resolved, request a three way meeting between your supervisor, line manager /or if appropriate Cluster Chair or Targeted services leader.',
        ],
        fields: [
          {
            id: 'three-way-meeting',
            label: 'Who the three way meeting will be with',
            hint: 'For example the head teacher, a governor, the Cluster Chair or the Targeted services leader.',
            kind: 'text',
            required: true,
          },
        ],
      },
    ],
    signatureLabels: { supervisee: 'Supervisee signed', supervisor: 'Supervisor signed' },
  },
  terminology: { agreement: 'contract' },
  childIdentifiers: {
    id: 'names-required',
    source: at('Appendix 3'),
    catalogueRef: 'X16',
    note: 'Part A asks for "Family name:", "Children\'s names:" and "Ages:".',
    policy: 'names_required',
  },
  recordTransfer: {
    id: 'handover',
    source: at('A. Roles and Responsibility'),
    catalogueRef: 'R34',
    note: 'Where line management changes "a handover process is arranged between all parties concerned" (the handover rule); the records pass with it, no consent is asked for and nothing is redacted (A61).',
    consent: 'not_required',
    redaction: false,
  },
};
