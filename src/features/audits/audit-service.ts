/**
 * Audits as the pages use them: the caller's own, those fed back to them, and (for quality
 * assurance) all; one audit on the tool it was assigned with, saved as it goes (each save
 * carries the revision it was read at), completed with a summary and actions, and closed by
 * recording the feedback given, against the pack's deadline in working days.
 */

import type { Repositories } from '../../data-access/index.ts';
import type { NewAction, StoredAudit } from '../../data-access/quality-audit-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, type Resource } from '../../domain/access/can.ts';
import { describePeriod, isoDateAt } from '../../domain/calendar/index.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { CalendarPort } from '../../domain/compliance/types.ts';
import type { AuditTool, PolicyPack } from '../../domain/policy/schema.ts';
import {
  type AuditAnswers,
  answerField,
  answerLabel,
  answerOptions,
  findingsField,
  readAuditForm,
} from '../../domain/quality/answers.ts';
import {
  auditStatuses,
  completionProblems,
  feedbackProblems,
  isAnswerable,
} from '../../domain/quality/workflow.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import {
  dateToForm,
  FormErrors,
  type FormValues,
  isUuid,
  parseDate,
  readDate,
  readText,
} from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { recordResource } from '../records/record-access.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

/** Blank rows the completion offers for actions, and the most a form may send. */
export const blankActionRows = 3;
const maxActionRows = 10;

export const staleMessage =
  'Someone saved this audit after you opened it. Your answers are below as you left them: check them and save again';

export type FormOutcome =
  | { outcome: 'saved' }
  | { outcome: 'invalid'; errors: FormErrors }
  /** The audit moved on since the form was read: the form is shown again as typed. */
  | { outcome: 'conflict' };

export function auditResource(audit: StoredAudit): Resource {
  return {
    type: 'quality_audit',
    auditorId: audit.auditor.id,
    feedbackToId: audit.feedbackTo?.id,
    subjectStaffId: audit.subject?.id,
    status: audit.status,
  };
}

/** The form as the stored audit fills it. */
export function auditToForm(audit: StoredAudit, tool: AuditTool): FormValues {
  const values: FormValues = {
    revision: String(audit.revision),
    summary: audit.summary ?? '',
    'action-count': String(blankActionRows),
    ...dateToForm('nextAuditOn', audit.nextAuditOn),
  };
  for (const section of tool.sections)
    for (const question of section.questions) {
      const saved = audit.answers[section.id]?.[question.id];
      if (saved?.answer !== undefined) values[answerField(section.id, question.id)] = saved.answer;
      if (saved?.findings !== undefined)
        values[findingsField(section.id, question.id)] = saved.findings;
    }
  return values;
}

/** Whether any action row of the form has something typed in it. */
export function hasTypedActions(form: FormValues): boolean {
  return Object.entries(form).some(
    ([key, value]) =>
      /^action-\d+-(description|ownerId|dueOn-(day|month|year))$/.test(key) && value !== '',
  );
}

