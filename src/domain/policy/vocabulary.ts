/**
 * The words policy packs and bundles share about children, records and sessions. Pack rules
 * match on these values and bundles are validated against them, so there is one list of each.
 */

/** A child's status episodes, as the case-management system reports them. */
export const childStatuses = [
  'early_help',
  'assessment',
  'child_in_need',
  'child_protection',
  'care_proceedings',
  'child_in_care',
  'long_term_matched',
  'short_breaks',
  'care_leaver',
  'adoption_support',
  'single_agency',
  'caf',
  'family_support',
  'de_escalated_from_social_care',
  'cause_for_concern',
] as const;
export type ChildStatus = (typeof childStatuses)[number];

/** Flags on a child, each with from/to dates. */
export const childFlags = [
  'most_concern',
  'long_standing_neglect',
  'unregulated_placement',
  'placement_stability_worries',
  'no_evolving_plan',
] as const;
export type ChildFlag = (typeof childFlags)[number];

/** The role of a worker allocated to a child. */
export const allocationRoles = ['key_worker', 'lead_professional', 'involved'] as const;
export type AllocationRole = (typeof allocationRoles)[number];

/** Kinds of supervision session. */
export const sessionKinds = ['one_to_one', 'unplanned', 'group', 'group_learning'] as const;
export type SessionKind = (typeof sessionKinds)[number];

export const sessionStatuses = ['planned', 'held', 'postponed', 'cancelled', 'not_held'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** Why a session did not go ahead; the packs' absence rules look at the supervisee's absence. */
export const cancellationReasons = [
  'supervisee_sickness',
  'supervisee_absence',
  'supervisee_annual_leave',
  'supervisor_absence',
  'emergency',
  'other',
] as const;
export type CancellationReason = (typeof cancellationReasons)[number];

/** Kinds of record (the note types of the seeds, named by content rather than by local label). */
export const recordKinds = [
  'personal_supervision',
  'case_supervision',
  'case_supervision_unplanned',
  'group_supervision',
  'group_learning',
  'direct_observation',
  'supervision_decision',
  'discussion_with_another_professional',
  'management_action',
  'management_oversight',
  'management_presence_at_taf',
  'informal_discussion',
  'case_summary',
  'pdr',
  'supervision_agreement',
  'agreement_review',
  'effectiveness_review',
  'handover_note',
] as const;
export type RecordKind = (typeof recordKinds)[number];

/** Steps in a record's life that can carry a deadline. */
export const recordingSteps = [
  'written',
  'shared',
  'signed',
  'on_child_record',
  'date_recorded',
] as const;
export type RecordingStep = (typeof recordingSteps)[number];

export const absenceKinds = ['annual_leave', 'sickness', 'maternity', 'other'] as const;
export type AbsenceKind = (typeof absenceKinds)[number];

/** Kinds of team, for rules that differ between family help and social work teams. */
export const teamTypes = ['family_help', 'social_work', 'school_cluster', 'other'] as const;
export type TeamType = (typeof teamTypes)[number];

/** Events recorded on a child that the engine cannot derive from statuses and allocations. */
export const childEventKinds = [
  'plan_progress_unclear',
  'panel_preparation',
  'step_up_considered',
  'threshold_change_considered',
  'decision_making_meeting',
  'significant_document_authorisation',
] as const;
export type ChildEventKind = (typeof childEventKinds)[number];

/** Every kind of obligation the compliance engine derives. */
export const obligationKinds = [
  'staff_supervision',
  'staff_supervision_rebook',
  'case_supervision',
  'event_supervision',
  'recording',
  'observation',
  'pdr',
  'group_attendance',
  'team_group_session',
  'agreement',
  'agreement_review',
  'effectiveness_review',
  'handover',
  'audit',
  'audit_feedback',
  'action',
] as const;
export type ObligationKind = (typeof obligationKinds)[number];
