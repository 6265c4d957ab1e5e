/**
 * Access grants: administrators give an investigating officer or an inspector time-bounded,
 * read-only access to one person, one child or a team, with a reason, and end it early if need
 * be; the holder sees what each live grant opens. Every change, and every holder's look at a
 * grant, is on the audit trail.
 */
import type { GrantScopeKind, StoredGrant } from '../../data-access/access-grant-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { mayHoldGrants } from '../../services/access-service.ts';
import { FormErrors, type FormValues, isUuid, readText } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import {
  type GrantFormReading,
  maximumGrantDays,
  readGrantForm,
  reasonMaxLength,
} from './grant-form.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

type Choice = { value: string; text: string };

export type GrantFormPage = {
  values: FormValues;
  holders: Choice[];
  people: Choice[];
  teams: Choice[];
  maximumDays: number;
  errors?: FormErrors;
};

export type RevokePage = { grant: StoredGrant; values: FormValues; errors?: FormErrors };

const fields = ['holderId', 'scope', 'staffId', 'childCaseId', 'unitId', 'reason', 'expiresOn'];
/** Where a summary entry's field sits on the form ('#expiresOn-day' is the expiry date's). */
const fieldOrder = (href: string) => {
  const at = fields.findIndex((f) => href.startsWith(`#${f}`));
  return at === -1 ? fields.length : at;
};

