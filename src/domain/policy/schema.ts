/**
 * The policy pack schema. A pack is declarative data: every rule names its source in a seed,
 * carries a note where a choice was made on an ambiguity, and can be overridden by rule id.
 * Types are inferred from the schema, so the schema is the one definition of a pack.
 */
import { z } from 'zod';
import { roleCategories, supervisoryRelationshipKinds } from '../organisation/vocabulary.ts';
import {
  absenceKinds,
  allocationRoles,
  cancellationReasons,
  childEventKinds,
  childFlags,
  childStatuses,
  recordingSteps,
  recordKinds,
  sessionKinds,
  teamTypes,
} from './vocabulary.ts';

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
export const isoDateSchema = z
  .string()
  .regex(isoDatePattern, { error: 'expected a date YYYY-MM-DD' });

export const periodSchema = z.strictObject({
  unit: z.enum(['days', 'working_days', 'weeks', 'months']),
  count: z.number().int().positive(),
});

export const yearBasisSchema = z.enum(['financial', 'calendar', 'rolling']);

export const sourceSchema = z.strictObject({
  seed: z.string().min(1),
  section: z.string().min(1),
});

const ruleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a rule id in kebab-case (a-z, 0-9, -)' });

/** Fields every rule carries. */
const ruleBase = {
  id: ruleId,
  source: sourceSchema,
  note: z.string().optional(),
  catalogueRef: z.string().optional(),
};

/** Which staff members a rule applies to; every given criterion must hold. */
export const staffMatchSchema = z.strictObject({
  roleCategories: z.array(z.enum(roleCategories)).min(1).optional(),
  notRoleCategories: z.array(z.enum(roleCategories)).min(1).optional(),
  caseHolding: z.boolean().optional(),
  /** True for line managers of case-holding staff (derived from relationships). */
  managesCaseHolders: z.boolean().optional(),
  /** True for anyone who supervises others (derived from relationships). */
  isSupervisor: z.boolean().optional(),
  /** Contracted hours a week: at least `atLeast`, below `below`. */
  contractedHours: z
    .strictObject({
      atLeast: z.number().nonnegative().optional(),
      below: z.number().positive().optional(),
    })
    .optional(),
  asye: z.boolean().optional(),
  studentOrApprentice: z.boolean().optional(),
  probation: z.boolean().optional(),
  teamTypes: z.array(z.enum(teamTypes)).min(1).optional(),
});

export const staffFrequencySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('calendar_month') }),
  z.strictObject({ kind: z.literal('every'), period: periodSchema }),
  z.strictObject({
    kind: z.literal('per_year'),
    count: z.number().int().positive(),
    basis: yearBasisSchema,
  }),
  z.strictObject({
    kind: z.literal('stepped'),
    since: z.enum(['asye_start', 'start_date', 'placement_start']),
    steps: z
      .array(
        z.strictObject({
          fromWeek: z.number().int().nonnegative(),
          toWeek: z.number().int().positive().optional(),
          every: periodSchema,
        }),
      )
      .min(1),
  }),
]);

export const staffSupervisionRuleSchema = z.strictObject({
  ...ruleBase,
  match: staffMatchSchema,
  frequency: staffFrequencySchema,
  minimumMinutes: z.number().int().positive().optional(),
  maximumMinutes: z.number().int().positive().optional(),
});

/** Conditions on a child (and the worker's allocation) for a case supervision rule. */
export const childMatchSchema = z.strictObject({
  /** Any of these statuses active. */
  statuses: z.array(z.enum(childStatuses)).min(1).optional(),
  /** None of these statuses active. */
  notStatuses: z.array(z.enum(childStatuses)).min(1).optional(),
  flags: z.array(z.enum(childFlags)).min(1).optional(),
  /** Unborn or under one year old. */
  age: z.enum(['unborn_or_under_1']).optional(),
  /** Open (since the child's involvement started) for longer than this. */
  openLongerThan: periodSchema.optional(),
  allocationRoles: z.array(z.enum(allocationRoles)).min(1).optional(),
});

export const caseSupervisionRuleSchema = z.strictObject({
  ...ruleBase,
  match: childMatchSchema,
  interval: periodSchema,
  /** First discussion due this long after the allocation. */
  firstWithin: periodSchema.optional(),
});

