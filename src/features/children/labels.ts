import type {
  AllocationRole,
  ChildEventKind,
  ChildFlag,
  ChildStatus,
} from '../../domain/policy/vocabulary.ts';

/** The words people read for the register's vocabulary; a Record so none can be missed. */

export const statusLabels: Record<ChildStatus, string> = {
  early_help: 'Early help',
  assessment: 'Assessment',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  care_proceedings: 'Care proceedings',
  child_in_care: 'Child in care',
  long_term_matched: 'Long-term matched',
  short_breaks: 'Short breaks',
  care_leaver: 'Care leaver',
  adoption_support: 'Adoption support',
  single_agency: 'Single agency',
  caf: 'Common assessment framework (CAF)',
  family_support: 'Family support',
  de_escalated_from_social_care: 'De-escalated from social care',
  cause_for_concern: 'Cause for concern',
};

export const flagLabels: Record<ChildFlag, string> = {
  most_concern: 'Most concern',
  long_standing_neglect: 'Long-standing neglect',
  unregulated_placement: 'Unregulated placement',
  placement_stability_worries: 'Worries about placement stability',
  no_evolving_plan: 'No evolving plan',
};

export const roleLabels: Record<AllocationRole, string> = {
  key_worker: 'Key worker',
  lead_professional: 'Lead professional',
  involved: 'Involved',
};

export const eventLabels: Record<ChildEventKind, string> = {
  plan_progress_unclear: 'Progress of the plan unclear',
  panel_preparation: 'Preparing for panel',
  step_up_considered: 'Step up considered',
  threshold_change_considered: 'Change of threshold considered',
  decision_making_meeting: 'Decision-making meeting',
  significant_document_authorisation: 'Significant document authorised',
};

/** A label for a value an import may have brought in before the vocabulary knew it. */
export function labelOf(labels: Record<string, string>, value: string): string {
  return labels[value] ?? value.replaceAll('_', ' ');
}