export function auditService(repos: Repositories, { clock }: { clock: () => Date }) {
  const audits = repos.qualityAudits;
  const today = () => isoDateAt(clock());

  const policyOf = (organisationId: string) => storedPolicy(repos, organisationId);

  /** An audit this person may see or work on (404 for anything of another organisation). */
  async function load(caller: Caller, id: string, action: 'view' | 'edit') {
    const audit = isUuid(id) ? await audits.find(caller.user.organisationId, id) : undefined;
    if (!audit) throw notFound();
    if (!can(caller.actor, action, auditResource(audit))) throw notAllowed();
    return audit;
  }

  const change = (caller: Caller, action: string, detail: Record<string, unknown> = {}) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
    detail,
  });

  /** Who an action may be given to: the supervisor, the supervisee, the auditor. */
  function owners(audit: StoredAudit) {
    const people = [audit.feedbackTo, audit.subject, audit.auditor].filter(
      (p): p is { id: string; name: string } => p !== null,
    );
    return [...new Map(people.map((p) => [p.id, p])).values()];
  }

  /** The pack's deadline for feedback after completion, and where this audit stands on it. */
  function feedbackDeadline(pack: PolicyPack, calendar: CalendarPort, audit: StoredAudit) {
    const rule = pack.feedbackDeadlines.find((r) => r.after === 'audit_completed');
    if (!rule) return undefined;
    const within = `within ${describePeriod(rule.within)} of completing the audit`;
    if (!audit.completedOn) return { within, dueOn: undefined, state: 'not_started' as const };
    const dueOn = calendar.addPeriod(audit.completedOn, rule.within);
    const state = audit.feedbackOn
      ? audit.feedbackOn <= dueOn
        ? ('met' as const)
        : ('late' as const)
      : today() > dueOn
        ? ('overdue' as const)
        : ('due' as const);
    return { within, dueOn, state };
  }

  function readNextAudit(form: FormValues, errors: FormErrors, on: IsoDate) {
    const date = readDate(form, errors, 'nextAuditOn', 'Date of next audit');
    if (date && date <= on)
      errors.add('nextAuditOn', 'Date of next audit must be in the future', {
        href: '#nextAuditOn-day',
      });
    return date ?? null;
  }

  /** The action rows typed: each needs what, who (one of `allowed`) and by when (not past). */
  function readActions(
    form: FormValues,
    errors: FormErrors,
    allowed: ReadonlySet<string>,
    on: IsoDate,
  ): NewAction[] {
    const out: NewAction[] = [];
    const count = Math.min(Number(form['action-count'] ?? 0) || 0, maxActionRows);
    for (let n = 0; n < count; n++) {
      const p = `action-${n}-`;
      const description = form[`${p}description`] ?? '';
      const ownerId = form[`${p}ownerId`] ?? '';
      const due = parseDate(form, `${p}dueOn`, `Action ${n + 1} due date`);
      if (!description && !ownerId && due.kind === 'empty') continue;
      const before = errors.list.length;
      if (!description)
        errors.add(`${p}description`, `Enter what needs to happen for action ${n + 1}`);
      else if (description.length > 2000)
        errors.add(`${p}description`, `Action ${n + 1} must be 2,000 characters or fewer`);
      if (!allowed.has(ownerId)) errors.add(`${p}ownerId`, `Choose who will do action ${n + 1}`);
      if (due.kind === 'empty')
        errors.add(`${p}dueOn`, `Enter when action ${n + 1} is to be done by`, {
          href: `#${p}dueOn-day`,
        });
      else if (due.kind === 'invalid')
        errors.add(`${p}dueOn`, due.text, { href: `#${p}dueOn-${due.parts[0]}`, parts: due.parts });
      else if (due.date < on)
        errors.add(`${p}dueOn`, `Action ${n + 1} due date must be today or in the future`, {
          href: `#${p}dueOn-day`,
        });
      if (errors.list.length === before && due.kind === 'date')
        out.push({ description, ownerId, dueOn: due.date });
    }
    return out;
  }

  /** Answers, summary and next date as typed, and what is wrong with them as a form. */
  function readAnswers(tool: AuditTool, form: FormValues, errors: FormErrors, on: IsoDate) {
    const read = readAuditForm(tool, form);
    for (const p of read.problems) errors.add(p.field, p.message);
    const summary = readText(form, errors, 'summary', 'Summary of findings', { max: 10000 });
    const nextAuditOn = readNextAudit(form, errors, on);
    return { answers: read.answers, summary, nextAuditOn };
  }

  const answeredCount = (answers: AuditAnswers) =>
    Object.values(answers).reduce(
      (n, section) => n + Object.values(section).filter((a) => a.answer !== undefined).length,
      0,
    );

  return {
    today,

    /** The caller's audits by status, those fed back to them, and for QA all, by status. */
    async list(caller: Caller, statusFilter?: string) {
      const organisationId = caller.user.organisationId;
      const me = caller.actor.staffId;
      const status = auditStatuses.find((s) => s === statusFilter);
      const seesAll = caller.actor.roles.some((r) => r === 'senior_manager' || r === 'auditor');
      const [mine, about, all] = await Promise.all([
        me ? audits.list(organisationId, { auditorId: me }) : [],
        me ? audits.list(organisationId, { fedBackTo: me }) : [],
        seesAll
          ? audits.list(organisationId, { ...(status ? { statuses: [status] } : {}), limit: 500 })
          : [],
      ]);
      const visible = (list: StoredAudit[]) =>
        list.filter((a) => can(caller.actor, 'view', auditResource(a)));
      return {
        today: today(),
        mine: auditStatuses
          .map((s) => ({ status: s, audits: mine.filter((a) => a.status === s) }))
          .filter((group) => group.audits.length > 0),
        about: visible(about),
        all: seesAll ? visible(all) : undefined,
        status,
      };
    },

    /** One audit: the tool's sections with the answers, the sample, and what the caller can do. */
    async page(caller: Caller, id: string) {
      const organisationId = caller.user.organisationId;
      const audit = await load(caller, id, 'view');
      const { pack, calendar } = await policyOf(organisationId);
      const canEdit = can(caller.actor, 'edit', auditResource(audit));
      const [summaries, stored, actions] = await Promise.all([
        audits.recordSummaries(organisationId, audit.recordIds),
        repos.records.findMany(organisationId, audit.recordIds),
        audits.actionsOf(organisationId, audit.id),
      ]);
      // A record is a link only for someone who may open it now.
      const readable = new Set(
        stored.filter((r) => can(caller.actor, 'view', recordResource(r))).map((r) => r.id),
      );
      const tool = audit.tool;
      return {
        audit,
        tool,
        sections: tool
          ? tool.sections.map((section) => ({
              ...section,
              questions: section.questions.map((question) => {
                const saved = audit.answers[section.id]?.[question.id];
                return {
                  ...question,
                  field: answerField(section.id, question.id),
                  findingsField: findingsField(section.id, question.id),
                  options: answerOptions(question),
                  answerText: answerLabel(question, saved?.answer),
                  savedFindings: saved?.findings,
                };
              }),
            }))
          : [],
        records: summaries.map((r) => ({ ...r, readable: readable.has(r.id) })),
        actions,
        owners: owners(audit),
        deadline: feedbackDeadline(pack, calendar, audit),
        isAuditor: caller.actor.staffId === audit.auditor.id,
        may: {
          answer: canEdit && tool !== null && isAnswerable(audit.status),
          giveFeedback: canEdit && audit.status === 'completed',
          seeDraw:
            audit.drawId !== null &&
            can(caller.actor, 'view', { type: 'sampling', auditorId: audit.auditor.id }),
        },
        values: tool ? auditToForm(audit, tool) : ({} as FormValues),
        today: today(),
      };
    },

    /** Saves the answers as they stand; the audit is then in progress. */
    async save(caller: Caller, id: string, form: FormValues): Promise<FormOutcome> {
      const audit = await load(caller, id, 'edit');
      if (!audit.tool || !isAnswerable(audit.status)) return { outcome: 'conflict' };
      const errors = new FormErrors();
      const on = today();
      const read = readAnswers(audit.tool, form, errors, on);
      if (errors.any) return { outcome: 'invalid', errors };
      const revision = Number(form.revision);
      if (revision !== audit.revision) return { outcome: 'conflict' };
      const saved = await audits.saveAnswers(
        caller.user.organisationId,
        audit.id,
        revision,
        read,
        change(caller, 'quality_audit.saved', { answered: answeredCount(read.answers) }),
      );
      if (saved === 'conflict') return { outcome: 'conflict' };
      return { outcome: 'saved' };
    },

    /**
     * Completes the audit: every question answered, a summary of findings, the actions (what,
     * who, by when) valid. The actions become supervision actions about the supervisee.
     */
    async complete(caller: Caller, id: string, form: FormValues): Promise<FormOutcome> {
      const audit = await load(caller, id, 'edit');
      if (!audit.tool || !isAnswerable(audit.status)) return { outcome: 'conflict' };
      const tool = audit.tool;
      const errors = new FormErrors();
      const on = today();
      const read = readAnswers(tool, form, errors, on);
      for (const p of completionProblems(tool, read.answers, read.summary ?? undefined))
        errors.add(p.field, p.message);
      const actions = tool.actions
        ? readActions(form, errors, new Set(owners(audit).map((o) => o.id)), on)
        : [];
      if (errors.any || !read.summary) return { outcome: 'invalid', errors };
      const revision = Number(form.revision);
      if (revision !== audit.revision) return { outcome: 'conflict' };
      const done = await audits.complete(
        caller.user.organisationId,
        audit.id,
        revision,
        {
          answers: read.answers,
          summary: read.summary,
          nextAuditOn: read.nextAuditOn,
          completedOn: on,
          staffId: audit.subject?.id ?? null,
          actions,
        },
        change(caller, 'quality_audit.completed', { actions: actions.length }),
      );
      if (done === 'conflict') return { outcome: 'conflict' };
      return { outcome: 'saved' };
    },

    /** Records the feedback given to the supervisor; the sample closes to the auditor. */
    async giveFeedback(caller: Caller, id: string, form: FormValues): Promise<FormOutcome> {
      const audit = await load(caller, id, 'edit');
      const errors = new FormErrors();
      const feedback = readText(form, errors, 'feedback', 'Feedback given', { max: 10000 });
      for (const p of feedbackProblems(audit.status, feedback ?? undefined))
        errors.add(p.field, p.message);
      if (errors.any || !feedback) return { outcome: 'invalid', errors };
      const revision = Number(form.revision);
      if (revision !== audit.revision) return { outcome: 'conflict' };
      const saved = await audits.recordFeedback(
        caller.user.organisationId,
        audit.id,
        revision,
        { feedback, feedbackOn: today() },
        change(caller, 'quality_audit.feedback_given'),
      );
      if (saved === 'conflict') return { outcome: 'conflict' };
      return { outcome: 'saved' };
    },
  };
}
export type AuditService = ReturnType<typeof auditService>;
