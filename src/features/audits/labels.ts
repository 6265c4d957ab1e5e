/** Words the audit pages show for codes. */
import { roleCategoryLabels } from '../../domain/organisation/vocabulary.ts';
import type { AuditRule, AuditSubject, SamplePool } from '../../domain/policy/schema.ts';
import { type AuditStatus, auditStatusLabels } from '../../domain/quality/workflow.ts';
import { labels as recordLabels } from '../records/labels.ts';

/** GOV.UK tag colours: grey to start, blue under way, yellow waiting for feedback, green closed. */
const statusTag: Record<AuditStatus, string> = {
  assigned: 'govuk-tag--grey',
  in_progress: 'govuk-tag--blue',
  completed: 'govuk-tag--yellow',
  feedback_given: 'govuk-tag--green',
};

const subject: Record<AuditSubject, { one: string; many: string }> = {
  supervision_records: { one: 'supervision record', many: 'supervision records' },
  supervision_files: { one: 'supervision file', many: 'supervision files' },
};

const per: Record<AuditRule['per'], string> = {
  month: 'each month',
  quarter: 'each quarter (April, July, October, January)',
  half_year: 'each half year (April to September, October to March)',
  year: 'each financial year (April to March)',
};

const pool: Record<SamplePool, string> = {
  managed_units: 'from the teams the auditor manages',
  other_teams_in_service: 'from the other teams of the auditor’s service',
  organisation: 'from across the organisation',
};

export const labels = {
  status: auditStatusLabels,
  statusTag,
  subject,
  per,
  pool,
  kind: recordLabels.kind,
  roleCategory: roleCategoryLabels,
  outcome: { open: 'Open', completed: 'Completed', dropped: 'Dropped' },
};
