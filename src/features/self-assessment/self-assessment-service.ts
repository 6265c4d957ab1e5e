/**
 * A worker's self-assessment of pieces of their own work before a one-to-one supervision
 * (Manchester Appendix K, the six golden threads): due a set time before the session (the
 * tool's `readyBefore`, in the organisation's working days), saved as a draft and submitted,
 * then fixed. Those who supervise the worker read it once submitted; each of their views is
 * written to the audit log.
 */

import type { Repositories } from '../../data-access/index.ts';
import type {
  SelfAssessment,
  SelfAssessmentPiece,
} from '../../data-access/self-assessment-repository.ts';
import type { SupervisionSession } from '../../data-access/supervision-session-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, type Resource } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { AuditQuestion, AuditTool, PolicyPack } from '../../domain/policy/schema.ts';
import { answerOptions, type FieldProblem } from '../../domain/quality/answers.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { type FormValues, isUuid } from '../../web/forms.ts';
import { HttpError, notAllowed, notFound } from '../../web/http-errors.ts';
import { govukDate } from '../../web/view-filters.ts';
import type { SessionService } from '../planning/session-service.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

const noSelfAssessment = () =>
  new HttpError(
    404,
    'There is no self-assessment for this session',
    'A self-assessment is asked for before a one-to-one supervision when your organisation’s framework has a self-assessment tool.',
  );

/** The pack's tool for rating one's own work, if it has one. */
export const ownWorkTool = (pack: PolicyPack): AuditTool | undefined =>
  (pack.auditTools ?? []).find((t) => t.of.includes('own_work'));

/** When it must be ready: the tool's time before the session, in working days where it says so. */
export function dueBefore(tool: AuditTool, sessionDate: IsoDate, calendar: WorkingCalendar) {
  const before = tool.readyBefore;
  return before
    ? calendar.addPeriod(sessionDate, { ...before, count: -before.count })
    : sessionDate;
}

export type SelfAssessmentStatus = {
  state: 'not_started' | 'draft' | 'submitted';
  dueOn: IsoDate;
  submittedOn: IsoDate | null;
  late: boolean;
  /** 'Submitted on 3 March 2027 (on time, due 4 March 2027)', 'Due by …', 'Late: due by …'. */
  words: string;
};

export function statusOf(
  assessment: Pick<SelfAssessment, 'submittedOn'> | undefined,
  dueOn: IsoDate,
  today: IsoDate,
): SelfAssessmentStatus {
  const submittedOn = assessment?.submittedOn ?? null;
  const due = govukDate(dueOn);
  if (submittedOn) {
    const late = submittedOn > dueOn;
    return {
      state: 'submitted',
      dueOn,
      submittedOn,
      late,
      words: `Submitted on ${govukDate(submittedOn)} (${late ? 'late' : 'on time'}, due ${due})`,
    };
  }
  const late = today > dueOn;
  const state = assessment ? 'draft' : 'not_started';
  const draft = assessment ? ', a draft is saved' : '';
  return {
    state,
    dueOn,
    submittedOn,
    late,
    words: late ? `Late: it was due by ${due}${draft}` : `Due by ${due}${draft}`,
  };
}

/** The form's field for a piece's title, answer to a question, or note (pieces count from 1). */
export const pieceField = (piece: number, name: string) => `piece${piece}-${name}`;

const maxTitle = 200;
const maxText = 2000;

function choiceWords(question: AuditQuestion) {
  const labels = answerOptions(question).map((o) => o.label);
  return labels.length < 2
    ? labels.join('')
    : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}

/**
 * Reads the pieces from the form. A value not among a question's choices, or text too long, is
 * always a problem; what is missing is one only when submitting.
 */
