/**
 * Preparing for a session: the supervisee (or the supervisor) adds agenda items and children
 * to discuss. Only people in the session add; each removes only their own agenda items.
 */
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import type { Actor } from '../../domain/access/can.ts';
import { isUuid } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import type { SessionService } from './session-service.ts';

export const maximumAgendaItemLength = 2000;

export type PreparationOutcome =
  | { outcome: 'saved' }
  | { outcome: 'invalid'; problems: { field: 'text' | 'childId'; message: string }[] };

export function preparationService(
  repos: Repositories,
  { sessions: sessionService }: { sessions: SessionService },
) {
  const sessions = repos.supervisionSessions;

  async function preparer(user: UserAccount, actor: Actor, id: string) {
    const loaded = await sessionService.load(user, actor, id);
    if (!loaded.may.prepare || !actor.staffId) throw notAllowed();
    return { session: loaded.session, staffId: actor.staffId };
  }

  const audit = (user: UserAccount, action: string, requestId?: string) => ({
    actorUserId: user.id,
    requestId,
    action,
  });

  return {
    async addAgendaItem(
      user: UserAccount,
      actor: Actor,
      id: string,
      text: string,
      requestId?: string,
    ): Promise<PreparationOutcome> {
      const { session, staffId } = await preparer(user, actor, id);
      const trimmed = text.trim();
      if (trimmed === '')
        return {
          outcome: 'invalid',
          problems: [{ field: 'text', message: 'Enter what you want to discuss' }],
        };
      if (trimmed.length > maximumAgendaItemLength)
        return {
          outcome: 'invalid',
          problems: [
            {
              field: 'text',
              message: `Agenda item must be ${maximumAgendaItemLength} characters or fewer`,
            },
          ],
        };
      await sessions.addAgendaItem(
        user.organisationId,
        session.id,
        staffId,
        trimmed,
        audit(user, 'supervision_session.agenda_item_added', requestId),
      );
      return { outcome: 'saved' };
    },

    async removeAgendaItem(
      user: UserAccount,
      actor: Actor,
      id: string,
      itemId: string,
      requestId?: string,
    ) {
      const { session, staffId } = await preparer(user, actor, id);
      const removed =
        isUuid(itemId) &&
        (await sessions.removeAgendaItem(
          user.organisationId,
          session.id,
          itemId,
          staffId,
          audit(user, 'supervision_session.agenda_item_removed', requestId),
        ));
      if (!removed) throw notFound();
    },

    /** Adds one of the children allocated to the people in the session. */
    async addChild(
      user: UserAccount,
      actor: Actor,
      id: string,
      childId: string,
      requestId?: string,
    ): Promise<PreparationOutcome> {
      const { session, staffId } = await preparer(user, actor, id);
      const today = (await sessionService.now(user.organisationId)).today;
      const choices = await sessions.allocatedChildren(
        user.organisationId,
        session.participants.map((p) => p.id),
        today,
      );
      if (childId === '')
        return {
          outcome: 'invalid',
          problems: [{ field: 'childId', message: 'Select a child to discuss' }],
        };
      if (!choices.some((c) => c.id === childId))
        return {
          outcome: 'invalid',
          problems: [
            {
              field: 'childId',
              message: 'Select a child from the list: only children allocated now can be added',
            },
          ],
        };
      await sessions.addChild(
        user.organisationId,
        session.id,
        childId,
        staffId,
        audit(user, 'supervision_session.child_added', requestId),
      );
      return { outcome: 'saved' };
    },

    async removeChild(
      user: UserAccount,
      actor: Actor,
      id: string,
      childId: string,
      requestId?: string,
    ) {
      const { session } = await preparer(user, actor, id);
      const removed =
        isUuid(childId) &&
        (await sessions.removeChild(
          user.organisationId,
          session.id,
          childId,
          audit(user, 'supervision_session.child_removed', requestId),
        ));
      if (!removed) throw notFound();
    },
  };
}
export type PreparationService = ReturnType<typeof preparationService>;
