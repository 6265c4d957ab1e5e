/** Words the agreement pages show for statuses, parties and kinds of relationship. */
import type { AgreementStatus } from '../../domain/agreements/index.ts';
import { relationshipKindLabels } from '../staff/labels.ts';

export const statusLabels: Record<AgreementStatus, string> = {
  draft: 'Draft',
  awaiting_signatures: 'Awaiting signatures',
  signed: 'Signed',
  superseded: 'Superseded',
};

/** GOV.UK tag colours: grey for what is not in force, yellow for waiting, green for in force. */
export const statusTagClasses: Record<AgreementStatus, string> = {
  draft: 'govuk-tag--grey',
  awaiting_signatures: 'govuk-tag--yellow',
  signed: 'govuk-tag--green',
  superseded: 'govuk-tag--grey',
};

export const unitLabels = { days: 'Days', weeks: 'Weeks', months: 'Months' } as const;

export const labels = {
  status: statusLabels,
  statusTag: statusTagClasses,
  relationshipKind: relationshipKindLabels,
  unit: unitLabels,
};
