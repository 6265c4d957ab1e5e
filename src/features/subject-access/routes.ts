/**
 * /organisation/subject-access: an administrator finds a child (by id or case number) or a staff
 * member (by email or id) and gets everything held about them, as a page to read and print and
 * as a JSON download. Each export is logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/can.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues } from '../../web/forms.ts';
import { notAllowed } from '../../web/http-errors.ts';
import { exportHtml } from './export-html.ts';
import type { SubjectAccessCaller, SubjectKind } from './subject-access-service.ts';

const base = '/organisation/subject-access';
const view = (name: string) => `subject-access/views/${name}.njk`;

export const subjectKinds = [
  { value: 'child', text: 'A child', hint: 'By their id or case number' },
  { value: 'staff', text: 'A staff member', hint: 'By their email address or id' },
] as const;

/** The subject asked for, or the form's errors. */
function readRequest(form: FormValues) {
  const errors = new FormErrors();
  const kind = form.kind as SubjectKind;
  if (kind !== 'child' && kind !== 'staff') errors.add('kind', 'Select whose data to export');
  const key = form.key ?? '';
  if (key === '')
    errors.add('key', 'Enter the child’s id or case number, or the staff member’s email or id');
  else if (key.length > 320) errors.add('key', 'The id must be 320 characters or fewer');
  return { kind, key, errors };
}

export function subjectAccessRoutes(services: Services) {
  const caller = async (request: FastifyRequest): Promise<SubjectAccessCaller> => {
    const user = request.currentSession!.user;
    const actor = await actorOf(request, services.access);
    if (!can(actor, 'export', { type: 'subject_access' })) throw notAllowed();
    return { organisationId: user.organisationId, userId: user.id, actor, requestId: request.id };
  };

  const form = (reply: FastifyReply, values: FormValues, errors?: FormErrors) =>
    reply.view(view('form'), {
      title: 'Subject access',
      values,
      subjectKinds,
      ...errorLocals(errors),
    });

  /** The export asked for by the form, or the form again with what is wrong. */
  async function exported(request: FastifyRequest, reply: FastifyReply) {
    const c = await caller(request);
    const values = formValues(request.body);
    const { kind, key, errors } = readRequest(values);
    if (errors.any) return { page: form(reply.code(400), values, errors) };
    const result = await services.subjectAccess.export(c, kind, key);
    if (!result) {
      errors.add(
        'key',
        kind === 'child'
          ? 'No child has that id or case number in your organisation'
          : 'No staff member has that email address or id in your organisation',
      );
      return { page: form(reply.code(400), values, errors) };
    }
    return { result, values };
  }

  return async (app: FastifyInstance) => {
    app.get(base, async (request, reply) => {
      await caller(request);
      return form(reply, {});
    });

    app.post(base, async (request, reply) => {
      const { page, result, values } = await exported(request, reply);
      if (page) return page;
      return reply.view(view('export'), {
        title: `Subject access: ${result!.subject.name}`,
        doc: result,
        body: exportHtml(result!),
        values,
      });
    });

    app.post(`${base}/download`, async (request, reply) => {
      const { page, result } = await exported(request, reply);
      if (page) return page;
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="subject-access-${result!.subject.kind}-${result!.subject.id}.json"`,
        )
        .send(`${JSON.stringify(result, null, 2)}\n`);
    });
  };
}