export const eventTriggerSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('involvement_start') }),
  z.strictObject({ on: z.literal('team_transfer') }),
  z.strictObject({ on: z.literal('closure') }),
  z.strictObject({
    on: z.literal('status_start'),
    statuses: z.array(z.enum(childStatuses)).min(1),
  }),
  z.strictObject({
    on: z.literal('status_duration'),
    statuses: z.array(z.enum(childStatuses)).min(1),
    after: periodSchema,
  }),
  z.strictObject({ on: z.literal('flag_start'), flags: z.array(z.enum(childFlags)).min(1) }),
  z.strictObject({ on: z.literal('event'), events: z.array(z.enum(childEventKinds)).min(1) }),
]);

export const eventRuleSchema = z.strictObject({
  ...ruleBase,
  trigger: eventTriggerSchema,
  /** Offset from the trigger date to the due date (e.g. day 8 of an assessment). */
  dueAfter: periodSchema.optional(),
  /** Offset from the trigger date to the window's opening; the trigger date when absent. */
  windowOpensAfter: periodSchema.optional(),
  /** The obligation lapses if the triggering status ended before the due date. */
  whileStatusActive: z.boolean().optional(),
  /** Teams of these types only. */
  teamTypes: z.array(z.enum(teamTypes)).min(1).optional(),
  /** Children without these flags only. */
  exceptFlags: z.array(z.enum(childFlags)).min(1).optional(),
  /** Record kinds that meet it; the pack's case supervision evidence when absent. */
  evidence: z.array(z.enum(recordKinds)).min(1).optional(),
});

export const recordingDeadlineSchema = z.strictObject({
  ...ruleBase,
  recordKinds: z.array(z.enum(recordKinds)).min(1),
  step: z.enum(recordingSteps),
  deadline: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('at_time') }),
    z.strictObject({ kind: z.literal('within'), period: periodSchema }),
  ]),
});

export const observationRuleSchema = z.strictObject({
  ...ruleBase,
  match: staffMatchSchema,
  count: z.number().int().positive(),
  basis: yearBasisSchema,
  /** At least this many by someone in one of these relationships to the observed person. */
  observedBy: z
    .strictObject({
      atLeast: z.number().int().positive(),
      relationships: z.array(z.enum(supervisoryRelationshipKinds)).min(1),
    })
    .optional(),
});

export const pdrRuleSchema = z.strictObject({
  ...ruleBase,
  match: staffMatchSchema,
  count: z.number().int().positive(),
  basis: yearBasisSchema,
});

export const groupRuleSchema = z.strictObject({
  ...ruleBase,
  /** 'attendee': each matching staff member attends; 'team': each team holds a session. */
  scope: z.enum(['attendee', 'team']),
  match: staffMatchSchema,
  sessionKinds: z.array(z.enum(sessionKinds)).min(1),
  frequency: staffFrequencySchema,
});

export const agreementRuleSchema = z.strictObject({
  ...ruleBase,
  /** An agreement at the start of each supervisory relationship. */
  atStart: z.boolean(),
  reviewEvery: periodSchema.optional(),
  onChangeOfSupervisor: z.boolean(),
  relationships: z.array(z.enum(supervisoryRelationshipKinds)).min(1),
});

/**
 * On a change of supervisor, a handover is owed: the outgoing supervisor (the incoming one if the
 * outgoing has left) arranges it and records it as a `handover_note` about the supervisee.
 */
export const handoverRuleSchema = z.strictObject({
  ...ruleBase,
  /** A new relationship of one of these kinds, after one with a different supervisor. */
  relationships: z.array(z.enum(supervisoryRelationshipKinds)).min(1),
  /** Due this long after the new relationship starts; no due date when absent. */
  dueAfter: periodSchema.optional(),
});

export const effectivenessReviewRuleSchema = z.strictObject({
  ...ruleBase,
  every: periodSchema,
  relationships: z.array(z.enum(supervisoryRelationshipKinds)).min(1),
});

export const absenceRuleSchema = z.strictObject({
  ...ruleBase,
  kinds: z.array(z.enum(absenceKinds)).min(1),
  /** A session cancelled because of the absence is held within this period of the return. */
  rebookWithin: periodSchema,
});

/**
 * Who does what around an absence, beside the rebooking deadlines of `absences`: who rebooks a
 * session the supervisee cancelled for these reasons (Durham 4.5: annual leave is the
 * practitioner's to reschedule), and cover when a unit's manager is away for more than `after`
 * (Durham 4.5: the manager's own line manager arranges the team's supervision).
 */
