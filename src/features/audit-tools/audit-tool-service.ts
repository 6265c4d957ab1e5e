/**
 * The organisation's audit tools: the policy pack's and the organisation's own, which it adds
 * (and retires) on a page without code. A tool is stored in the organisation's policy overrides
 * under `auditTools`, and the pack with it is checked by the same validation as every pack
 * before anything is saved (docs/quality-assurance.md, "Your own audit tools").
 */
import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { resolvePack } from '../../domain/policy/drafts.ts';
import {
  type AuditQuestion,
  type AuditRule,
  type AuditTool,
  getPack,
  type PackOverrides,
  type PolicyPack,
} from '../../domain/policy/index.ts';
import { auditRuleSubject } from '../../domain/policy/validate.ts';
import { answerOptions } from '../../domain/quality/answers.ts';
import type { Clock } from '../../services/auth-service.ts';
import { type PolicyVersion, policyVersions } from '../../services/policy-versions.ts';
import { FormErrors, type FormValues, readText } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { kebabOf, readToolText, toolText } from './tool-text.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

/** Where a tool in force comes from. */
export type ToolSource = 'pack' | 'organisation' | 'changed';

export const ofChoices = [
  { value: 'supervision_records', text: 'Supervision records', hint: 'One record at a time' },
  {
    value: 'supervision_files',
    text: 'Supervision files',
    hint: 'A supervisee’s supervision over time',
  },
  { value: 'both', text: 'Both records and files' },
] as const;
type OfChoice = (typeof ofChoices)[number]['value'];

export const ofLabels: Record<string, string> = {
  supervision_records: 'Supervision records',
  supervision_files: 'Supervision files',
  own_work: 'A worker’s own work (self-assessment)',
};

const maxName = 120;
const maxPurpose = 1000;
const maxQuestionsText = 20_000;

/** The tool each of the pack's audit rules is answered on: the one it names, or the first for it. */
function toolOfRule(pack: PolicyPack, rule: AuditRule): string | undefined {
  if (rule.tool !== undefined) return rule.tool;
  const subject = auditRuleSubject(rule);
  return (pack.auditTools ?? []).find((tool) => tool.of.includes(subject))?.id;
}

/**
 * The version in force: its base pack (built-in, or a whole pack imported from a file, which
 * may keep a built-in's id), its overrides, and the pack in force with them.
 */
function policyOf(version: PolicyVersion) {
  const base = version.imported
    ? resolvePack(version.basePackId, version.basePack, null, 'stored')
    : { ok: true as const, value: getPack(version.basePackId) };
  // The version resolved, so its base does; one that does not is a fault.
  if (!base.ok || !base.value) throw new Error(`no base pack ${version.basePackId}`);
  const overrides: PackOverrides = { ...((version.overrides as PackOverrides | null) ?? {}) };
  const ownTools = Array.isArray(overrides.auditTools)
    ? (overrides.auditTools as { id?: unknown }[])
    : [];
  return { version, base: base.value, pack: version.pack, overrides, ownTools };
}

type Policy = ReturnType<typeof policyOf>;

function describe(policy: Policy, tool: AuditTool) {
  const inPack = (policy.base.auditTools ?? []).some((t) => t.id === tool.id);
  const overridden = policy.ownTools.some((t) => t.id === tool.id);
  const source: ToolSource = !inPack ? 'organisation' : overridden ? 'changed' : 'pack';
  const usedBy = policy.pack.audits.filter((rule) => toolOfRule(policy.pack, rule) === tool.id);
  const questions = tool.sections.reduce((n, s) => n + s.questions.length, 0);
  const sourceText =
    source === 'organisation'
      ? 'Your organisation'
      : source === 'changed'
        ? `${policy.base.name}, changed by your organisation`
        : policy.base.name;
  return {
    tool,
    source,
    sourceText,
    sourceSection: tool.source.section,
    of: tool.of.map((o) => ofLabels[o] ?? o).join(' and '),
    sections: tool.sections.length,
    questions,
    usedBy: usedBy.map((rule) => rule.id),
    /** Only the organisation's own, and only while no audit rule answers on it. */
    removable: source === 'organisation' && usedBy.length === 0,
  };
}

/** Why a tool cannot be removed, in words; undefined when it can. */
function whyNotRemovable(d: ReturnType<typeof describe>): string | undefined {
  if (d.source !== 'organisation')
    return 'This tool comes with the policy pack, so it cannot be removed.';
  if (d.usedBy.length > 0)
    return `The sampling plan${d.usedBy.length > 1 ? 's' : ''} ${d.usedBy.map((id) => `“${id}”`).join(', ')} ${d.usedBy.length > 1 ? 'use' : 'uses'} this tool. Change ${d.usedBy.length > 1 ? 'them' : 'it'} to use another tool before removing this one.`;
  return undefined;
}

