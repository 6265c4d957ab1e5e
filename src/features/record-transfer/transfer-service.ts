/**
 * Records on a change of supervisor, as the pages use them: the supervisee's agreement (or not)
 * to each new supervisor reading their earlier personal records (Durham 4.8, 4.9, 6.6), and the
 * redactions the manager of the original supervisor lays over a record's text (Durham 4.8, A48).
 * Every decision, redaction and withdrawal is on the audit trail with the change.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { RecordVersion, StoredRecord } from '../../data-access/record-repository.ts';
import { can } from '../../domain/access/can.ts';
import { formSections } from '../../domain/records/form-layout.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { isUuid } from '../../web/forms.ts';
import { HttpError, notAllowed, notFound } from '../../web/http-errors.ts';
import { recordResource, superviseeOf } from '../records/record-access.ts';
import type { Caller, Problem } from '../records/record-service.ts';
import { type Decision, newSupervisors } from './rules.ts';

const decisions: readonly Decision[] = ['given', 'declined'];

export function recordTransferService(repos: Repositories) {
  const audit = (caller: Caller, action: string, detail: Record<string, unknown> = {}) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
    detail,
  });

  /** The supervisee's records that passed, or wait to pass, to each new supervisor of theirs. */
  async function newcomersOf(organisationId: string, superviseeId: string) {
    const ids = await repos.recordTransfer.recordsAbout(organisationId, superviseeId);
    const stored = await repos.records.findMany(organisationId, ids);
    const counts = new Map<string, number>();
    for (const record of stored) {
      const supervisee = superviseeOf(record);
      if (!record.transfer || !supervisee) continue;
      const found = newSupervisors(
        {
          kind: record.kind,
          date: record.date,
          authorId: record.author?.id,
          supervisee: {
            id: supervisee.id,
            supervisorIds: supervisee.supervisorIds,
            lineManagerId: supervisee.lineManagerId ?? undefined,
          },
        },
        record.transfer.spans,
      );
      for (const id of found) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  return {
    /**
     * The supervisee's page: each new supervisor who took over since their personal records were
     * written, how many records wait, and the decision so far. Empty for someone with no staff
     * record or no change of supervisor.
     */
    async consentPage(caller: Caller) {
      const organisationId = caller.user.organisationId;
      const me = caller.actor.staffId;
      const rule = (await storedPolicy(repos, organisationId)).pack.recordTransfer;
      const required = rule?.consent === 'required';
      if (!me) return { rule, required, supervisors: [] };
      const [counts, made] = await Promise.all([
        newcomersOf(organisationId, me),
        repos.recordTransfer.decisions(organisationId, me),
      ]);
      const people = await repos.records.people(organisationId, [...counts.keys()]);
      const supervisors = [...counts]
        .map(([id, records]) => ({
          id,
          name: people.get(id)?.name ?? 'Someone who has left',
          records,
          decision: made.get(id)?.decision ?? null,
          decidedAt: made.get(id)?.decidedAt ?? null,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { rule, required, supervisors };
    },

    /** How many new supervisors still wait for the caller's decision: their home page's task. */
    async awaiting(caller: Caller) {
      // Asked on every home page: the records are read only where the pack asks for agreement.
      const policy = await repos.recordTransfer.policy(caller.user.organisationId);
      if (policy.consent !== 'required' || !caller.actor.staffId) return 0;
      const page = await this.consentPage(caller);
      return page.required ? page.supervisors.filter((s) => s.decision === null).length : 0;
    },

    /** The supervisee agrees, or declines, that this new supervisor reads their earlier records. */
    async decide(
      caller: Caller,
      input: { supervisorId?: string | undefined; decision?: string | undefined },
    ): Promise<{ outcome: 'saved' } | { outcome: 'invalid'; problems: Problem[] }> {
      const organisationId = caller.user.organisationId;
      const me = caller.actor.staffId;
      if (!me) throw notAllowed();
      const page = await this.consentPage(caller);
      if (!page.required)
        throw new HttpError(
          409,
          'Your agreement is not asked for',
          'Your organisation’s policy passes supervision records to a new supervisor without it.',
        );
      const supervisor = page.supervisors.find((s) => s.id === input.supervisorId);
      if (!supervisor) throw notFound();
      const decision = decisions.find((d) => d === input.decision);
      if (!decision)
        return {
          outcome: 'invalid',
          problems: [
            {
              field: `decision-${supervisor.id}`,
              message: `Select whether ${supervisor.name} may read your earlier supervision records`,
            },
          ],
        };
      await repos.recordTransfer.decide(
        organisationId,
        { superviseeId: me, supervisorId: supervisor.id, decision, userId: caller.user.id },
        audit(
          caller,
          decision === 'given'
            ? 'record_transfer.consent_given'
            : 'record_transfer.consent_declined',
          { supervisorId: supervisor.id, records: supervisor.records },
        ),
      );
      return { outcome: 'saved' };
    },

    /** The redaction form: the record's original words, for the original supervisor's manager. */
    async redactForm(caller: Caller, id: string, { logged = false } = {}) {
      const record = await loadForRedaction(caller, id);
      const version = redactable(record);
      // The form shows the words under any redaction: a read of the original, on the trail.
      if (logged)
        await repos.auditLog.append({
          organisationId: caller.user.organisationId,
          actorUserId: caller.user.id,
          action: 'supervision_record.original_viewed',
          resourceType: 'supervision_record',
          resourceId: record.id,
          detail: { kind: record.kind, version: version.version, for: 'redaction' },
          requestId: caller.requestId ?? null,
        });
      const fields = formSections(version.template, { openActions: false })
        .flatMap((s) => s.fields.map((f) => ({ ...f, heading: s.heading })))
        .filter((f) => typeof version.content.answers[f.key] === 'string')
        .map((f) => ({
          key: f.key,
          label: f.label === f.heading ? f.label : `${f.heading}: ${f.label}`,
          text: version.content.answers[f.key] as string,
        }));
      const labelOf = (key: string) => fields.find((f) => f.key === key)?.label ?? key;
      const redactions = (record.redactions ?? []).map((r) => ({ ...r, label: labelOf(r.field) }));
      return { record, version, fields, redactions };
    },

    /** Lays a redaction over one passage of one answer, with the reason. */
    async redact(
      caller: Caller,
      id: string,
      input: { field?: string | undefined; passage?: string | undefined; reason?: string },
    ): Promise<{ outcome: 'saved' } | { outcome: 'invalid'; problems: Problem[] }> {
      const form = await this.redactForm(caller, id);
      const problems: Problem[] = [];
      const field = form.fields.find((f) => f.key === input.field);
      const passage = input.passage ?? '';
      const reason = input.reason?.trim() ?? '';
      if (!field) problems.push({ field: 'field', message: 'Select the answer the words are in' });
      if (passage.trim() === '')
        problems.push({ field: 'passage', message: 'Enter the exact words to redact' });
      else if (field && !field.text.includes(passage))
        problems.push({
          field: 'passage',
          message: 'Enter words exactly as they appear in the answer you selected',
        });
      else if (passage.length > 10000)
        problems.push({
          field: 'passage',
          message: 'The words must be 10,000 characters or fewer',
        });
      if (reason === '')
        problems.push({
          field: 'reason',
          message: 'Say why these words could damage the relationship with the new supervisor',
        });
      else if (reason.length > 2000)
        problems.push({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' });
      if (problems.length > 0 || !field) return { outcome: 'invalid', problems };
      await repos.recordTransfer.redact(
        caller.user.organisationId,
        {
          recordId: form.record.id,
          version: form.version.version,
          field: field.key,
          passage,
          reason,
          userId: caller.user.id,
        },
        audit(caller, 'supervision_record.redacted'),
      );
      return { outcome: 'saved' };
    },

    /** Withdraws a redaction: the words are shown again, and the trail says who and why. */
    async withdraw(
      caller: Caller,
      id: string,
      redactionId: string,
      reason: string | undefined,
    ): Promise<{ outcome: 'saved' } | { outcome: 'invalid'; problems: Problem[] }> {
      const record = await loadForRedaction(caller, id);
      const text = reason?.trim() ?? '';
      const field = `withdraw-reason-${redactionId}`;
      if (text === '')
        return {
          outcome: 'invalid',
          problems: [{ field, message: 'Say why the redaction is withdrawn' }],
        };
      if (text.length > 2000)
        return {
          outcome: 'invalid',
          problems: [{ field, message: 'The reason must be 2,000 characters or fewer' }],
        };
      const withdrawn =
        isUuid(redactionId) &&
        (await repos.recordTransfer.withdraw(
          caller.user.organisationId,
          { recordId: record.id, redactionId, reason: text, userId: caller.user.id },
          audit(caller, 'supervision_record.redaction_withdrawn'),
        ));
      if (!withdrawn) throw notFound();
      return { outcome: 'saved' };
    },
  };

  /** A record the caller may redact: 404 if not this organisation's, 403 if not theirs to redact. */
  async function loadForRedaction(caller: Caller, id: string): Promise<StoredRecord> {
    const record = isUuid(id)
      ? await repos.records.find(caller.user.organisationId, id)
      : undefined;
    if (!record) throw notFound();
    if (!can(caller.actor, 'redact', recordResource(record)))
      throw new HttpError(
        403,
        'You cannot redact this record',
        'Only the manager of the original supervisor can, after a change of supervisor, where the policy allows it.',
      );
    return record;
  }
}

/** The version a redaction is laid on: the latest shared or signed one (never a draft). */
function redactable(record: StoredRecord): RecordVersion {
  const version = record.versions.findLast((v) => v.status !== 'draft');
  if (!version)
    throw new HttpError(
      409,
      'There is nothing to redact yet',
      'Only a shared or signed record can be redacted.',
    );
  return version;
}

export type RecordTransferService = ReturnType<typeof recordTransferService>;
