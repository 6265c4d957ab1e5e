import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChildDetails, ChildRecord } from '../../data-access/child-repository.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import {
  allocationRoles,
  childEventKinds,
  childFlags,
  childStatuses,
} from '../../domain/policy/vocabulary.ts';
import { answerText } from '../../domain/records/answers.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import {
  dateToForm,
  errorLocals,
  FormErrors,
  type FormValues,
  formValues,
  isUuid,
} from '../../web/forms.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import { govukDate } from '../../web/view-filters.ts';
import { labels as recordLabels } from '../records/labels.ts';
import {
  checkAllocation,
  checkClosedOn,
  checkDetails,
  checkEnd,
  checkEpisode,
  checkEvent,
  checkFlag,
} from './child-forms.ts';
import { childRecordPageService } from './child-record-page.ts';
import {
  type Caller,
  canAddChildren,
  canSeeChildren,
  type ListFilters,
  pageSize,
  readFilters,
} from './children-service.ts';
import { eventLabels, flagLabels, labelOf, roleLabels, statusLabels } from './labels.ts';

type Params = { id: string };

const labels = { statusLabels, flagLabels, roleLabels, eventLabels };

const notFound = () =>
  new HttpError(
    404,
    'Page not found',
    'If you typed the web address, check it is correct. If you followed a link, the record may have changed.',
  );

function view(
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> & { title: string; errors?: FormErrors | undefined },
  status = 200,
) {
  return reply.code(data.errors?.any ? 400 : status).view(`children/views/${template}.njk`, {
    ...labels,
    ...data,
    ...errorLocals(data.errors),
  });
}

function childName(child: { name: string | null }) {
  return child.name ?? 'Unborn child';
}