export const absenceArrangementSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...ruleBase,
    kind: z.literal('rebooked_by'),
    reasons: z.array(z.enum(cancellationReasons)).min(1),
    by: z.enum(['supervisee', 'supervisor']),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('manager_cover'),
    /** Absent for more than this (so 4 weeks and a day raises it, 4 weeks does not). */
    after: periodSchema,
    arrangedBy: z.literal('line_manager'),
  }),
]);

/** What an audit looks at: one supervision record, or a supervisee's whole supervision file. */
export const auditSubjects = ['supervision_records', 'supervision_files'] as const;

/**
 * Where a sample is drawn from: the units the auditor manages (and everything beneath them), the
 * other teams of the service their own team sits in (peer audit), or the organisation.
 */
export const samplePools = ['managed_units', 'other_teams_in_service', 'organisation'] as const;

export const auditRuleSchema = z.strictObject({
  ...ruleBase,
  auditor: staffMatchSchema,
  per: z.enum(['month', 'quarter', 'half_year', 'year']),
  /** The audit tool (an `auditTools` id) the auditor answers; the pack's first for the subject when absent. */
  tool: ruleId.optional(),
  subjects: z.discriminatedUnion('kind', [
    /** A quota of audits in each period. */
    z.strictObject({
      kind: z.literal('sample'),
      count: z.number().int().positive(),
      of: z.enum(auditSubjects),
      subjectRoles: z.array(z.enum(roleCategories)).min(1).optional(),
      /** Where the sample is drawn from; the units the auditor manages when absent. */
      pool: z.enum(samplePools).optional(),
      /**
       * Every eligible subject is seen within the year (financial): a draw picks first among
       * those not yet audited this year (Manchester 5.3: "all team managers files are seen").
       */
      coverAllWithinYear: z.boolean().optional(),
    }),
    /** Every direct report with one of these roles, once in each period. */
    z.strictObject({
      kind: z.literal('each_report'),
      subjectRoles: z.array(z.enum(roleCategories)).min(1),
    }),
  ]),
});

/** How an audit question is answered. */
export const auditAnswerKinds = ['yes_no', 'rag', 'grade', 'text'] as const;

const auditQuestionSchema = z.strictObject({
  id: ruleId,
  text: z.string().min(1),
  hint: z.string().optional(),
  answer: z.enum(auditAnswerKinds),
  /** yes_no: the answer that shows good practice ('yes' unless the question asks for a concern). */
  favourable: z.enum(['yes', 'no']).optional(),
  /** Asks for a note of findings and actions beside the answer (Manchester Appendix J). */
  findings: z.boolean().optional(),
  /** May be left unanswered when the audit is completed. */
  optional: z.boolean().optional(),
});

/**
 * An audit tool: sections (a dimension, a thread) of questions in the seed's words. `of` says
 * what it audits; `own_work` is a worker's self-assessment of their own pieces of work, ready a
 * set time before the supervision it is for (Manchester Appendix K).
 */
export const auditToolSchema = z.strictObject({
  ...ruleBase,
  name: z.string().min(1),
  purpose: z.string().optional(),
  /** What it can audit: records, files (or both), or a worker's own work alone. */
  of: z.array(z.enum([...auditSubjects, 'own_work'])).min(1),
  sections: z
    .array(
      z.strictObject({
        id: ruleId,
        heading: z.string().min(1),
        /** What the dimension means, in the seed's words. */
        meaning: z.string().optional(),
        /** Questions the auditor might consider, shown as prompts. */
        prompts: z.array(z.string().min(1)).optional(),
        questions: z.array(auditQuestionSchema).min(1),
      }),
    )
    .min(1),
  /** own_work: how many pieces of work are rated (2 in Manchester). */
  pieces: z.number().int().positive().optional(),
  /** own_work: how long before the supervision it must be ready. */
  readyBefore: periodSchema.optional(),
  /** Asks for actions (what, by whom, by when) when the audit is completed. */
  actions: z.boolean().optional(),
});