/** How a question is answered, in words: 'Yes or No (No shows good practice)'. */
function answerText(question: AuditQuestion): string {
  const options = answerOptions(question);
  if (options.length === 0) return 'Free text';
  const words = options.map((o) => o.label);
  const choices = `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  const good = options.filter((o) => o.favourable).map((o) => o.label);
  return `${choices} (${good.join(' or ')} ${good.length > 1 ? 'show' : 'shows'} good practice)`;
}

export type RemoveOutcome =
  | { outcome: 'removed'; name: string }
  | { outcome: 'refused'; message: string };

export type NewToolOutcome =
  | { outcome: 'saved'; id: string }
  | { outcome: 'invalid'; values: FormValues; errors: FormErrors };

/** A change decided on the version in force: saved as the next version, or refused. */
type Decided<T> =
  | { write: false; result: T }
  | { write: true; overrides: PackOverrides; reason: string; audit: ToolAudit; result: T };
type ToolAudit = { action: string; resourceId: string; detail: Record<string, unknown> };

export function auditToolService(
  repos: Repositories,
  options: { today: () => IsoDate; clock?: Clock },
) {
  const versions = policyVersions(repos, options.clock ? { clock: options.clock } : {});

  async function load(caller: Caller, action: 'view' | 'edit') {
    if (!can(caller.actor, action, { type: 'audit_tools' })) throw notAllowed();
    return policyOf(await versions.current(caller.user.organisationId));
  }

  /**
   * Saves what `decide` makes of the version in force as the next policy version, by the
   * person acting and with a reason. Decided again when another version was saved meanwhile,
   * so two administrators adding tools at once cannot lose one another's.
   */
  async function change<T>(
    caller: Caller,
    decide: (policy: Policy) => Decided<T>,
    refused: (problems: string[]) => T,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const policy = policyOf(await versions.current(caller.user.organisationId));
      const decided = decide(policy);
      if (!decided.write) return decided.result;
      const { version } = policy;
      const saved = await versions.saveAs(
        { userId: caller.user.id, name: caller.user.displayName },
        caller.user.organisationId,
        {
          basePackId: version.basePackId,
          overrides: decided.overrides,
          ...(version.imported ? { basePack: version.basePack } : {}),
        },
        decided.reason,
        {
          requestId: caller.requestId,
          baseVersion: version.version,
          audit: { resourceType: 'audit_tool', ...decided.audit },
        },
      );
      if (saved.ok) return decided.result;
      const lost = saved.problems.some((p) => p.startsWith('baseVersion:'));
      if (!lost || attempt >= 3) return refused(saved.problems);
    }
  }

  const toolsOf = (policy: Policy) =>
    (policy.pack.auditTools ?? []).map((tool) => describe(policy, tool));

  /** Problems with a new tool's name against the tools in force: none, or the message. */
  function nameProblem(policy: Policy, name: string, id: string): string | undefined {
    if (id === '') return 'Enter a name with letters or numbers in it';
    // The address of the form that adds a tool: a tool with this id could not be opened.
    if (id === 'new') return 'Give the tool a longer name than “New”';
    const same = (policy.pack.auditTools ?? []).find(
      (t) => t.id === id || t.name.trim().toLowerCase() === name.toLowerCase(),
    );
    return same
      ? `There is already an audit tool called “${same.name}”: give this one another name`
      : undefined;
  }

  return {
    /** Every tool in force, the pack's first in its order, then the organisation's own. */
    async list(caller: Caller) {
      const policy = await load(caller, 'view');
      const organisation = await repos.organisations.findById(caller.user.organisationId);
      if (!organisation) throw notFound();
      return {
        organisationName: organisation.name,
        packName: policy.base.name,
        tools: toolsOf(policy),
        canEdit: can(caller.actor, 'edit', { type: 'audit_tools' }),
      };
    },

    /** One tool with every section and question. */
    async tool(caller: Caller, id: string) {
      const policy = await load(caller, 'view');
      const tool = (policy.pack.auditTools ?? []).find((t) => t.id === id);
      if (!tool) throw notFound();
      const d = describe(policy, tool);
      return {
        ...d,
        sectionsShown: tool.sections.map((section) => ({
          ...section,
          questions: section.questions.map((q) => ({ ...q, answerText: answerText(q) })),
        })),
        whyNotRemovable: whyNotRemovable(d),
        canEdit: can(caller.actor, 'edit', { type: 'audit_tools' }),
      };
    },

    /** The empty form, or one started from an existing tool's questions. */
    async newForm(caller: Caller, fromId: string | undefined): Promise<FormValues> {
      const policy = await load(caller, 'edit');
      const from = (policy.pack.auditTools ?? []).find((t) => t.id === fromId);
      if (!from || from.of.includes('own_work')) return {};
      const both = from.of.includes('supervision_records') && from.of.includes('supervision_files');
      return {
        purpose: from.purpose ?? '',
        of: both ? 'both' : (from.of[0] ?? ''),
        questions: toolText(from),
      };
    },

    /**
     * Adds a tool to the organisation's overrides, checked line by line and then as part of the
     * whole pack; any problem saves nothing. Duplicate names (or the ids made from them) are
     * refused, since plans name tools by id.
     */
    async create(caller: Caller, form: FormValues): Promise<NewToolOutcome> {
      const policy = await load(caller, 'edit');
      const errors = new FormErrors();
      const name = readText(form, errors, 'name', 'Name', {
        required: 'Enter the name of the audit tool',
        max: maxName,
      });
      const purpose = readText(form, errors, 'purpose', 'Purpose', { max: maxPurpose });
      const of = ofChoices.find((c) => c.value === form.of)?.value as OfChoice | undefined;
      const id = name ? kebabOf(name, 50) : '';
      if (name) {
        const problem = nameProblem(policy, name, id);
        if (problem) errors.add('name', problem);
      }
      if (!of) errors.add('of', 'Select what the tool audits');
      const text = form.questions ?? '';
      let sections: AuditTool['sections'] = [];
      if (text.trim() === '') errors.add('questions', 'Enter the questions, one on each line');
      else if (text.length > maxQuestionsText)
        errors.add('questions', `The questions must be ${maxQuestionsText} characters or fewer`);
      else {
        const read = readToolText(text);
        sections = read.sections;
        read.problems.forEach((p, i) => {
          // Every line's problem in the summary, each leading to the box.
          errors.add(i === 0 ? 'questions' : `questions-${i}`, p.message, { href: '#questions' });
        });
      }
      if (errors.any || !name || !of) return { outcome: 'invalid', values: form, errors };

      const organisationName =
        (await repos.organisations.findById(caller.user.organisationId))?.name ?? 'Organisation';
      const tool: AuditTool = {
        id,
        source: { seed: organisationName, section: 'Audit tools added in Oversight' },
        note: `Added in Oversight on ${options.today()}.`,
        name,
        ...(purpose ? { purpose } : {}),
        of: of === 'both' ? ['supervision_records', 'supervision_files'] : [of],
        sections,
      };
      const refuse = (field: string, message: string): NewToolOutcome => ({
        outcome: 'invalid',
        values: form,
        errors: new FormErrors().add(field, message),
      });
      return change<NewToolOutcome>(
        caller,
        (current) => {
          // Decided again on the latest version: another tool may have been added meanwhile.
          const problem = nameProblem(current, name, id);
          if (problem) return { write: false, result: refuse('name', problem) };
          return {
            write: true,
            overrides: { ...current.overrides, auditTools: [...current.ownTools, tool] },
            reason: `Audit tool “${name}” added on the audit tools page`,
            audit: {
              action: 'audit_tool.added',
              resourceId: id,
              detail: {
                name,
                of: tool.of,
                sections: sections.length,
                questions: sections.reduce((n, s) => n + s.questions.length, 0),
              },
            },
            result: { outcome: 'saved', id },
          };
        },
        (problems) => refuse('questions', `The tool could not be saved: ${problems.join('; ')}`),
      );
    },

    /** Retires one of the organisation's own tools that no audit rule uses. */
    async remove(caller: Caller, id: string): Promise<RemoveOutcome> {
      await load(caller, 'edit');
      return change<RemoveOutcome>(
        caller,
        (current) => {
          const tool = (current.pack.auditTools ?? []).find((t) => t.id === id);
          if (!tool) throw notFound();
          const why = whyNotRemovable(describe(current, tool));
          if (why) return { write: false, result: { outcome: 'refused', message: why } };
          const ownTools = current.ownTools.filter((t) => t.id !== id);
          const { auditTools: _, ...rest } = current.overrides;
          return {
            write: true,
            overrides: ownTools.length > 0 ? { ...rest, auditTools: ownTools } : rest,
            reason: `Audit tool “${tool.name}” retired on the audit tools page`,
            audit: { action: 'audit_tool.removed', resourceId: id, detail: { name: tool.name } },
            result: { outcome: 'removed', name: tool.name },
          };
        },
        (problems) => ({
          outcome: 'refused',
          message: `The tool could not be removed: ${problems.join('; ')}`,
        }),
      );
    },
  };
}
export type AuditToolService = ReturnType<typeof auditToolService>;