export function readSelfAssessmentForm(
  tool: AuditTool,
  form: FormValues,
  submitting: boolean,
): { pieces: SelfAssessmentPiece[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const pieces: SelfAssessmentPiece[] = [];
  for (let n = 1; n <= (tool.pieces ?? 1); n++) {
    const title = form[pieceField(n, 'title')] ?? '';
    if (title.length > maxTitle)
      problems.push({
        field: pieceField(n, 'title'),
        message: `What piece of work ${n} is must be ${maxTitle} characters or fewer`,
      });
    else if (submitting && title === '')
      problems.push({ field: pieceField(n, 'title'), message: `Enter what piece of work ${n} is` });
    const answers: Record<string, string> = {};
    for (const section of tool.sections)
      for (const q of section.questions) {
        const field = pieceField(n, q.id);
        const value = form[field] ?? '';
        const options = answerOptions(q);
        if (value === '') {
          if (submitting && !q.optional)
            problems.push({
              field,
              message: `Piece of work ${n}: ${options.length ? 'select a rating for' : 'answer'} ${q.text}`,
            });
        } else if (options.length > 0 && !options.some((o) => o.value === value))
          problems.push({
            field,
            message: `Piece of work ${n}: ${q.text}: choose ${choiceWords(q)}`,
          });
        else if (value.length > maxText)
          problems.push({
            field,
            message: `Piece of work ${n}: ${q.text} must be ${maxText} characters or fewer`,
          });
        else answers[q.id] = value;
      }
    const note = form[pieceField(n, 'note')] ?? '';
    if (note.length > maxText)
      problems.push({
        field: pieceField(n, 'note'),
        message: `Notes on piece of work ${n} must be ${maxText} characters or fewer`,
      });
    pieces.push({ title: title.slice(0, maxTitle), answers, note: note.slice(0, maxText) });
  }
  return { pieces, problems };
}

/** A saved self-assessment as the form's fields. */
export function piecesToForm(pieces: readonly SelfAssessmentPiece[]): FormValues {
  const values: FormValues = {};
  pieces.forEach((piece, i) => {
    values[pieceField(i + 1, 'title')] = piece.title;
    values[pieceField(i + 1, 'note')] = piece.note;
    for (const [id, answer] of Object.entries(piece.answers))
      values[pieceField(i + 1, id)] = answer;
  });
  return values;
}

export function selfAssessmentService(
  repos: Repositories,
  { sessions }: { sessions: SessionService },
) {
  const policyOf = (organisationId: string) => storedPolicy(repos, organisationId);

  /**
   * What a session's self-assessment rests on: the worker (a one-to-one's supervisee), the tool
   * (the one they started with, or the pack's), the due date, and who may read it.
   */
  async function contextOf(user: UserAccount, session: SupervisionSession) {
    const worker = session.kind === 'one_to_one' ? session.participants[0] : undefined;
    if (!worker) return undefined;
    const organisationId = user.organisationId;
    const [{ pack, calendar }, assessment, now] = await Promise.all([
      policyOf(organisationId),
      repos.selfAssessments.find(organisationId, session.id, worker.id),
      sessions.now(organisationId),
    ]);
    const tool = assessment?.tool ?? ownWorkTool(pack);
    if (!tool) return undefined;
    // Once submitted, it is judged against the date it was due then, even if the session moves.
    const dueOn = assessment?.submittedOn
      ? assessment.dueOn
      : dueBefore(tool, session.date, calendar);
    const [person] = await repos.supervisionSessions.people(organisationId, [worker.id], now.today);
    const resource: Resource = {
      type: 'self_assessment',
      staffId: worker.id,
      supervisorIds: [...new Set([session.supervisor.id, ...(person?.supervisorIds ?? [])])],
    };
    return {
      session,
      worker,
      tool,
      assessment,
      dueOn,
      today: now.today,
      resource,
      status: statusOf(assessment, dueOn, now.today),
    };
  }

  async function load(caller: Caller, sessionId: string) {
    const session = isUuid(sessionId)
      ? await repos.supervisionSessions.findById(caller.user.organisationId, sessionId)
      : undefined;
    if (!session) throw notFound();
    const context = await contextOf(caller.user, session);
    if (!context) throw noSelfAssessment();
    if (!can(caller.actor, 'view', context.resource)) throw notAllowed();
    const self = can(caller.actor, 'edit', context.resource);
    // A draft is the worker's own; the people who supervise them see it once submitted.
    const readable = self || context.status.state === 'submitted';
    return {
      ...context,
      self,
      readable,
      editable: self && session.status === 'planned' && context.status.state !== 'submitted',
    };
  }

  const audit = (caller: Caller, action: string, sessionId: string) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
    // Which session, never the ratings or notes.
    detail: { sessionId },
  });

  return {
    /**
     * The page: the worker's form or their submitted self-assessment, or for those who supervise
     * them the submitted one (each view logged) or where it stands.
     */
    async page(caller: Caller, sessionId: string) {
      const page = await load(caller, sessionId);
      if (!page.self && page.readable && page.assessment)
        await repos.auditLog.append({
          organisationId: caller.user.organisationId,
          actorUserId: caller.user.id,
          action: 'self_assessment.viewed',
          resourceType: 'self_assessment',
          resourceId: page.assessment.id,
          detail: { sessionId: page.session.id },
          requestId: caller.requestId ?? null,
        });
      return page;
    },

    /** Saves the draft, or submits it (every piece rated), as the worker. */
    async save(caller: Caller, sessionId: string, form: FormValues, submit: boolean) {
      const page = await load(caller, sessionId);
      if (!page.self) throw notAllowed();
      if (!page.editable) return { outcome: 'fixed' as const, page };
      const { pieces, problems } = readSelfAssessmentForm(page.tool, form, submit);
      if (problems.length > 0) return { outcome: 'invalid' as const, page, problems };
      const revision = /^\d+$/.test(form.revision ?? '') ? Number(form.revision) : null;
      const result = await repos.selfAssessments.save(
        caller.user.organisationId,
        {
          sessionId: page.session.id,
          staffId: page.worker.id,
          tool: page.tool,
          pieces,
          dueOn: page.dueOn,
          submittedOn: submit ? page.today : null,
          revision,
        },
        audit(
          caller,
          submit ? 'self_assessment.submitted' : 'self_assessment.saved',
          page.session.id,
        ),
      );
      if (result.outcome === 'saved') return { outcome: 'saved' as const, submitted: submit };
      if (result.outcome === 'submitted')
        return { outcome: 'fixed' as const, page: await load(caller, sessionId) };
      return {
        outcome: 'invalid' as const,
        page: await load(caller, sessionId),
        problems: [
          {
            field: pieceField(1, 'title'),
            message:
              'Your self-assessment was saved in another window after you opened this one. Check the answers below and save again',
          },
        ],
      };
    },

    /**
     * A line for the session page: where the self-assessment stands, for the worker and those who
     * may read it; undefined when the session takes none or the caller may not see it.
     */
    async summary(user: UserAccount, actor: Actor, session: SupervisionSession) {
      const context = await contextOf(user, session);
      if (!context || !can(actor, 'view', context.resource)) return undefined;
      if (!context.assessment && session.status !== 'planned') return undefined;
      const self = can(actor, 'edit', context.resource);
      const submitted = context.status.state === 'submitted';
      return {
        words: context.status.words,
        late: context.status.late,
        href: `/planning/sessions/${session.id}/self-assessment`,
        // The worker completes it while the session is planned; others read it once submitted.
        link:
          self && !submitted && session.status === 'planned'
            ? 'Complete it'
            : submitted || (self && context.assessment)
              ? 'Read it'
              : undefined,
      };
    },
  };
}
export type SelfAssessmentService = ReturnType<typeof selfAssessmentService>;