/** A question of the supervisees' feedback survey. */
const feedbackQuestionSchema = z.discriminatedUnion('answer', [
  z.strictObject({
    id: ruleId,
    text: z.string().min(1),
    hint: z.string().optional(),
    /** Strongly agree … strongly disagree. */
    answer: z.literal('agreement'),
  }),
  z.strictObject({
    id: ruleId,
    text: z.string().min(1),
    hint: z.string().optional(),
    /** Any of the options: the themes the report counts. */
    answer: z.literal('themes'),
    options: z.array(z.string().min(1)).min(2),
  }),
  z.strictObject({
    id: ruleId,
    text: z.string().min(1),
    hint: z.string().optional(),
    answer: z.literal('text'),
  }),
]);

/**
 * Supervisees' feedback on the supervision they receive: one response per supervisee and
 * supervisor in each round; results are shown only for groups of at least `minimumGroup`.
 */
export const feedbackSurveySchema = z.strictObject({
  ...ruleBase,
  title: z.string().min(1),
  /** One round each half year or each year (financial), when supervisees may respond. */
  every: z.enum(['half_year', 'year']),
  minimumGroup: z.number().int().min(2),
  questions: z.array(feedbackQuestionSchema).min(1),
});

export const feedbackDeadlineSchema = z.strictObject({
  ...ruleBase,
  after: z.enum(['audit_completed']),
  within: periodSchema,
});

export const evidenceRuleSchema = z.strictObject({
  ...ruleBase,
  countsTowards: z.enum([
    'staff_supervision',
    'case_supervision',
    'group_attendance',
    'observation',
    'pdr',
  ]),
  sessionKinds: z.array(z.enum(sessionKinds)).optional(),
  recordKinds: z.array(z.enum(recordKinds)).optional(),
});

export const retentionRuleSchema = z.strictObject({
  ...ruleBase,
  recordKinds: z.array(z.enum(recordKinds)).min(1),
  retention: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('after_record_date'), period: periodSchema }),
    z.strictObject({
      kind: z.literal('with_child_record'),
      /**
       * How long after the child's case closes the child's record (and so this record) is
       * kept: the organisation's own period, which no seed gives. Absent: kept (A60).
       */
      afterCaseClosed: periodSchema.optional(),
    }),
  ]),
});

/** Who signs a record, each from their own account. */
export const recordParties = ['supervisee', 'supervisor', 'observer', 'line_manager'] as const;

/**
 * What a field is for beyond its words: `actions` holds the actions agreed (what, who, by
 * when), tracked until done; `review_of_actions` the progress on open actions from earlier
 * supervision; `child_views` and `direct_work` are what the record-quality checks look for.
 */
export const templateFieldPurposes = [
  'actions',
  'review_of_actions',
  'child_views',
  'direct_work',
] as const;

const templateFieldSchema = z.strictObject({
  id: ruleId,
  label: z.string().min(1),
  type: z.enum(['text', 'date', 'signature', 'yes_no', 'rag', 'scale', 'table', 'choice']),
  hint: z.string().optional(),
  prompts: z.array(z.string()).optional(),
  options: z.array(z.string()).optional(),
  scale: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
  purpose: z.enum(templateFieldPurposes).optional(),
});

export const templateSchema = z.strictObject({
  ...ruleBase,
  recordKind: z.enum(recordKinds),
  title: z.string().min(1),
  /**
   * Title of a note, with tokens {supervisor}, {supervisorRole}, {supervisee}, {superviseeRole},
   * {child}, {date}; roles are the short forms (TM, SW).
   */
  headline: z.string().optional(),
  /** Who signs, each from their own account; by record kind when absent (docs/records.md). */
  signatories: z.array(z.enum(recordParties)).min(1).optional(),
  sections: z
    .array(
      z.strictObject({
        id: ruleId,
        heading: z.string().min(1),
        hint: z.string().optional(),
        prompts: z.array(z.string()).optional(),
        /** Whose words these are (Leeds Part A is the worker's); the record's author when absent. */
        completedBy: z.enum(['supervisee', 'supervisor', 'observer']).optional(),
        fields: z.array(templateFieldSchema).optional(),
      }),
    )
    .min(1),
});

/** Checks of a record's quality before it is shared (docs/records.md names each). */
export const recordQualityChecks = [
  'blank_sections',
  'bullets_or_dates_only',
  'copied_from_previous',
  'action_owner_and_date',
  'repeated_actions',
  'child_views',
  'child_names',
  'direct_work_examples',
] as const;

