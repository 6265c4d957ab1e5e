/** The words dashboards use for states and kinds of obligation. */
import type { ObligationState } from '../../domain/compliance/index.ts';
import type { StatusState } from '../../domain/dashboards/index.ts';
import type { ObligationKind } from '../../domain/policy/vocabulary.ts';

export const statusLabels: Record<StatusState, { text: string; classes: string }> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--orange' },
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  up_to_date: { text: 'Up to date', classes: 'govuk-tag--green' },
  no_rule: { text: 'No rule', classes: 'govuk-tag--grey' },
};

export const stateLabels: Record<ObligationState, { text: string; classes: string }> = {
  met: { text: 'Met', classes: 'govuk-tag--green' },
  met_late: { text: 'Met late', classes: 'govuk-tag--yellow' },
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--orange' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  not_applicable: { text: 'Not applicable', classes: 'govuk-tag--grey' },
  waived: { text: 'Waived', classes: 'govuk-tag--grey' },
};

export const kindLabels: Record<ObligationKind, string> = {
  staff_supervision: 'Supervision',
  staff_supervision_rebook: 'Supervision rebooked after absence',
  case_supervision: 'Case supervision',
  event_supervision: 'Case supervision after an event',
  recording: 'Recording deadline',
  observation: 'Observation of practice',
  pdr: 'Appraisal (PDR)',
  group_attendance: 'Group supervision attendance',
  team_group_session: 'Team group session',
  agreement: 'Supervision agreement',
  agreement_review: 'Agreement review',
  effectiveness_review: 'Effectiveness review',
  handover: 'Handover',
  audit: 'Audit',
  audit_feedback: 'Audit feedback',
  action: 'Action',
};
