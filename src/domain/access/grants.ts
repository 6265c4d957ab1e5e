/**
 * Grants: time-bounded read access given to an investigating officer or an inspector, with a
 * reason, scoped to one person, one child, or a team. Only live grants reach the actor.
 */
import type { AccessGrant, Actor, ChildAccess, Resource } from './can.ts';

const holdsGrants = (actor: Actor) =>
  actor.roles.includes('investigating_officer') || actor.roles.includes('inspector');

/** Whether a grant's scope takes in a person, in their team now. */
function grantTakesIn(grant: AccessGrant, staffId: string, teamId: string | undefined) {
  const s = grant.scope;
  if (s.kind === 'person') return s.staffId === staffId;
  return s.kind === 'team' && teamId !== undefined && s.unitIds.includes(teamId);
}

/**
 * The actor's live grants that open this resource for reading: a person's grant opens what is
 * about them or what they wrote; a child's what is about the child; a team's what is about its
 * people or children allocated in it. Grants are read-only, and only their holders' roles use them.
 */
export function grantsOpening(actor: Actor, resource: Resource): string[] {
  if (!holdsGrants(actor) || !actor.grants) return [];
  return actor.grants.filter((g) => grantOpens(g, resource)).map((g) => g.id);
}

function grantOpens(grant: AccessGrant, r: Resource): boolean {
  const s = grant.scope;
  const childIn = (c: ChildAccess) =>
    (s.kind === 'child' && c.id === s.childId) ||
    (s.kind === 'team' && c.allocatedTeamIds.some((t) => s.unitIds.includes(t)));
  switch (r.type) {
    case 'supervision_record':
      return (
        r.people.some((p) => grantTakesIn(grant, p.staffId, p.teamId)) ||
        (s.kind === 'person' && (r.authorId === s.staffId || r.observerId === s.staffId)) ||
        r.children.some(childIn)
      );
    case 'staff_member':
      return grantTakesIn(grant, r.id, r.teamId);
    case 'child':
      return childIn(r);
    case 'supervision_agreement':
      return grantTakesIn(grant, r.superviseeId, r.teamId);
    case 'supervision_plan':
      return grantTakesIn(grant, r.staffId, r.teamId);
    default:
      return false;
  }
}