/**
 * A practice expectation of the pack's, checked on every record of these kinds. `must` stops a
 * record being shared until it is met; `warning` is shown to the writer and to auditors.
 */
export const recordQualityRuleSchema = z.strictObject({
  ...ruleBase,
  check: z.enum(recordQualityChecks),
  level: z.enum(['warning', 'must']),
  /** Every kind when absent. */
  recordKinds: z.array(z.enum(recordKinds)).min(1).optional(),
  /** How many are needed (direct_work_examples: 2 in Manchester). */
  min: z.number().int().positive().optional(),
});

/** A question of a supervision agreement, in the seed's words; answered by both parties. */
export const agreementFieldSchema = z.strictObject({
  id: ruleId,
  label: z.string().min(1),
  hint: z.string().optional(),
  /** text: one line; textarea: paragraphs; date: a GOV.UK date input; yes_no: two radios. */
  kind: z.enum(['text', 'textarea', 'date', 'yes_no']),
  /** Must be answered before the agreement is sent for signature (a draft may be incomplete). */
  required: z.boolean(),
});

/**
 * The agreement (contract) both parties sign at the start of a supervisory relationship. The
 * parties, their roles, the date and the signatures come from Oversight; `text` keeps the
 * seed's fixed words (principles, statements) that both sign up to.
 */
export const agreementTemplateSchema = z.strictObject({
  ...ruleBase,
  title: z.string().min(1),
  /** How the agreed one-to-one frequency is asked for, in the seed's words. */
  frequency: z.strictObject({ label: z.string().min(1), hint: z.string().optional() }).optional(),
  sections: z
    .array(
      z.strictObject({
        id: ruleId,
        heading: z.string().min(1),
        source: sourceSchema,
        catalogueRef: z.string().optional(),
        note: z.string().optional(),
        text: z.array(z.string().min(1)).optional(),
        fields: z.array(agreementFieldSchema),
      }),
    )
    .min(1),
  /** What each party confirms by signing, in the seed's words where it has them. */
  declaration: z.string().optional(),
  /** The seed's words beside each signature ("Signature of practitioner:"). */
  signatureLabels: z
    .strictObject({ supervisee: z.string().min(1), supervisor: z.string().min(1) })
    .optional(),
});

/**
 * What happens to a supervisee's personal records (personal supervision, observations, PDR) when
 * they have a new supervisor or line manager: passed on freely, or only once the supervisee
 * agrees (Durham 4.8, 4.9, 6.6); and whether the original supervisor's manager may redact
 * comments first (Durham 4.8: an overlay, the original kept). Case records follow the child's.
 * Absent: passed on without consent and never redacted.
 */
export const recordTransferSchema = z.strictObject({
  ...ruleBase,
  consent: z.enum(['required', 'not_required']),
  redaction: z.boolean(),
  /** What agreeing means, in the seed's words, shown to the supervisee who decides. */
  meaning: z.string().min(1).optional(),
});

export const childIdentifierPolicySchema = z.strictObject({
  ...ruleBase,
  policy: z.enum(['names_forbidden', 'ids_only', 'names_required']),
});

export const policyPackSchema = z.strictObject({
  id: ruleId,
  name: z.string().min(1),
  version: z.string().min(1),
  authority: z.string().min(1),
  seed: z.string().min(1),
  description: z.string().optional(),
  /** How far ahead of its due date an obligation is 'due soon'. */
  dueSoonLead: periodSchema,
  staffSupervision: z.array(staffSupervisionRuleSchema),
  caseSupervision: z.array(caseSupervisionRuleSchema),
  eventTriggers: z.array(eventRuleSchema),
  recordingDeadlines: z.array(recordingDeadlineSchema),
  observations: z.array(observationRuleSchema),
  pdr: z.array(pdrRuleSchema),
  groupExpectations: z.array(groupRuleSchema),
  agreements: z.array(agreementRuleSchema),
  /** Optional, so packs and overrides written before it stay valid. */
  handovers: z.array(handoverRuleSchema).optional(),
  effectivenessReviews: z.array(effectivenessReviewRuleSchema),
  absences: z.array(absenceRuleSchema),
  /** Optional, like `handovers`: read as `pack.absenceArrangements ?? []`. */
  absenceArrangements: z.array(absenceArrangementSchema).optional(),
  audits: z.array(auditRuleSchema),
  /** Optional, like `handovers`: read as `pack.auditTools ?? []`. */
  auditTools: z.array(auditToolSchema).optional(),
  /** Supervisees' feedback survey; none when absent. */
  feedbackSurvey: feedbackSurveySchema.optional(),
  feedbackDeadlines: z.array(feedbackDeadlineSchema),
  evidence: z.array(evidenceRuleSchema),
  retention: z.array(retentionRuleSchema),
  templates: z.array(templateSchema),
  /** Optional, like `handovers`; Oversight's own checks apply as warnings where a pack is silent. */
  recordQuality: z.array(recordQualityRuleSchema).optional(),
  /** The pack's supervision agreement form; a generic one is used when absent. */
  agreementTemplate: agreementTemplateSchema.optional(),
  terminology: z.record(z.string(), z.string()),
  childIdentifiers: childIdentifierPolicySchema.optional(),
  /** Records on a change of supervisor; passed on without consent or redaction when absent. */
  recordTransfer: recordTransferSchema.optional(),
});

