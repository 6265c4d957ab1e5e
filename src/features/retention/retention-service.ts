/**
 * Retention runs and legal holds (docs/retention-and-subject-access.md). A dry run lists what
 * the organisation's pack makes due; confirming that dry run deletes exactly that list, or
 * nothing if the due set has moved since. The web pages and the CLI share this service.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { ConfirmOutcome } from '../../data-access/retention-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import {
  type HoldSubject,
  type LiveHold,
  type RetentionCandidate,
  type RetentionPlan,
  retentionPlan,
} from '../../domain/retention/plan.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { FormErrors, type FormValues, isUuid, readText } from '../../web/forms.ts';
import { notAllowed } from '../../web/http-errors.ts';

/** Who asks: a signed-in administrator (actor given) or the operator at the command line. */
export type RetentionCaller = {
  organisationId: string;
  userId: string | null;
  actor?: Actor | undefined;
  requestId?: string | undefined;
};

export const holdSubjectKinds = [
  { value: 'staff', text: 'A staff member', hint: 'Everything about them or by them' },
  { value: 'child', text: 'A child', hint: 'Every record that names them' },
  { value: 'record', text: 'One record' },
] as const;

export const noPeriodReasons: Record<string, string> = {
  no_rule: 'No retention period set: the policy pack has no rule for these records',
  no_period_for_child_record:
    'No retention period set: kept with the child’s record, and the organisation has set no period for that',
  no_child_record: 'No retention period set: kept with the child’s record, but it names no child',
};

const maxReason = 2000;

/** A dry run dated after today would make records due early, and confirming it delete them. */
export class FutureAsOfError extends Error {
  constructor(
    readonly asOf: IsoDate,
    readonly today: IsoDate,
  ) {
    super(`a retention run cannot be as of ${asOf}, later than today (${today})`);
    this.name = 'FutureAsOfError';
  }
}

export function retentionService(repos: Repositories, { today }: { today: () => IsoDate }) {
  const repo = repos.retention;

  function check(caller: RetentionCaller) {
    if (caller.actor && !can(caller.actor, 'edit', { type: 'retention' })) throw notAllowed();
  }
  const audit = (caller: RetentionCaller, action: string) => ({
    actorUserId: caller.userId as string,
    action,
    requestId: caller.requestId,
  });

  async function planner(organisationId: string, asOf: IsoDate) {
    const { pack, calendar } = await storedPolicy(repos, organisationId);
    return {
      policy: pack.id,
      plan: (input: { records: RetentionCandidate[]; holds: LiveHold[] }): RetentionPlan =>
        retentionPlan(pack.retention, input.records, input.holds, asOf, (date, period) =>
          calendar.addPeriod(date, period),
        ),
    };
  }

  return {
    /** Makes and stores a dry run as of today (or an earlier `asOf`): nothing is deleted. */
    async dryRun(caller: RetentionCaller, asOf: IsoDate = today()) {
      check(caller);
      if (asOf > today()) throw new FutureAsOfError(asOf, today());
      const { policy, plan } = await planner(caller.organisationId, asOf);
      const result = plan(await repo.planInput(caller.organisationId));
      const id = await repo.saveDryRun(
        caller.organisationId,
        result,
        policy,
        audit(caller, 'retention.dry_run'),
      );
      return { id, policy, plan: result };
    },

    /** Deletes what the dry run listed, if the due set is unchanged. */
    async confirm(caller: RetentionCaller, runId: string): Promise<ConfirmOutcome> {
      check(caller);
      if (!isUuid(runId)) return { outcome: 'not_found' };
      const run = await repo.findRun(caller.organisationId, runId);
      if (!run) return { outcome: 'not_found' };
      const { plan } = await planner(caller.organisationId, run.asOf);
      return repo.confirm(caller.organisationId, runId, plan, audit(caller, 'retention.run'));
    },

    async run(caller: RetentionCaller, id: string) {
      check(caller);
      return isUuid(id) ? repo.findRun(caller.organisationId, id) : undefined;
    },

    async overview(caller: RetentionCaller) {
      check(caller);
      const [runs, holds] = await Promise.all([
        repo.listRuns(caller.organisationId),
        repo.listHolds(caller.organisationId),
      ]);
      return { runs, holds };
    },

    /** Places a hold from the form, or says what is wrong with it. */
    async placeHold(caller: RetentionCaller, form: FormValues) {
      check(caller);
      const errors = new FormErrors();
      const kind = form.subjectKind;
      if (!holdSubjectKinds.some((k) => k.value === kind))
        errors.add('subjectKind', 'Select what the hold is on');
      const id = readText(form, errors, 'subjectId', 'Id', {
        required: 'Enter the id of the staff member, child or record',
        max: 36,
      });
      if (id && !errors.has('subjectKind')) {
        const subject = { kind, id } as HoldSubject;
        if (!isUuid(id) || !(await repo.subjectExists(caller.organisationId, subject)))
          errors.add('subjectId', `Enter the id of one of your organisation’s ${kindWords(kind)}`);
      }
      const reason = readText(form, errors, 'reason', 'Reason', {
        required: 'Enter the reason for the hold',
        max: maxReason,
      });
      if (errors.any || !id || !reason) return { outcome: 'invalid' as const, errors };
      const holdId = await repo.placeHold(
        caller.organisationId,
        { kind, id } as HoldSubject,
        reason,
        audit(caller, 'legal_hold.place'),
      );
      return { outcome: 'placed' as const, id: holdId };
    },

    async releaseHold(caller: RetentionCaller, holdId: string, form: FormValues) {
      check(caller);
      const errors = new FormErrors();
      const reason = readText(form, errors, 'releaseReason', 'Reason', {
        required: 'Enter why the hold is released',
        max: maxReason,
      });
      if (!reason) return { outcome: 'invalid' as const, errors };
      const released =
        isUuid(holdId) &&
        (await repo.releaseHold(
          caller.organisationId,
          holdId,
          reason,
          audit(caller, 'legal_hold.release'),
        ));
      return released ? { outcome: 'released' as const } : { outcome: 'not_found' as const };
    },
  };
}

function kindWords(kind: string | undefined) {
  return kind === 'staff' ? 'staff members' : kind === 'child' ? 'children' : 'records';
}

export type RetentionService = ReturnType<typeof retentionService>;
