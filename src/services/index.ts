import type { Config } from '../config.ts';
import type { Repositories } from '../data-access/index.ts';
import { isoDateAt } from '../domain/calendar/iso-date.ts';
import { accessGrantService } from '../features/access-grants/access-grant-service.ts';
import { agreementService } from '../features/agreements/agreement-service.ts';
import { auditLogService } from '../features/audit-log/audit-log-service.ts';
import { auditToolService } from '../features/audit-tools/audit-tool-service.ts';
import { auditService } from '../features/audits/audit-service.ts';
import { samplingService } from '../features/audits/sampling-service.ts';
import { childRecordJobs } from '../features/child-record/child-record-jobs.ts';
import { childRecordService } from '../features/child-record/child-record-service.ts';
import { childSyncService } from '../features/child-sync/child-sync-service.ts';
import { childrenService } from '../features/children/children-service.ts';
import { dashboardService } from '../features/dashboards/dashboard-service.ts';
import { homeService } from '../features/home/home-service.ts';
import { notificationServices } from '../features/notifications/notification-services.ts';
import { organisationService } from '../features/organisation/organisation-service.ts';
import { importJobs } from '../features/organisation-import/import-jobs.ts';
import { planningServices } from '../features/planning/planning-services.ts';
import { policyPagesService } from '../features/policy/policy-pages-service.ts';
import { qualityReportService } from '../features/quality-report/quality-report-service.ts';
import { recordService } from '../features/records/record-service.ts';
import { reportService } from '../features/reports/report-service.ts';
import { retentionService } from '../features/retention/retention-service.ts';
import { selfAssessmentService } from '../features/self-assessment/self-assessment-service.ts';
import { absenceService } from '../features/staff/absence-service.ts';
import { staffService } from '../features/staff/staff-service.ts';
import { supervisionService } from '../features/staff/supervision-service.ts';
import { subjectAccessService } from '../features/subject-access/subject-access-service.ts';
import { feedbackService } from '../features/supervision-feedback/feedback-service.ts';
import { accessService } from './access-service.ts';
import { authService, type Clock } from './auth-service.ts';
import { complianceService } from './compliance-service.ts';
import { importService } from './import/import-service.ts';

/** Builds every application service from the repositories; adapters receive the result. */
export function services(
  repos: Repositories,
  config: Pick<
    Config,
    | 'sessionIdleMs'
    | 'sessionAbsoluteMs'
    | 'smtpUrl'
    | 'mailFrom'
    | 'baseUrl'
    | 'complianceSnapshotMs'
  > &
    Partial<Pick<Config, 'syncInboxDir' | 'env' | 'childRecordAllowPrivateWebhooks'>>,
  clock: Clock = () => new Date(),
) {
  const today = () => isoDateAt(clock());
  const imports = importService(repos);
  // One instance: it holds the organisation-wide snapshots.
  const childRecordWork = childRecordJobs(repos, {
    baseUrl: config.baseUrl,
    clock,
    allowPrivateWebhooks: config.childRecordAllowPrivateWebhooks ?? false,
  });
  const compliance = complianceService(repos, { clock, snapshotMs: config.complianceSnapshotMs });
  const planning = planningServices(repos, { clock, compliance });
  return {
    repos,
    access: accessService(repos),
    accessGrants: accessGrantService(repos, { clock }),
    auditLog: auditLogService(repos),
    auth: authService(
      repos,
      { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs },
      clock,
    ),
    home: homeService(repos, today, compliance),
    organisation: organisationService(repos, { today }),
    staff: staffService(repos, { today }),
    absences: absenceService(repos),
    supervision: supervisionService(repos, { today, compliance }),
    agreements: agreementService(repos, { clock }),
    children: childrenService(repos, today),
    compliance,
    dashboards: dashboardService(repos, compliance),
    imports,
    importJobs: importJobs(repos, imports),
    childSync: childSyncService(repos, imports, { clock, inboxDir: config.syncInboxDir }),
    planning,
    records: recordService(repos, { sessions: planning.sessions }),
    audits: auditService(repos, { clock }),
    sampling: samplingService(repos, { clock }),
    reports: reportService(repos, compliance, { today }),
    // Its own handle on the feedback results (the service holds no state).
    qualityReport: qualityReportService(repos, {
      compliance,
      feedback: feedbackService(repos, { sessions: planning.sessions }),
      today,
    }),
    auditTools: auditToolService(repos, { today, clock }),
    feedback: feedbackService(repos, { sessions: planning.sessions }),
    selfAssessments: selfAssessmentService(repos, { sessions: planning.sessions }),
    retention: retentionService(repos, { today }),
    policyPages: policyPagesService(repos, { clock, today, compliance }),
    subjectAccess: subjectAccessService(repos, { clock }),
    childRecord: childRecordService(repos, {
      clock,
      sessions: planning.sessions,
      baseUrl: config.baseUrl,
      allowPrivateWebhooks: config.childRecordAllowPrivateWebhooks ?? false,
    }),
    // notifications, calendarFeeds, jobs (the child's record deliveries run on the same queue)
    ...notificationServices(
      repos,
      config,
      clock,
      compliance,
      childRecordWork.handlers,
      childRecordWork.schedule,
    ),
  };
}
export type Services = ReturnType<typeof services>;
