import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { can } from '../../domain/access/can.ts';
import { type ImportKind, importKinds, tables } from '../../domain/import/tables.ts';
import { csvTemplate } from '../../domain/import/templates.ts';
import {
  type FileKind,
  fileKinds,
  kindFromFileName,
} from '../../services/import/import-service.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import { readUpload, type Upload } from '../../web/uploads.ts';
import { maxUploadBytes } from './import-jobs.ts';

const kindLabels: Record<FileKind, string> = {
  ...(Object.fromEntries(importKinds.map((k) => [k, tables[k].title])) as Record<
    ImportKind,
    string
  >),
  bundle: 'A whole organisation as a JSON bundle',
};

const notFound = () =>
  new HttpError(404, 'Page not found', 'There is no import with that address.');

function uploadErrors(upload: Upload): { text: string; href: string }[] {
  if (upload.tooLarge)
    return [
      {
        text: `The selected file must be smaller than ${maxUploadBytes / 1024 / 1024} MB`,
        href: '#file',
      },
    ];
  if (!upload.fileName) return [{ text: 'Select a file to import', href: '#file' }];
  if (!upload.content || upload.content.length === 0)
    return [{ text: 'The selected file is empty', href: '#file' }];
  const kind = chosenKind(upload);
  if (!kind) return [{ text: 'Select what the file holds', href: '#kind' }];
  return [];
}

function chosenKind(upload: Upload): FileKind | undefined {
  if (upload.fields.kind && upload.fields.kind !== 'auto')
    return fileKinds.includes(upload.fields.kind as FileKind)
      ? (upload.fields.kind as FileKind)
      : undefined;
  return upload.fileName ? kindFromFileName(upload.fileName) : undefined;
}

export function organisationImportRoutes(services: Services) {
  async function administrator(
    request: FastifyRequest,
    action: 'import' | 'export',
  ): Promise<UserAccount> {
    const actor = await actorOf(request, services.access);
    if (!can(actor, action, { type: 'organisation_data' })) throw notAllowed();
    return request.currentSession!.user;
  }

  async function organisationOf(user: UserAccount) {
    const organisation = await services.repos.organisations.findById(user.organisationId);
    if (!organisation) throw notFound();
    return organisation;
  }

  async function jobFor(request: FastifyRequest<{ Params: { id: string } }>) {
    const user = await administrator(request, 'import');
    if (!/^[0-9a-f-]{36}$/.test(request.params.id)) throw notFound();
    const job = await services.importJobs.find(user.organisationId, request.params.id);
    if (!job) throw notFound();
    return { user, job };
  }

  return async (app: FastifyInstance) => {
    const showForm = async (
      request: FastifyRequest,
      errors: { text: string; href: string }[] = [],
      kind = 'auto',
    ) => {
      const user = await administrator(request, 'import');
      const organisation = await organisationOf(user);
      return {
        title: 'Import staff and children',
        organisationName: organisation.name,
        errors,
        kind,
        kinds: fileKinds.map((k) => ({ value: k, text: kindLabels[k] })),
        templates: importKinds.map((k) => ({
          kind: k,
          title: tables[k].title,
          columns: tables[k].columns,
        })),
        recent: await services.importJobs.recent(user.organisationId),
        kindLabels,
        maxMegabytes: maxUploadBytes / 1024 / 1024,
      };
    };

    app.get('/organisation/import', async (request, reply) =>
      reply.view('organisation-import/views/import.njk', await showForm(request)),
    );

    app.post(
      '/organisation/import',
      { config: { csrfInMultipart: true } },
      async (request, reply) => {
        const user = await administrator(request, 'import');
        if (!request.isMultipart())
          throw new HttpError(
            400,
            'The file could not be sent',
            'Choose the file again and select Upload.',
          );
        const upload = await readUpload(request);
        const errors = uploadErrors(upload);
        if (errors.length > 0) {
          return reply
            .code(400)
            .view(
              'organisation-import/views/import.njk',
              await showForm(request, errors, upload.fields.kind),
            );
        }
        const organisation = await organisationOf(user);
        const job = await services.importJobs.upload({
          organisationId: user.organisationId,
          organisationSlug: organisation.slug,
          userId: user.id,
          fileName: upload.fileName as string,
          kind: chosenKind(upload) as FileKind,
          content: upload.content as Buffer,
        });
        return reply.redirect(`/organisation/import/${job.id}`, 303);
      },
    );

    app.get<{ Params: { file: string } }>(
      '/organisation/import/templates/:file',
      async (request, reply) => {
        await administrator(request, 'import');
        const kind = request.params.file.replace(/\.csv$/, '') as ImportKind;
        if (!importKinds.includes(kind) || !request.params.file.endsWith('.csv')) throw notFound();
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${kind}.csv"`)
          .send(csvTemplate(kind));
      },
    );

    app.get<{ Params: { id: string } }>('/organisation/import/:id', async (request, reply) => {
      const { user, job } = await jobFor(request);
      const organisation = await organisationOf(user);
      return reply.view('organisation-import/views/job.njk', {
        title: `Import of ${job.fileName}`,
        organisationName: organisation.name,
        job,
        kindLabel: kindLabels[job.fileKind as FileKind] ?? job.fileKind,
        report: job.report,
        running: job.state === 'checking' || job.state === 'importing',
      });
    });

    // For the page's script: the state and count, so it can refresh when something changes.
    app.get<{ Params: { id: string } }>('/organisation/import/:id/progress', async (request) => {
      const { job } = await jobFor(request);
      return { state: job.state, rowsRead: job.rowsRead };
    });

    app.post<{ Params: { id: string } }>(
      '/organisation/import/:id/confirm',
      async (request, reply) => {
        const { user, job } = await jobFor(request);
        const organisation = await organisationOf(user);
        await services.importJobs.confirm(job, organisation.slug);
        return reply.redirect(`/organisation/import/${job.id}`, 303);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/organisation/import/:id/abandon',
      async (request, reply) => {
        const { job } = await jobFor(request);
        await services.importJobs.abandon(job);
        return reply.redirect(`/organisation/import/${job.id}`, 303);
      },
    );

    app.get('/organisation/export', async (request, reply) => {
      const user = await administrator(request, 'export');
      const organisation = await organisationOf(user);
      const counts = await services.repos.organisations.counts(user.organisationId);
      return reply.view('organisation-import/views/export.njk', {
        title: 'Export the organisation',
        organisationName: organisation.name,
        organisation,
        counts,
      });
    });

    app.get('/organisation/export/bundle.json', async (request, reply) => {
      const user = await administrator(request, 'export');
      const organisation = await organisationOf(user);
      const bundle = await services.imports.exportBundle(user.organisationId, user.id);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${organisation.slug}-bundle.json"`)
        .header('cache-control', 'no-store')
        .send(`${JSON.stringify(bundle, null, 2)}\n`);
    });
  };
}