export type PolicyPack = z.infer<typeof policyPackSchema>;
export type StaffMatch = z.infer<typeof staffMatchSchema>;
export type StaffFrequency = z.infer<typeof staffFrequencySchema>;
export type StaffSupervisionRule = z.infer<typeof staffSupervisionRuleSchema>;
export type ChildMatch = z.infer<typeof childMatchSchema>;
export type CaseSupervisionRule = z.infer<typeof caseSupervisionRuleSchema>;
export type EventRule = z.infer<typeof eventRuleSchema>;
export type RecordingDeadline = z.infer<typeof recordingDeadlineSchema>;
export type ObservationRule = z.infer<typeof observationRuleSchema>;
export type PdrRule = z.infer<typeof pdrRuleSchema>;
export type GroupRule = z.infer<typeof groupRuleSchema>;
export type AgreementRule = z.infer<typeof agreementRuleSchema>;
export type HandoverRule = z.infer<typeof handoverRuleSchema>;
export type EffectivenessReviewRule = z.infer<typeof effectivenessReviewRuleSchema>;
export type AbsenceRule = z.infer<typeof absenceRuleSchema>;
export type AbsenceArrangement = z.infer<typeof absenceArrangementSchema>;
export type AuditRule = z.infer<typeof auditRuleSchema>;
export type FeedbackDeadline = z.infer<typeof feedbackDeadlineSchema>;
export type AuditTool = z.infer<typeof auditToolSchema>;
export type AuditToolSection = AuditTool['sections'][number];
export type AuditQuestion = AuditToolSection['questions'][number];
export type AuditAnswerKind = (typeof auditAnswerKinds)[number];
export type AuditSubject = (typeof auditSubjects)[number];
export type SamplePool = (typeof samplePools)[number];
export type FeedbackSurvey = z.infer<typeof feedbackSurveySchema>;
export type FeedbackQuestion = FeedbackSurvey['questions'][number];
export type EvidenceRule = z.infer<typeof evidenceRuleSchema>;
export type RetentionRule = z.infer<typeof retentionRuleSchema>;
export type Template = z.infer<typeof templateSchema>;
export type TemplateSection = Template['sections'][number];
export type TemplateField = NonNullable<TemplateSection['fields']>[number];
export type RecordParty = (typeof recordParties)[number];
export type RecordQualityCheck = (typeof recordQualityChecks)[number];
export type RecordQualityRule = z.infer<typeof recordQualityRuleSchema>;
export type AgreementTemplate = z.infer<typeof agreementTemplateSchema>;
export type AgreementField = z.infer<typeof agreementFieldSchema>;
export type RuleSource = z.infer<typeof sourceSchema>;
export type RecordTransferRule = z.infer<typeof recordTransferSchema>;

/**
 * The rule lists of a pack, each an array of rules with ids (the units overrides merge on).
 * `handovers` may be absent: read a list as `pack[key] ?? []`.
 */
export const ruleListKeys = [
  'staffSupervision',
  'caseSupervision',
  'eventTriggers',
  'recordingDeadlines',
  'observations',
  'pdr',
  'groupExpectations',
  'agreements',
  'handovers',
  'effectivenessReviews',
  'absences',
  'absenceArrangements',
  'audits',
  'auditTools',
  'feedbackDeadlines',
  'evidence',
  'retention',
  'templates',
  'recordQuality',
] as const satisfies readonly (keyof PolicyPack)[];
