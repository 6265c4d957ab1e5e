/**
 * /organisation/child-record: how supervision notes reach the child's record, and each one's
 * delivery. Administrators only (can: child_record). A signing secret is shown on the response
 * that made it and never again (no-store), like a calendar feed's address.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { toCsv } from '../../web/exports/csv.ts';
import {
  dateToForm,
  errorLocals,
  type FormErrors,
  type FormValues,
  formValues,
} from '../../web/forms.ts';
import { notFound } from '../../web/http-errors.ts';
import { labels } from '../records/labels.ts';
import { type Caller, deliveryPageSize } from './child-record-service.ts';

const base = '/organisation/child-record';
const view = 'child-record/views/child-record.njk';
const confirmView = 'child-record/views/confirm-export.njk';

const doneMessages: Record<string, string> = {
  saved: 'How notes reach the child’s record has been saved',
  retried: 'The note will be sent again',
  already: 'That note is no longer waiting to be tried again',
  exported:
    'Export made. Download it and import it into the case management system, then confirm it',
  nothing: 'There are no notes waiting to be exported',
  confirmed: 'Export confirmed: its notes are on the child’s record',
  'already-confirmed': 'That export was confirmed or discarded already',
  discarded: 'Export discarded: its notes will go in the next export',
  'no-webhook': 'Choose a webhook and save it before sending a test note',
};

type PageQuery = { state?: string; page?: string; done?: string; count?: string };

/** The banner after "Try again all failed", with how many were sent again. */
function retriedAll(count: string | undefined): string {
  const n = Math.max(0, Number.parseInt(count ?? '', 10) || 0);
  if (n === 0) return 'There were no failed notes to send again';
  return n === 1 ? '1 failed note will be sent again' : `${n} failed notes will be sent again`;
}

export function childRecordRoutes(services: Services) {
  const service = services.childRecord;
  const caller = async (request: FastifyRequest): Promise<Caller> => ({
    user: request.currentSession!.user,
    actor: await actorOf(request, services.access),
    requestId: request.id,
  });

  async function render(
    reply: FastifyReply,
    c: Caller,
    query: PageQuery,
    extra: {
      secret?: string | null;
      errors?: FormErrors;
      values?: FormValues;
      tested?: { status: number | null; error: string | null };
    } = {},
  ) {
    const page = await service.page(c, query);
    const link = (params: Record<string, string | undefined>) => {
      const search = new URLSearchParams(
        Object.entries(params).filter((e): e is [string, string] => !!e[1]),
      ).toString();
      return search ? `${base}?${search}` : base;
    };
    const pagination = {
      ...(page.page > 1
        ? { previous: { href: link({ state: page.state, page: String(page.page - 1) }) } }
        : {}),
      ...(page.page < page.pages
        ? { next: { href: link({ state: page.state, page: String(page.page + 1) }) } }
        : {}),
    };
    if (extra.secret) reply.header('cache-control', 'no-store');
    return reply.view(view, {
      title: 'Notes on the child’s record',
      page,
      pagination,
      first: (page.page - 1) * deliveryPageSize + 1,
      kindLabels: labels.kind,
      values: extra.values ?? { mode: page.link.mode, webhookUrl: page.link.webhookUrl ?? '' },
      secret: extra.secret ?? null,
      tested: extra.tested ?? null,
      done: query.done === 'retried-all' ? retriedAll(query.count) : doneMessages[query.done ?? ''],
      ...errorLocals(extra.errors),
    });
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: PageQuery }>(base, async (request, reply) =>
      render(reply, await caller(request), request.query),
    );

    app.post(`${base}/link`, async (request, reply) => {
      const c = await caller(request);
      const values = formValues(request.body);
      const result = await service.saveLink(c, values);
      if (result.outcome === 'invalid') {
        reply.code(400);
        return render(reply, c, {}, { errors: result.errors, values });
      }
      if (result.secret) return render(reply, c, { done: 'saved' }, { secret: result.secret });
      return reply.redirect(`${base}?done=saved`, 303);
    });

    app.post(`${base}/secret`, async (request, reply) => {
      const c = await caller(request);
      const secret = await service.rotateSecret(c);
      return render(reply, c, {}, { secret });
    });

    app.post(`${base}/test`, async (request, reply) => {
      const c = await caller(request);
      const tested = await service.testNote(c);
      if (tested.outcome === 'no_webhook') return reply.redirect(`${base}?done=no-webhook`, 303);
      return render(reply, c, {}, { tested });
    });

    app.post(`${base}/try-again`, async (request, reply) => {
      const count = await service.tryAgainAll(await caller(request));
      return reply.redirect(`${base}?done=retried-all&count=${count}`, 303);
    });

    app.post<{ Params: { deliveryId: string } }>(
      `${base}/deliveries/:deliveryId/try-again`,
      async (request, reply) => {
        const outcome = await service.tryAgain(await caller(request), request.params.deliveryId);
        return reply.redirect(`${base}?done=${outcome === 'queued' ? 'retried' : 'already'}`, 303);
      },
    );

    app.post(`${base}/exports`, async (request, reply) => {
      const result = await service.createExport(await caller(request));
      const done = result.outcome === 'created' ? 'exported' : 'nothing';
      return reply.redirect(`${base}?done=${done}#exports`, 303);
    });

    app.get<{ Params: { exportId: string } }>(
      `${base}/exports/:exportId/download`,
      async (request, reply) => {
        const found = await service.exportTable(await caller(request), request.params.exportId);
        if (!found) throw notFound();
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${found.fileName}"`)
          .header('cache-control', 'no-store')
          .send(toCsv(found.table));
      },
    );

    app.get<{ Params: { exportId: string } }>(
      `${base}/exports/:exportId/confirm`,
      async (request, reply) => {
        const found = await service.confirmPage(await caller(request), request.params.exportId);
        if (!found) throw notFound();
        return reply.view(confirmView, {
          title: 'Confirm the export imported',
          batch: found.batch,
          values: dateToForm('importedOn', found.today),
        });
      },
    );

    app.post<{ Params: { exportId: string } }>(
      `${base}/exports/:exportId/confirm`,
      async (request, reply) => {
        const values = formValues(request.body);
        const result = await service.confirmExport(
          await caller(request),
          request.params.exportId,
          values,
        );
        if (result.outcome === 'not_found') throw notFound();
        if (result.outcome === 'invalid') {
          reply.code(400);
          return reply.view(confirmView, {
            title: 'Confirm the export imported',
            batch: result.batch,
            values,
            ...errorLocals(result.errors),
          });
        }
        const done = result.outcome === 'confirmed' ? 'confirmed' : 'already-confirmed';
        return reply.redirect(`${base}?done=${done}#exports`, 303);
      },
    );

    app.post<{ Params: { exportId: string } }>(
      `${base}/exports/:exportId/discard`,
      async (request, reply) => {
        const result = await service.discardExport(await caller(request), request.params.exportId);
        if (result.outcome === 'not_found') throw notFound();
        const done = result.outcome === 'discarded' ? 'discarded' : 'already-confirmed';
        return reply.redirect(`${base}?done=${done}#exports`, 303);
      },
    );
  };
}