export function accessGrantService(repos: Repositories, { clock }: { clock: () => Date }) {
  const grants = repos.accessGrants;

  function mustManage(caller: Caller) {
    if (!can(caller.actor, 'edit', { type: 'access_grants' })) throw notAllowed();
  }

  const audit = (caller: Caller, action: string, detail: Record<string, unknown>) => ({
    actorUserId: caller.user.id,
    requestId: caller.requestId,
    action,
    detail,
  });

  async function formPage(caller: Caller, values: FormValues, errors?: FormErrors) {
    const organisationId = caller.user.organisationId;
    const [holders, staff, units] = await Promise.all([
      grants.eligibleHolders(organisationId),
      repos.staff.list(organisationId),
      repos.orgUnits.list(organisationId),
    ]);
    return {
      values,
      holders: holders.map((h) => ({ value: h.id, text: `${h.name} (${h.email})` })),
      people: staff.map((s) => ({
        value: s.id,
        text: s.teamName ? `${s.name}, ${s.teamName}` : s.name,
      })),
      teams: units.map((u) => ({ value: u.id, text: u.name })),
      maximumDays: maximumGrantDays,
      ...(errors ? { errors } : {}),
    } satisfies GrantFormPage;
  }

  /** Checks the holder against the organisation: an investigating officer or inspector of it. */
  async function checkHolder(caller: Caller, holderUserId: string, errors: FormErrors) {
    const holder = await repos.users.findById(caller.user.organisationId, holderUserId);
    if (!holder) errors.add('holderId', 'Choose who the grant is for');
    else if (!mayHoldGrants(holder.roles) || holder.disabled)
      errors.add(
        'holderId',
        `${holder.displayName} is not an investigating officer or an inspector: only they may hold a grant`,
      );
  }

  /** Finds the scope in the organisation: its id, or undefined after naming the problem. */
  async function checkScope(
    caller: Caller,
    scope: NonNullable<GrantFormReading['scope']>,
    errors: FormErrors,
  ): Promise<{ kind: GrantScopeKind; id: string } | undefined> {
    const organisationId = caller.user.organisationId;
    if ('caseId' in scope) {
      const id = await grants.childIdByCaseId(organisationId, scope.caseId);
      if (!id) errors.add('childCaseId', `There is no child with case ID ${scope.caseId}`);
      return id ? { kind: 'child', id } : undefined;
    }
    if (scope.kind === 'person' && !(await repos.staff.findById(organisationId, scope.id))) {
      errors.add('staffId', 'Choose the person');
      return undefined;
    }
    if (scope.kind === 'team' && !(await repos.orgUnits.findById(organisationId, scope.id))) {
      errors.add('unitId', 'Choose the team');
      return undefined;
    }
    return scope;
  }

  return {
    /** Every grant, live ones first, then expired and revoked. */
    async list(caller: Caller) {
      mustManage(caller);
      const all = await grants.list(caller.user.organisationId);
      return {
        live: all.filter((g) => g.status === 'live' || g.status === 'scheduled'),
        expired: all.filter((g) => g.status === 'expired'),
        revoked: all.filter((g) => g.status === 'revoked'),
      };
    },

    async newForm(caller: Caller) {
      mustManage(caller);
      return formPage(caller, { scope: '' });
    },

    async create(caller: Caller, form: FormValues) {
      mustManage(caller);
      const reading = readGrantForm(form, clock());
      const { errors, holderUserId, reason, expiresAt } = reading;
      if (holderUserId) await checkHolder(caller, holderUserId, errors);
      const scope = reading.scope ? await checkScope(caller, reading.scope, errors) : undefined;
      if (errors.any || !holderUserId || !scope || !reason || !expiresAt) {
        // The summary follows the page, whichever check found the problem first.
        errors.list.sort((a, b) => fieldOrder(a.href) - fieldOrder(b.href));
        return { outcome: 'invalid' as const, page: await formPage(caller, form, errors) };
      }
      const id = await grants.create(
        caller.user.organisationId,
        { holderUserId, scope, reason, expiresAt, grantedBy: caller.user.id },
        audit(caller, 'access_grant.created', {
          holderUserId,
          scope: scope.kind,
          scopeId: scope.id,
          expiresAt: expiresAt.toISOString(),
        }),
      );
      return { outcome: 'saved' as const, id };
    },

    async revokeForm(caller: Caller, id: string): Promise<RevokePage> {
      mustManage(caller);
      const grant = isUuid(id) ? await grants.find(caller.user.organisationId, id) : undefined;
      if (!grant) throw notFound();
      return { grant, values: {} };
    },

    async revoke(caller: Caller, id: string, form: FormValues) {
      const page = await this.revokeForm(caller, id);
      const errors = new FormErrors();
      const reason = readText(form, errors, 'reason', 'Reason', {
        required: 'Enter why the grant is being revoked',
        max: reasonMaxLength,
      });
      if (page.grant.status === 'expired' || page.grant.status === 'revoked')
        errors.add('reason', 'This grant has already ended');
      if (!reason || errors.any)
        return { outcome: 'invalid' as const, page: { ...page, values: form, errors } };
      const revoked = await grants.revoke(
        caller.user.organisationId,
        page.grant.id,
        { revokedBy: caller.user.id, reason },
        audit(caller, 'access_grant.revoked', { holderUserId: page.grant.holderUserId }),
      );
      if (!revoked) {
        errors.add('reason', 'This grant has already ended');
        return { outcome: 'invalid' as const, page: { ...page, values: form, errors } };
      }
      return { outcome: 'saved' as const, id: page.grant.id };
    },

    /**
     * What one of the holder's live grants opens. Anyone else's grant, or one that has ended,
     * is not found: a grant's existence is not for others to learn.
     */
    async holderView(caller: Caller, id: string) {
      const live = caller.actor.grants?.some((g) => g.id === id) ?? false;
      const grant = live ? await grants.find(caller.user.organisationId, id) : undefined;
      if (!grant || grant.holderUserId !== caller.user.id) throw notFound();
      const contents = await grants.contents(caller.user.organisationId, id);
      await repos.auditLog.append({
        organisationId: caller.user.organisationId,
        actorUserId: caller.user.id,
        action: 'access_grant.viewed',
        resourceType: 'access_grant',
        resourceId: id,
        detail: { grantIds: [id] },
        requestId: caller.requestId ?? null,
      });
      return { grant, contents };
    },
  };
}
export type AccessGrantService = ReturnType<typeof accessGrantService>;
