/** The planning pages' words for the vocabulary's codes. */
import type {
  CancellationReason,
  SessionKind,
  SessionStatus,
} from '../../domain/policy/vocabulary.ts';

export const sessionKindLabels: Record<SessionKind, string> = {
  one_to_one: 'One-to-one supervision',
  unplanned: 'Unplanned supervision',
  group: 'Group supervision',
  group_learning: 'Group learning',
};

export const sessionStatusLabels: Record<SessionStatus, string> = {
  planned: 'Planned',
  held: 'Held',
  postponed: 'Postponed',
  cancelled: 'Cancelled',
  not_held: 'Not held',
};

/** GOV.UK tag colours for each status. */
export const sessionStatusColours: Record<SessionStatus, string> = {
  planned: 'govuk-tag--blue',
  held: 'govuk-tag--green',
  postponed: 'govuk-tag--yellow',
  cancelled: 'govuk-tag--grey',
  not_held: 'govuk-tag--red',
};

export const cancellationReasonLabels: Record<CancellationReason, string> = {
  supervisee_sickness: 'The supervisee is off sick',
  supervisee_absence: 'The supervisee is away for another reason (for example, maternity leave)',
  supervisee_annual_leave: 'The supervisee is on annual leave',
  supervisor_absence: 'The supervisor is away',
  emergency: 'An emergency (for example, a child’s safety)',
  other: 'Another reason',
};

export const obligationStateLabels: Record<string, string> = {
  due: 'Due',
  due_soon: 'Due soon',
  overdue: 'Overdue',
};

export const labels = {
  sessionKind: sessionKindLabels,
  sessionStatus: sessionStatusLabels,
  sessionStatusColour: sessionStatusColours,
  cancellationReason: cancellationReasonLabels,
  obligationState: obligationStateLabels,
};