/** The list's address with these filters and page; defaults are left out. */
export function listHref(filters: ListFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.search) query.set('q', filters.search);
  if (filters.status) query.set('status', filters.status);
  if (filters.teamId) query.set('team', filters.teamId);
  if (filters.workerId) query.set('worker', filters.workerId);
  if (filters.state !== 'open') query.set('state', filters.state);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/children?${text}` : '/children';
}

/** The GOV.UK pagination component's items: first, last, and the pages either side of this one. */
export function paginationItems(filters: ListFilters, pages: number) {
  const current = filters.page;
  const wanted = new Set([1, pages, current - 1, current, current + 1]);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  let last = 0;
  for (let page = 1; page <= pages; page++) {
    if (!wanted.has(page)) continue;
    if (page > last + 1) items.push({ ellipsis: true });
    items.push({ number: page, href: listHref(filters, page), current: page === current });
    last = page;
  }
  return items;
}

function valuesOf(details: ChildDetails | ChildRecord): FormValues {
  return {
    caseId: details.caseId,
    name: details.name ?? '',
    ...dateToForm('dateOfBirth', details.dateOfBirth),
    ...dateToForm('expectedDateOfBirth', details.expectedDateOfBirth),
    ...dateToForm('openedOn', details.openedOn),
  };
}

const duplicateCaseId = (caseId: string) =>
  new FormErrors().add(
    'caseId',
    `An open child already has case management ID ${caseId}: search the register for them instead`,
  );

/** A refusal of the dates of something added (it overlaps), shown at its start date. */
const datesError = (text: string) =>
  new FormErrors().add('startsOn', text, { href: '#startsOn-day' });

export function childrenRoutes(services: Services) {
  const children = services.children;
  const childRecord = childRecordPageService(services.repos, children.today);

  async function callerOf(request: FastifyRequest): Promise<Caller> {
    const actor = await actorOf(request, services.access);
    return { actor, user: request.currentSession!.user, requestId: request.id };
  }

  /** The child, if it exists in the caller's organisation (404) and can() allows `action` (403). */
  async function childFor(request: FastifyRequest<{ Params: Params }>, action: 'view' | 'edit') {
    const caller = await callerOf(request);
    const access = await children.open(caller, request.params.id, action);
    if (access.kind === 'not_found') throw notFound();
    if (access.kind === 'denied') throw notAllowed();
    return { caller, child: access.child, canEdit: access.canEdit };
  }

  const childUrl = (child: { id: string }, anchor = '') => `/children/${child.id}${anchor}`;

  return async (app: FastifyInstance) => {
    app.get('/children', async (request, reply) => {
      const caller = await callerOf(request);
      if (!canSeeChildren(caller.actor)) throw notAllowed();
      const filters = readFilters(request.query as Record<string, unknown>);
      const result = await children.list(caller, filters);
      // A page past the end (the list shrank, or the address was typed): the last page.
      if (filters.page > result.pages) return reply.redirect(listHref(filters, result.pages), 303);
      const first = result.total === 0 ? 0 : (filters.page - 1) * pageSize + 1;
      const lastShown = Math.min(result.total, filters.page * pageSize);
      return view(reply, 'list', {
        title: 'Children',
        filters,
        result,
        showing: { first, last: lastShown, total: result.total.toLocaleString('en-GB') },
        filtered: listHref({ ...filters, page: 1 }, 1) !== '/children',
        pagination:
          result.pages > 1
            ? {
                items: paginationItems(filters, result.pages),
                previous:
                  filters.page > 1 ? { href: listHref(filters, filters.page - 1) } : undefined,
                next:
                  filters.page < result.pages
                    ? { href: listHref(filters, filters.page + 1) }
                    : undefined,
              }
            : undefined,
        statuses: childStatuses,
      });
    });

    // ---- A new child ------------------------------------------------------------------------

    app.get('/children/new', async (request, reply) => {
      const caller = await callerOf(request);
      if (!canAddChildren(caller.actor)) throw notAllowed();
      return view(reply, 'details', { title: 'Add a child', action: '/children/new', values: {} });
    });

    app.post('/children/new', async (request, reply) => {
      const caller = await callerOf(request);
      if (!canAddChildren(caller.actor)) throw notAllowed();
      const values = formValues(request.body);
      const form = { title: 'Add a child', action: '/children/new', values };
      const checked = checkDetails(values, children.today());
      if (checked.errors) return view(reply, 'details', { ...form, errors: checked.errors });
      const created = await children.create(caller, checked.value);
      if (created.outcome === 'duplicate_case_id')
        return view(reply, 'details', { ...form, errors: duplicateCaseId(checked.value.caseId) });
      return reply.redirect(childUrl(created), 303);
    });

    // ---- The child's page -------------------------------------------------------------------

    app.get<{ Params: Params }>('/children/:id', async (request, reply) => {
      const { caller, child, canEdit } = await childFor(request, 'view');
      const page = await children.page(caller, child);
      return view(reply, 'child', {
        title: `${childName(child)} (${child.caseId})`,
        child,
        name: childName(child),
        page,
        notes: await services.records.forChild(caller, child.id),
        kindLabels: recordLabels.kind,
        canEdit,
      });
    });

    // ---- The child's record of oversight: every agreed note, oldest first; ?print=1 to print

    app.get<{ Params: Params; Querystring: { print?: string } }>(
      '/children/:id/record',
      async (request, reply) => {
        const { caller, child } = await childFor(request, 'view');
        const print = request.query.print === '1';
        // Every agreed note about the child: kept out of browser and proxy caches.
        reply.header('cache-control', 'no-store');
        return view(reply, 'child-record', {
          title: `${childName(child)}: record of oversight`,
          child,
          name: childName(child),
          file: await childRecord.file(caller, child, { print }),
          print,
          printedOn: children.today(),
          staffId: caller.actor.staffId,
          labels: recordLabels,
          shownAnswer: answerText,
        });
      },
    );

    // ---- Details, with optimistic concurrency ----------------------------------------------

    app.get<{ Params: Params }>('/children/:id/edit', async (request, reply) => {
      const { child } = await childFor(request, 'edit');
      return view(reply, 'details', {
        title: "Change the child's details",
        action: `${childUrl(child)}/edit`,
        child,
        values: valuesOf(child),
        version: child.version,
      });
    });

    app.post<{ Params: Params }>('/children/:id/edit', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const values = formValues(request.body);
      const version = values.version ?? '';
      const form = {
        title: "Change the child's details",
        action: `${childUrl(child)}/edit`,
        child,
        values,
        version,
      };
      const checked = checkDetails(values, children.today());
      if (checked.errors) return view(reply, 'details', { ...form, errors: checked.errors });
      const result = await children.updateDetails(caller, child, version, checked.value);
      switch (result.outcome) {
        case 'done':
          return reply.redirect(childUrl(child), 303);
        case 'not_found':
          throw notFound();
        case 'duplicate_case_id':
          return view(reply, 'details', {
            ...form,
            errors: duplicateCaseId(checked.value.caseId),
          });
        case 'closed_before_opened':
          return view(reply, 'details', {
            ...form,
            errors: new FormErrors().add(
              'openedOn',
              `Date opened must be on or before ${govukDate(child.closedOn)}, when the involvement closed`,
              { href: '#openedOn-day' },
            ),
          });
        case 'conflict': {
          const current = await children.open(caller, child.id, 'edit');
          if (current.kind !== 'allowed')
            throw current.kind === 'denied' ? notAllowed() : notFound();
          return view(
            reply,
            'conflict',
            {
              title: "Someone else has changed this child's details",
              child: current.child,
              name: childName(current.child),
              mine: checked.value,
              mineValues: valuesOf(checked.value),
              theirs: current.child,
              version: current.child.version,
            },
            409,
          );
        }
      }
    });

    // ---- Status episodes, flags, allocations and events -----------------------------------

    const periodDates = [
      { name: 'startsOn', legend: 'Start date', hint: 'For example, 27 3 2025' },
      {
        name: 'endsOn',
        legend: 'End date (optional)',
        hint: 'Leave empty if it has not ended. For example, 27 3 2026',
      },
    ];

    function addStatusPage(child: ChildRecord, values: FormValues, errors?: FormErrors) {
      return {
        title: 'Add a status',
        child,
        name: childName(child),
        action: `${childUrl(child)}/statuses/new`,
        selects: [
          {
            name: 'status',
            label: 'Status',
            placeholder: 'Choose a status',
            value: values.status,
            options: childStatuses.map((value) => ({ value, text: statusLabels[value] })),
          },
        ],
        dates: periodDates,
        values,
        ...(errors ? { errors } : {}),
      };
    }

    app.get<{ Params: Params }>('/children/:id/statuses/new', async (request, reply) => {
      const { child } = await childFor(request, 'edit');
      return view(reply, 'add-item', addStatusPage(child, {}));
    });

    app.post<{ Params: Params }>('/children/:id/statuses/new', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const values = formValues(request.body);
      const checked = checkEpisode(values, child.closedOn);
      if (checked.errors)
        return view(reply, 'add-item', addStatusPage(child, values, checked.errors));
      const result = await children.addEpisode(caller, child.id, checked.value);
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'overlap') {
        return view(
          reply,
          'add-item',
          addStatusPage(
            child,
            values,
            datesError(
              `Enter dates that do not overlap the child's other ${statusLabels[checked.value.status].toLowerCase()} status`,
            ),
          ),
        );
      }
      return reply.redirect(childUrl(child, '#statuses'), 303);
    });

    function addFlagPage(child: ChildRecord, values: FormValues, errors?: FormErrors) {
      return {
        title: 'Add a flag',
        child,
        name: childName(child),
        action: `${childUrl(child)}/flags/new`,
        selects: [
          {
            name: 'flag',
            label: 'Flag',
            placeholder: 'Choose a flag',
            value: values.flag,
            options: childFlags.map((value) => ({ value, text: flagLabels[value] })),
          },
        ],
        dates: periodDates,
        values,
        ...(errors ? { errors } : {}),
      };
    }

    app.get<{ Params: Params }>('/children/:id/flags/new', async (request, reply) => {
      const { child } = await childFor(request, 'edit');
      return view(reply, 'add-item', addFlagPage(child, {}));
    });

    app.post<{ Params: Params }>('/children/:id/flags/new', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const values = formValues(request.body);
      const checked = checkFlag(values, child.closedOn);
      if (checked.errors)
        return view(reply, 'add-item', addFlagPage(child, values, checked.errors));
      const result = await children.addFlag(caller, child.id, checked.value);
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'overlap') {
        return view(
          reply,
          'add-item',
          addFlagPage(
            child,
            values,
            datesError(
              `Enter dates that do not overlap the child's other "${flagLabels[checked.value.flag]}" flag`,
            ),
          ),
        );
      }
      return reply.redirect(childUrl(child, '#flags'), 303);
    });

    async function addAllocationPage(
      caller: Caller,
      child: ChildRecord,
      values: FormValues,
      errors?: FormErrors,
    ) {
      const workers = await children.allocatableWorkers(caller);
      return {
        workers,
        page: {
          title: 'Allocate a worker',
          child,
          name: childName(child),
          action: `${childUrl(child)}/allocations/new`,
          selects: [
            {
              name: 'workerId',
              label: 'Worker',
              hint: 'Case-holding staff in your teams',
              placeholder: 'Choose a worker',
              value: values.workerId,
              options: workers.map((worker) => ({
                value: worker.id,
                text: worker.teamName ? `${worker.name} (${worker.teamName})` : worker.name,
              })),
            },
          ],
          radios: {
            name: 'role',
            legend: 'Role',
            value: values.role,
            options: allocationRoles.map((value) => ({ value, text: roleLabels[value] })),
          },
          dates: [
            { name: 'startsOn', legend: 'From', hint: 'For example, 27 3 2025' },
            ...(child.closedOn
              ? [
                  {
                    name: 'endsOn',
                    legend: 'To',
                    hint: 'The involvement has closed, so the allocation must have ended',
                  },
                ]
              : []),
          ],
          values,
          ...(errors ? { errors } : {}),
        },
      };
    }

    app.get<{ Params: Params }>('/children/:id/allocations/new', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const { page } = await addAllocationPage(caller, child, {});
      return view(reply, 'add-item', page);
    });

    app.post<{ Params: Params }>('/children/:id/allocations/new', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const values = formValues(request.body);
      const { workers, page } = await addAllocationPage(caller, child, values);
      const checked = checkAllocation(
        values,
        workers.map((worker) => worker.id),
        child.closedOn,
      );
      if (checked.errors) return view(reply, 'add-item', { ...page, errors: checked.errors });
      const result = await children.addAllocation(caller, child.id, checked.value);
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'overlap') {
        const worker = workers.find((w) => w.id === checked.value.workerId);
        return view(reply, 'add-item', {
          ...page,
          errors: datesError(
            `${worker?.name ?? 'This worker'} is already allocated as ${roleLabels[checked.value.role].toLowerCase()} on these dates: choose another date or role`,
          ),
        });
      }
      return reply.redirect(childUrl(child, '#allocations'), 303);
    });

    function addEventPage(child: ChildRecord, values: FormValues, errors?: FormErrors) {
      return {
        title: 'Record an event',
        child,
        name: childName(child),
        action: `${childUrl(child)}/events/new`,
        selects: [
          {
            name: 'kind',
            label: 'What happened',
            placeholder: 'Choose an event',
            value: values.kind,
            options: childEventKinds.map((value) => ({ value, text: eventLabels[value] })),
          },
        ],
        dates: [{ name: 'occurredOn', legend: 'Date', hint: 'For example, 27 3 2025' }],
        values,
        ...(errors ? { errors } : {}),
      };
    }

    app.get<{ Params: Params }>('/children/:id/events/new', async (request, reply) => {
      const { child } = await childFor(request, 'edit');
      return view(reply, 'add-item', addEventPage(child, {}));
    });

    app.post<{ Params: Params }>('/children/:id/events/new', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const values = formValues(request.body);
      const checked = checkEvent(values, children.today());
      if (checked.errors)
        return view(reply, 'add-item', addEventPage(child, values, checked.errors));
      const result = await children.addEvent(caller, child.id, checked.value);
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'duplicate') {
        return view(
          reply,
          'add-item',
          addEventPage(
            child,
            values,
            new FormErrors().add('kind', 'This event is already recorded on that date'),
          ),
        );
      }
      return reply.redirect(childUrl(child, '#events'), 303);
    });

    // ---- Ending an episode, flag or allocation ---------------------------------------------

    type EndParams = Params & { from: string };

    /** The still-open item the address names, or 404. */
    async function openItem<T extends { startsOn: IsoDate; endsOn: IsoDate | null }>(
      caller: Caller,
      child: ChildRecord,
      from: string,
      pick: (history: Awaited<ReturnType<typeof children.history>>) => T[],
      matches: (item: T) => boolean,
    ): Promise<T> {
      if (!isIsoDate(from)) throw notFound();
      const history = await children.history(caller, child.id);
      const item = pick(history).find(
        (i) => i.startsOn === from && i.endsOn === null && matches(i),
      );
      if (!item) throw notFound();
      return item;
    }

    function endPage(
      child: ChildRecord,
      what: string,
      description: { key: string; value: string }[],
      action: string,
      values: FormValues,
      errors?: FormErrors,
    ) {
      return {
        title: `End the ${what}`,
        what,
        child,
        name: childName(child),
        description,
        action,
        values,
        ...(errors ? { errors } : {}),
      };
    }

    const endRoute = <T extends { startsOn: IsoDate; endsOn: IsoDate | null }>(
      path: string,
      what: string,
      anchor: string,
      find: (caller: Caller, child: ChildRecord, params: Record<string, string>) => Promise<T>,
      describe: (item: T) => { key: string; value: string }[],
      end: (
        caller: Caller,
        child: ChildRecord,
        item: T,
        endsOn: IsoDate,
      ) => Promise<{ outcome: string }>,
    ) => {
      app.get<{ Params: EndParams & Record<string, string> }>(path, async (request, reply) => {
        const { caller, child } = await childFor(request, 'edit');
        const item = await find(caller, child, request.params);
        return view(reply, 'end-item', endPage(child, what, describe(item), request.url, {}));
      });
      app.post<{ Params: EndParams & Record<string, string> }>(path, async (request, reply) => {
        const { caller, child } = await childFor(request, 'edit');
        const item = await find(caller, child, request.params);
        const values = formValues(request.body);
        const checked = checkEnd(values, item.startsOn, what);
        if (checked.errors) {
          return view(
            reply,
            'end-item',
            endPage(child, what, describe(item), request.url, values, checked.errors),
          );
        }
        const result = await end(caller, child, item, checked.value);
        if (result.outcome !== 'done') throw notFound();
        return reply.redirect(childUrl(child, anchor), 303);
      });
    };

    endRoute(
      '/children/:id/statuses/:status/:from/end',
      'status',
      '#statuses',
      (caller, child, params) =>
        openItem(
          caller,
          child,
          params.from!,
          (h) => h.episodes,
          (e) => e.status === params.status,
        ),
      (episode) => [
        { key: 'Status', value: labelOf(statusLabels, episode.status) },
        { key: 'Start date', value: govukDate(episode.startsOn) },
      ],
      (caller, child, episode, endsOn) => children.endEpisode(caller, child.id, episode, endsOn),
    );

    endRoute(
      '/children/:id/flags/:flag/:from/end',
      'flag',
      '#flags',
      (caller, child, params) =>
        openItem(
          caller,
          child,
          params.from!,
          (h) => h.flags,
          (f) => f.flag === params.flag,
        ),
      (flag) => [
        { key: 'Flag', value: labelOf(flagLabels, flag.flag) },
        { key: 'Start date', value: govukDate(flag.startsOn) },
      ],
      (caller, child, flag, endsOn) => children.endFlag(caller, child.id, flag, endsOn),
    );

    endRoute(
      '/children/:id/allocations/:workerId/:role/:from/end',
      'allocation',
      '#allocations',
      (caller, child, params) => {
        if (!isUuid(params.workerId ?? '')) throw notFound();
        return openItem(
          caller,
          child,
          params.from!,
          (h) => h.allocations,
          (a) => a.workerId === params.workerId && a.role === params.role,
        );
      },
      (allocation) => [
        { key: 'Worker', value: allocation.workerName },
        { key: 'Role', value: labelOf(roleLabels, allocation.role) },
        { key: 'From', value: govukDate(allocation.startsOn) },
      ],
      (caller, child, allocation, endsOn) =>
        children.endAllocation(caller, child.id, allocation, endsOn),
    );

    // ---- Closing and reopening --------------------------------------------------------------

    app.get<{ Params: Params; Querystring: { closedOn?: unknown } }>(
      '/children/:id/close',
      async (request, reply) => {
        const { child } = await childFor(request, 'edit');
        if (child.closedOn) return reply.redirect(childUrl(child), 303);
        const on = request.query.closedOn;
        return view(reply, 'close', {
          title: "Close the child's involvement",
          child,
          name: childName(child),
          values: dateToForm('closedOn', isIsoDate(on) ? on : null),
        });
      },
    );

    app.post<{ Params: Params }>('/children/:id/close', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      if (child.closedOn) return reply.redirect(childUrl(child), 303);
      const values = formValues(request.body);
      const checked = await checkClosedOn(values, children.today(), child.openedOn, (on) =>
        children.latestOpenStart(caller, child.id, on),
      );
      if (checked.errors) {
        return view(reply, 'close', {
          title: "Close the child's involvement",
          child,
          name: childName(child),
          values,
          errors: checked.errors,
        });
      }
      return reply.redirect(`${childUrl(child)}/close/check?closedOn=${checked.value}`, 303);
    });

    async function checkPage(
      caller: Caller,
      child: ChildRecord,
      closedOn: IsoDate,
      changed = false,
    ) {
      const open = await children.openOn(caller, child.id, closedOn);
      return {
        title: "Check before closing the child's involvement",
        child,
        name: childName(child),
        closedOn,
        open,
        changed,
        version: child.version,
      };
    }

    app.get<{ Params: Params; Querystring: { closedOn?: string } }>(
      '/children/:id/close/check',
      async (request, reply) => {
        const { caller, child } = await childFor(request, 'edit');
        if (child.closedOn) return reply.redirect(childUrl(child), 303);
        const closedOn = request.query.closedOn ?? '';
        if (!isIsoDate(closedOn) || closedOn > children.today())
          return reply.redirect(`${childUrl(child)}/close`, 303);
        return view(reply, 'close-check', await checkPage(caller, child, closedOn));
      },
    );

    app.post<{ Params: Params }>('/children/:id/close/check', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const { closedOn, version = '' } = formValues(request.body);
      if (!isIsoDate(closedOn) || closedOn > children.today())
        return reply.redirect(`${childUrl(child)}/close`, 303);
      const result = await children.close(caller, child.id, version, closedOn);
      switch (result.outcome) {
        case 'done':
        case 'already_closed':
          return reply.redirect(childUrl(child), 303);
        case 'not_found':
          throw notFound();
        case 'conflict':
          // Someone changed the child since the check page was shown: show it again.
          return view(reply, 'close-check', await checkPage(caller, child, closedOn, true), 409);
        case 'before_opened':
        case 'starts_after': {
          const values = dateToForm('closedOn', closedOn);
          const checked = await checkClosedOn(values, children.today(), child.openedOn, (on) =>
            children.latestOpenStart(caller, child.id, on),
          );
          return view(reply, 'close', {
            title: "Close the child's involvement",
            child,
            name: childName(child),
            values,
            errors:
              checked.errors ??
              new FormErrors().add('closedOn', 'Enter a different closing date', {
                href: '#closedOn-day',
              }),
          });
        }
      }
    });

    app.get<{ Params: Params }>('/children/:id/reopen', async (request, reply) => {
      const { child } = await childFor(request, 'edit');
      if (!child.closedOn) return reply.redirect(childUrl(child), 303);
      return view(reply, 'reopen', {
        title: "Reopen the child's involvement",
        child,
        name: childName(child),
      });
    });

    app.post<{ Params: Params }>('/children/:id/reopen', async (request, reply) => {
      const { caller, child } = await childFor(request, 'edit');
      const result = await children.reopen(caller, child.id);
      if (result.outcome === 'not_found') throw notFound();
      if (result.outcome === 'duplicate_case_id') {
        return view(reply, 'reopen', {
          title: "Reopen the child's involvement",
          child,
          name: childName(child),
          errors: new FormErrors().add(
            'reopen',
            `Another open child has case management ID ${child.caseId}: close that child or change this child's case management ID first`,
          ),
        });
      }
      return reply.redirect(childUrl(child), 303);
    });
  };
}
