/**
 * The demo council's own quality-assurance framework, as overrides on its pack: the systemic
 * pack's seed refers audits to a separate QA Framework (001 section 5), so the demo writes one,
 * borrowing the seeds' tools. It shows how a council adds sampling plans without code.
 */
import { peerAuditTool, tenDimensions } from '../../domain/policy/packs/quality-tools.ts';

const source = { seed: 'Northshire quality assurance framework', section: 'Dip sampling' };

export const demoQualityOverrides = {
  auditTools: [tenDimensions, peerAuditTool],
  audits: [
    {
      id: 'qa-record-dip-sample',
      source,
      note: 'Senior managers dip-sample 2 supervision records of practitioners a month, across the service.',
      auditor: { roleCategories: ['senior_manager'] },
      per: 'month',
      tool: 'ten-dimensions',
      subjects: {
        kind: 'sample',
        count: 2,
        of: 'supervision_records',
        subjectRoles: ['social_worker', 'senior_practitioner', 'family_help_worker'],
        pool: 'organisation',
      },
    },
    {
      id: 'ops-manager-file-audit',
      source,
      note: 'Operations managers audit 1 supervision file in their area each quarter, every worker within the year where they can.',
      auditor: { roleCategories: ['operations_manager'] },
      per: 'quarter',
      tool: 'peer-audit',
      subjects: {
        kind: 'sample',
        count: 1,
        of: 'supervision_files',
        coverAllWithinYear: true,
      },
    },
  ],
  feedbackDeadlines: [
    {
      id: 'audit-feedback-5-wd',
      source,
      after: 'audit_completed',
      within: { unit: 'working_days', count: 5 },
    },
  ],
};
