/**
 * /organisation/policy: the version in force, choosing the pack, changing rules and templates,
 * the preview every change goes through before it is saved as a version, the versions (view,
 * restore), and export and import of a pack as JSON. Reading and export as the access policy
 * allows (can: policy view/export, quality assurance too); every change needs can: policy edit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../../domain/access/can.ts';
import { listPacks, type PackOverrides, type Template } from '../../domain/policy/index.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../../web/actor.ts';
import { errorLocals, FormErrors, type FormValues, formValues } from '../../web/forms.ts';
import { HttpError, notFound } from '../../web/http-errors.ts';
import { readUpload } from '../../web/uploads.ts';
import { kindLabels, stateLabels } from '../dashboards/labels.ts';
import { labels as recordLabels } from '../records/labels.ts';
import {
  canManagePolicy,
  type PolicyDraft,
  type PolicyVersion,
  parseDraft,
} from './policy-pages-service.ts';
import { ruleChanges } from './rule-changes.ts';
import {
  editableLists,
  fieldId,
  mergedIds,
  periodUnits,
  problemsOnForm,
  type RuleListKey,
  readRuleForm,
  readTerminology,
  rulesOf,
  withChanges,
} from './rule-fields.ts';
import {
  addField,
  addSection,
  applyOp,
  fieldTypeLabels,
  fieldTypes,
  parseOp,
} from './template-edits.ts';

const base = '/organisation/policy';
const view = (name: string) => `policy/views/${name}.njk`;
const maxImportBytes = 1024 * 1024;
const maxReason = 2000;

/** "staffSupervision" → "Staff supervision". */
export const listTitle = (key: string) => {
  const text = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const unitLabels: Record<string, string> = {
  days: 'days',
  working_days: 'working days',
  weeks: 'weeks',
  months: 'months',
};

const savedMessages: Record<string, string> = {
  saved: 'The new version is in force',
  restored: 'The earlier version is restored as a new version, now in force',
};

type Caller = {
  organisationId: string;
  actor: Awaited<ReturnType<typeof actorOf>>;
  requestId: string;
};

export function policyRoutes(services: Services) {
  const pages = services.policyPages;
  const { versions } = pages;

  async function caller(request: FastifyRequest, action: Action = 'edit'): Promise<Caller> {
    const actor = await actorOf(request, services.access);
    pages.authorise(actor, action);
    return {
      organisationId: request.currentSession!.user.organisationId,
      actor,
      requestId: request.id,
    };
  }

  async function versionOr404(c: Caller, text: string): Promise<PolicyVersion> {
    const number = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
    const found = Number.isNaN(number) ? undefined : await versions.get(c.organisationId, number);
    if (!found) throw notFound();
    return found;
  }

  /** The preview of a draft, with the reason box; or, if the draft does not check, its problems. */
  async function previewPage(
    reply: FastifyReply,
    c: Caller,
    draft: PolicyDraft,
    options: {
      errors?: FormErrors;
      values?: FormValues;
      status?: number;
      back: string;
      /** Restoring this version rather than saving the draft as a new one. */
      restoring?: number;
    } = { back: base },
  ) {
    const result = await pages.preview(c.organisationId, draft);
    if (!result.ok) {
      const errors = problemErrors(result.problems, '#draft-problems');
      return reply.code(400).view(view('problems'), {
        title: 'The change cannot be saved',
        problems: result.problems,
        back: options.back,
        ...errorLocals(errors),
      });
    }
    const next = await pages.nextVersion(c.organisationId);
    return reply.code(options.status ?? 200).view(view('preview'), {
      title: options.restoring
        ? `Check what restoring version ${options.restoring} does`
        : 'Check what the change does',
      preview: result.preview,
      current: { version: result.preview.baseVersion },
      changes: ruleChanges(result.preview.before, result.preview.after),
      next,
      save: options.restoring
        ? {
            action: `${base}/versions/${options.restoring}/restore`,
            text: `Restore version ${options.restoring} as version ${next}`,
            label: 'Why is this version restored?',
          }
        : {
            action: `${base}/versions`,
            text: `Save as version ${next}`,
            label: 'Why is the policy changing?',
          },
      draft: JSON.stringify(draft),
      values: options.values ?? {},
      back: options.back,
      kindLabels,
      stateLabels,
      listTitle,
      ...errorLocals(options.errors),
    });
  }

  async function rulesForm(
    reply: FastifyReply,
    c: Caller,
    list: RuleListKey | 'terminology',
    extra: { values?: FormValues; errors?: FormErrors } = {},
  ) {
    const current = await versions.current(c.organisationId);
    const draftBase = pages.baseOf(current);
    return reply.code(extra.errors ? 400 : 200).view(view('rules'), {
      title: `Change rules: ${listTitle(list)}`,
      list,
      listTitle,
      current,
      rules: list === 'terminology' ? [] : rulesOf(current.pack, list),
      terms: Object.entries(current.pack.terminology),
      advanced: JSON.stringify(draftBase.overrides, null, 2),
      periodUnits: periodUnits.map((u) => ({ value: u, text: unitLabels[u] })),
      fieldId,
      values: extra.values ?? {},
      ...errorLocals(extra.errors),
    });
  }

  function listOf(text: string): RuleListKey | 'terminology' {
    if (text === 'terminology') return text;
    if ((editableLists as readonly string[]).includes(text)) return text as RuleListKey;
    throw notFound();
  }

  async function templateOf(c: Caller, id: string) {
    const current = await versions.current(c.organisationId);
    const template = current.pack.templates.find((t) => t.id === id);
    if (!template) throw notFound();
    return { current, template };
  }

  async function templatePage(
    reply: FastifyReply,
    c: Caller,
    current: PolicyVersion,
    template: Template,
    extra: { values?: FormValues; errors?: FormErrors; edited?: boolean } = {},
  ) {
    return reply.code(extra.errors ? 400 : 200).view(view('template'), {
      title: `Template: ${template.title}`,
      current,
      template,
      templateJson: JSON.stringify(template),
      written: await pages.recordsOfKind(c.organisationId, template.recordKind),
      kindLabel: recordLabels.kind[template.recordKind] ?? template.recordKind,
      fieldTypes: fieldTypes.map((t) => ({ value: t, text: fieldTypeLabels[t] })),
      edited: extra.edited ?? false,
      values: extra.values ?? {},
      ...errorLocals(extra.errors),
    });
  }

  /**
   * The reason, trimmed, and what stops a save: no reason, too long a reason, or another
   * version saved since the preview was made (its baseVersion), which would be lost.
   */
  async function checkSave(c: Caller, values: FormValues, missing: string) {
    const reason = (values.reason ?? '').trim();
    const errors = Object.assign(new FormErrors(), { status: 400 });
    if (reason === '') errors.add('reason', missing);
    else if (reason.length > maxReason)
      errors.add('reason', `Reason must be ${maxReason} characters or fewer`);
    const latest = await versions.current(c.organisationId);
    if (String(latest.version) !== values.baseVersion) {
      errors.add(
        'baseVersion',
        `Version ${latest.version} was saved by ${latest.createdBy.name} since this change was previewed, so nothing was saved. Check what the change does to version ${latest.version} below, then save it again`,
        { href: '#rules-changed' },
      );
      errors.status = 409;
    }
    return { reason, errors };
  }

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { saved?: string } }>(base, async (request, reply) => {
      const c = await caller(request, 'view');
      return reply.view(view('overview'), {
        title: 'Policy',
        current: await versions.current(c.organisationId),
        canEdit: canManagePolicy(c.actor, 'edit'),
        saved: savedMessages[request.query.saved ?? ''],
      });
    });

    app.get(`${base}/pack`, async (request, reply) => {
      const c = await caller(request);
      const current = await versions.current(c.organisationId);
      return reply.view(view('pack'), {
        title: 'Choose the policy pack',
        packs: listPacks(),
        values: { pack: pages.baseOf(current).builtIn ? current.basePackId : '' },
        current,
      });
    });

    app.post(`${base}/pack`, async (request, reply) => {
      const c = await caller(request);
      const values = formValues(request.body);
      const current = await versions.current(c.organisationId);
      const pack = listPacks().find((p) => p.id === values.pack);
      if (!pack) {
        const errors = new FormErrors().add('pack', 'Select a policy pack');
        return reply.code(400).view(view('pack'), {
          title: 'Choose the policy pack',
          packs: listPacks(),
          values,
          current,
          ...errorLocals(errors),
        });
      }
      const draftBase = pages.baseOf(current);
      // Overrides were written for their own pack; another pack starts as published.
      const overrides =
        draftBase.builtIn && draftBase.basePackId === pack.id ? draftBase.overrides : {};
      return previewPage(reply, c, { basePackId: pack.id, overrides }, { back: `${base}/pack` });
    });

    app.get(`${base}/rules`, async (request, reply) => {
      const c = await caller(request);
      const current = await versions.current(c.organisationId);
      const lists = editableLists.map((key) => ({
        key,
        title: listTitle(key),
        count: (current.pack[key] ?? []).length,
      }));
      return reply.view(view('rule-lists'), { title: 'Change rules', current, lists });
    });

    app.get<{ Params: { list: string } }>(`${base}/rules/:list`, async (request, reply) => {
      const c = await caller(request);
      return rulesForm(reply, c, listOf(request.params.list));
    });

    app.post<{ Params: { list: string } }>(`${base}/rules/:list`, async (request, reply) => {
      const c = await caller(request);
      const list = listOf(request.params.list);
      const values = formValues(request.body);
      const current = await versions.current(c.organisationId);
      const draftBase = pages.baseOf(current);
      let overrides: PackOverrides;
      try {
        const parsed = JSON.parse(values.advanced || '{}');
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        overrides = parsed as PackOverrides;
      } catch {
        const errors = new FormErrors().add(
          'advanced',
          'Overrides must be a JSON object, like { "caseSupervision": [ … ] }',
        );
        return rulesForm(reply, c, list, { values, errors });
      }
      const reading =
        list === 'terminology'
          ? readTerminology(current.pack, values)
          : readRuleForm(current.pack, list, values);
      if (reading.errors.any) return rulesForm(reply, c, list, { values, errors: reading.errors });
      const draft = pages.draftOf(draftBase, withChanges(overrides, list, reading.entries));
      const checked = versions.check(draft);
      if (!checked.ok) {
        const changedOverrides = withChanges(overrides, list, reading.entries);
        const errors = problemsOnForm(
          checked.problems,
          list === 'terminology' ? [] : rulesOf(current.pack, list),
          (key, index) => mergedIds(draftBase.pack, changedOverrides, key as RuleListKey)[index],
          list,
        );
        return rulesForm(reply, c, list, { values, errors });
      }
      return previewPage(reply, c, draft, { back: `${base}/rules/${list}` });
    });

    app.get(`${base}/templates`, async (request, reply) => {
      const c = await caller(request);
      const current = await versions.current(c.organisationId);
      return reply.view(view('templates'), {
        title: 'Record templates',
        current,
        templates: current.pack.templates,
        kindLabels: recordLabels.kind,
      });
    });

    app.get<{ Params: { id: string } }>(`${base}/templates/:id`, async (request, reply) => {
      const c = await caller(request);
      const { current, template } = await templateOf(c, request.params.id);
      return templatePage(reply, c, current, template);
    });

    app.post<{ Params: { id: string } }>(`${base}/templates/:id`, async (request, reply) => {
      const c = await caller(request);
      const { current, template: stored } = await templateOf(c, request.params.id);
      const values = formValues(request.body);
      const template = parseTemplate(values.template, stored);
      const op = parseOp(values.op);
      if (!op) throw new HttpError(400, 'The change could not be read', 'Go back and try again.');
      if (op.op === 'preview') {
        const draftBase = pages.baseOf(current);
        const overrides = withChanges(draftBase.overrides, 'templates', [
          { id: stored.id, sections: template.sections },
        ]);
        const draft = pages.draftOf(draftBase, overrides);
        const checked = versions.check(draft);
        if (!checked.ok) {
          const errors = problemErrors(checked.problems, '#sections');
          return templatePage(reply, c, current, template, { values, errors, edited: true });
        }
        return previewPage(reply, c, draft, { back: `${base}/templates/${stored.id}` });
      }
      const added =
        op.op === 'add-section'
          ? addSection(template, values)
          : op.op === 'add-field'
            ? addField(template, values)
            : { template: applyOp(template, op), errors: new FormErrors() };
      if (added.errors.any)
        return templatePage(reply, c, current, template, {
          values,
          errors: added.errors,
          edited: true,
        });
      // What was typed to add is cleared once added; the rest of the form is the template itself.
      return templatePage(reply, c, current, added.template, { edited: true });
    });

    app.post(`${base}/versions`, async (request, reply) => {
      const c = await caller(request);
      const values = formValues(request.body);
      const draft = parseDraft(values.draft);
      const { reason, errors } = await checkSave(c, values, 'Enter why the policy is changing');
      if (errors.any)
        return previewPage(reply, c, draft, { errors, values, status: errors.status, back: base });
      const saved = await versions.save(c.actor, draft, reason, { requestId: c.requestId });
      if (!saved.ok) {
        const problems = problemErrors(saved.problems, '#draft-problems');
        return reply.code(400).view(view('problems'), {
          title: 'The change cannot be saved',
          problems: saved.problems,
          back: base,
          ...errorLocals(problems),
        });
      }
      return reply.redirect(`${base}/versions/${saved.version.version}?saved=saved`, 303);
    });

    app.get(`${base}/versions`, async (request, reply) => {
      const c = await caller(request, 'view');
      return reply.view(view('versions'), {
        title: 'Policy versions',
        versions: await versions.list(c.organisationId),
      });
    });

    app.get<{ Params: { n: string }; Querystring: { saved?: string } }>(
      `${base}/versions/:n`,
      async (request, reply) => {
        const c = await caller(request, 'view');
        const version = await versionOr404(c, request.params.n);
        return versionPage(reply, c, version, { saved: savedMessages[request.query.saved ?? ''] });
      },
    );

    async function versionPage(
      reply: FastifyReply,
      c: Caller,
      version: PolicyVersion,
      extra: { saved?: string | undefined },
    ) {
      const [previous, current] = await Promise.all([
        version.version > 1 ? versions.get(c.organisationId, version.version - 1) : undefined,
        versions.current(c.organisationId),
      ]);
      return reply.view(view('version'), {
        title: `Policy version ${version.version}`,
        version,
        previous,
        inForce: current.version === version.version,
        canEdit: canManagePolicy(c.actor, 'edit'),
        changes: previous ? ruleChanges(previous.pack, version.pack) : [],
        packJson: JSON.stringify(version.pack, null, 2),
        listTitle,
        saved: extra.saved,
      });
    }

    app.post<{ Params: { n: string } }>(`${base}/versions/:n/restore`, async (request, reply) => {
      const c = await caller(request);
      const version = await versionOr404(c, request.params.n);
      const values = formValues(request.body);
      // Restoring goes through the preview first, like any change; its form confirms.
      const draft = draftOfVersion(version);
      const back = `${base}/versions/${version.version}`;
      if (values.confirm !== 'yes')
        return previewPage(reply, c, draft, { back, restoring: version.version });
      const { reason, errors } = await checkSave(c, values, 'Enter why this version is restored');
      if (errors.any)
        return previewPage(reply, c, draft, {
          errors,
          values,
          status: errors.status,
          back,
          restoring: version.version,
        });
      const restored = await versions.restore(c.actor, c.organisationId, version.version, reason);
      return reply.redirect(`${base}/versions/${restored.version}?saved=restored`, 303);
    });

    app.get<{ Querystring: { version?: string } }>(`${base}/export`, async (request, reply) => {
      const c = await caller(request, 'export');
      const version = request.query.version
        ? (await versionOr404(c, request.query.version)).version
        : undefined;
      const text = await versions.exportPack(c.organisationId, version);
      const number = version ?? (await versions.current(c.organisationId)).version;
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="policy-version-${number}.json"`)
        .send(text);
    });

    app.get(`${base}/import`, async (request, reply) => {
      await caller(request);
      return reply.view(view('import'), { title: 'Import a policy pack' });
    });

    app.post(`${base}/import`, { config: { csrfInMultipart: true } }, async (request, reply) => {
      const c = await caller(request);
      if (!request.isMultipart())
        throw new HttpError(
          400,
          'The file could not be sent',
          'Choose the file again and select Upload.',
        );
      const upload = await readUpload(request, maxImportBytes);
      const refuse = (text: string) =>
        reply.code(400).view(view('import'), {
          title: 'Import a policy pack',
          ...errorLocals(new FormErrors().add('file', text)),
        });
      if (upload.tooLarge)
        return refuse(`The selected file must be smaller than ${maxImportBytes / 1024 / 1024} MB`);
      if (!upload.content || upload.content.length === 0)
        return refuse('Select a JSON file of a policy pack');
      let pack: unknown;
      try {
        pack = JSON.parse(upload.content.toString('utf8'));
      } catch {
        return refuse('The selected file must be JSON (a policy pack as exported)');
      }
      const draft = { pack };
      const checked = versions.check(draft);
      if (!checked.ok) {
        const errors = problemErrors(checked.problems, '#file', 'file');
        return reply
          .code(400)
          .view(view('import'), { title: 'Import a policy pack', ...errorLocals(errors) });
      }
      return previewPage(reply, c, draft, { back: `${base}/import` });
    });
  };
}

/** The draft that restoring a version saves again: its base (built-in or imported) and overrides. */
function draftOfVersion(version: PolicyVersion): PolicyDraft {
  const { basePackId, overrides } = version;
  return version.imported
    ? { basePackId, overrides, basePack: version.basePack }
    : { basePackId, overrides };
}

/** One line of the error summary per problem, each linked to where the problems are shown. */
function problemErrors(problems: readonly string[], href: string, firstField?: string): FormErrors {
  const errors = new FormErrors();
  for (const [i, problem] of problems.entries())
    errors.add(i === 0 && firstField ? firstField : `problem-${i}`, problem, { href });
  return errors;
}

/** The template as posted back, or the stored one when the field is missing or unreadable. */
function parseTemplate(text: string | undefined, stored: Template): Template {
  try {
    const value = JSON.parse(text ?? '') as Template;
    if (value && value.id === stored.id && Array.isArray(value.sections)) return value;
  } catch {
    // fall through: the page starts again from the template in force
  }
  return stored;
}
