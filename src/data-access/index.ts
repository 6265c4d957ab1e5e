import type pg from 'pg';
import { absenceRepository } from './absence-repository.ts';
import { accessGrantRepository } from './access-grant-repository.ts';
import { accessRepository } from './access-repository.ts';
import { agreementRepository } from './agreement-repository.ts';
import { apiTokenRepository } from './api-token-repository.ts';
import { auditLogReader } from './audit-log-reader.ts';
import { type AuditEntry, appendAuditEvent } from './audit-log-repository.ts';
import { calendarFeedRepository } from './calendar-feed-repository.ts';
import { childRecordRepository } from './child-record-repository.ts';
import { childRepository } from './child-repository.ts';
import { complianceRepository } from './compliance-repository.ts';
import { emailRepository } from './email-repository.ts';
import { importJobRepository } from './import-job-repository.ts';
import { jobRepository } from './job-repository.ts';
import { notificationRepository } from './notification-repository.ts';
import { oidcLoginStateRepository } from './oidc-login-state-repository.ts';
import { orgUnitRepository } from './org-unit-repository.ts';
import { organisationDataRepository } from './organisation-data-repository.ts';
import { organisationRepository } from './organisation-repository.ts';
import { policyVersionRepository } from './policy-version-repository.ts';
import { qualityAuditRepository } from './quality-audit-repository.ts';
import { qualityReportRepository } from './quality-report-repository.ts';
import { recordRepository } from './record-repository.ts';
import { recordTransferRepository } from './record-transfer-repository.ts';
import { relationshipRepository } from './relationship-repository.ts';
import { retentionRepository } from './retention-repository.ts';
import { selfAssessmentRepository } from './self-assessment-repository.ts';
import { sessionRepository } from './session-repository.ts';
import { signInThrottleRepository } from './sign-in-throttle-repository.ts';
import { staffRepository } from './staff-repository.ts';
import { subjectAccessRepository } from './subject-access-repository.ts';
import { supervisionFeedbackRepository } from './supervision-feedback-repository.ts';
import { supervisionSessionRepository } from './supervision-session-repository.ts';
import { syncRunRepository } from './sync-run-repository.ts';
import { userRepository } from './user-repository.ts';

/** Every repository over one pool; services receive this, tests can hand in others. */
export function repositories(pool: pg.Pool) {
  return {
    pool,
    access: accessRepository(pool),
    accessGrants: accessGrantRepository(pool),
    users: userRepository(pool),
    sessions: sessionRepository(pool),
    oidcLoginStates: oidcLoginStateRepository(pool),
    signInThrottle: signInThrottleRepository(pool),
    apiTokens: apiTokenRepository(pool),
    organisations: organisationRepository(pool),
    organisationData: organisationDataRepository(pool),
    policyVersions: policyVersionRepository(pool),
    compliance: complianceRepository(pool),
    importJobs: importJobRepository(pool),
    syncRuns: syncRunRepository(pool),
    staff: staffRepository(pool),
    children: childRepository(pool),
    orgUnits: orgUnitRepository(pool),
    absences: absenceRepository(pool),
    relationships: relationshipRepository(pool),
    supervisionSessions: supervisionSessionRepository(pool),
    agreements: agreementRepository(pool),
    records: recordRepository(pool),
    childRecord: childRecordRepository(pool),
    recordTransfer: recordTransferRepository(pool),
    qualityAudits: qualityAuditRepository(pool),
    jobs: jobRepository(pool),
    notifications: notificationRepository(pool),
    emails: emailRepository(pool),
    calendarFeeds: calendarFeedRepository(pool),
    qualityReport: qualityReportRepository(pool),
    supervisionFeedback: supervisionFeedbackRepository(pool),
    selfAssessments: selfAssessmentRepository(pool),
    retention: retentionRepository(pool),
    subjectAccess: subjectAccessRepository(pool),
    auditLog: { append: (entry: AuditEntry) => appendAuditEvent(pool, entry) },
    auditTrail: auditLogReader(pool),
    /** Resolves when the database answers: for the health check. */
    ping: async () => {
      await pool.query('SELECT 1');
    },
  };
}
export type Repositories = ReturnType<typeof repositories>;
