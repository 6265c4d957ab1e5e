import type { z } from 'zod';
import { missingTemplateFields, namedSchemaProblem, selfContradictions } from './contradictions.ts';
import { formatProblems, type Parsed } from './problems.ts';
import {
  type AuditRule,
  type AuditSubject,
  type PolicyPack,
  policyPackSchema,
  ruleListKeys,
  type Template,
  type TemplateField,
} from './schema.ts';

/**
 * Checks a pack beyond its shape: rule ids unique in each list, step ranges in order, and
 * templates that can be drawn as forms.
 */
function semanticProblems(pack: PolicyPack, checks: PackChecks): string[] {
  const problems = ruleListKeys.flatMap((key) =>
    duplicateProblems(pack[key] ?? [], (index) => `$.${key}[${index}]`, 'rule id'),
  );
  pack.staffSupervision.forEach((rule, index) => {
    const h = rule.match.contractedHours;
    if (h?.atLeast !== undefined && h.below !== undefined && h.atLeast >= h.below) {
      problems.push(
        `$.staffSupervision[${index}].match.contractedHours: expected atLeast to be less than below`,
      );
    }
    if (rule.frequency.kind === 'stepped') {
      rule.frequency.steps.forEach((step, s) => {
        if (step.toWeek !== undefined && step.toWeek <= step.fromWeek) {
          problems.push(
            `$.staffSupervision[${index}].frequency.steps[${s}].toWeek: expected a week after fromWeek`,
          );
        }
      });
    }
  });
  // Answers are stored by field id, so a field id names one question in the whole agreement.
  const fieldIds = new Map<string, string>();
  const sectionIds = new Set<string>();
  pack.agreementTemplate?.sections.forEach((section, s) => {
    if (sectionIds.has(section.id))
      problems.push(`$.agreementTemplate.sections[${s}].id: expected a unique section id`);
    sectionIds.add(section.id);
    section.fields.forEach((field, f) => {
      const path = `$.agreementTemplate.sections[${s}].fields[${f}].id`;
      const first = fieldIds.get(field.id);
      if (first)
        problems.push(`${path}: expected a unique field id ("${field.id}" is also ${first})`);
      else fieldIds.set(field.id, path);
    });
  });
  pack.templates.forEach((template, t) => {
    problems.push(...templateProblems(template, `$.templates[${t}]`));
  });
  problems.push(...qualityProblems(pack));
  if (checks === 'all') problems.push(...selfContradictions(pack), ...missingTemplateFields(pack));
  return problems;
}

/** What an audit rule's audits look at: each report's audit reads their supervision file. */
export function auditRuleSubject(rule: AuditRule): AuditSubject {
  return rule.subjects.kind === 'sample' ? rule.subjects.of : 'supervision_files';
}

/** Audit tools that can be drawn as forms, rules that name a tool for what they audit. */
function qualityProblems(pack: PolicyPack): string[] {
  const tools = pack.auditTools ?? [];
  const problems: string[] = [];
  tools.forEach((tool, t) => {
    const path = `$.auditTools[${t}]`;
    problems.push(
      ...duplicateProblems(tool.sections, (s) => `${path}.sections[${s}]`, 'section id'),
      // Answers are kept by section and question id.
      ...tool.sections.flatMap((section, s) =>
        duplicateProblems(
          section.questions,
          (q) => `${path}.sections[${s}].questions[${q}]`,
          'question id in the section',
        ),
      ),
    );
    const ownWork = tool.of.includes('own_work');
    if (ownWork && tool.of.length > 1)
      problems.push(`${path}.of: expected own_work alone (a self-assessment audits no records)`);
    if (ownWork && tool.pieces === undefined)
      problems.push(`${path}.pieces: expected how many pieces of work a self-assessment rates`);
    if (!ownWork && (tool.pieces !== undefined || tool.readyBefore !== undefined))
      problems.push(`${path}.of: pieces and readyBefore are for a self-assessment (own_work)`);
  });
  pack.audits.forEach((rule, index) => {
    if (rule.tool === undefined) return;
    const tool = tools.find((candidate) => candidate.id === rule.tool);
    const path = `$.audits[${index}].tool`;
    if (!tool) problems.push(`${path}: expected the id of one of the pack's auditTools`);
    else if (!tool.of.includes(auditRuleSubject(rule)))
      problems.push(
        `${path}: expected a tool for ${auditRuleSubject(rule).replace('_', ' ')} ("${tool.id}" audits ${tool.of.join(', ').replaceAll('_', ' ')})`,
      );
  });
  if (pack.feedbackSurvey)
    problems.push(
      ...duplicateProblems(
        pack.feedbackSurvey.questions,
        (q) => `$.feedbackSurvey.questions[${q}]`,
        'question id',
      ),
    );
  return problems;
}

/** Reports each id of `items` already used by an earlier item, naming both. */
function duplicateProblems(
  items: readonly { id: string }[],
  path: (index: number) => string,
  what: string,
): string[] {
  const first = new Map<string, number>();
  return items.flatMap((item, index) => {
    const seen = first.get(item.id);
    if (seen === undefined) {
      first.set(item.id, index);
      return [];
    }
    return [`${path(index)}.id: expected a unique ${what} ("${item.id}" is also ${path(seen)}.id)`];
  });
}

/** A scale needs its range and a choice its options, or the form cannot be drawn. */
function fieldShapeProblems(field: TemplateField, path: string): string[] {
  if (field.type === 'scale') {
    if (!field.scale)
      return [`${path}.scale: expected a range { min, max } for a scale field (missing)`];
    if (field.scale.min >= field.scale.max)
      return [`${path}.scale: expected min to be less than max`];
  }
  if (field.type === 'choice' && (field.options ?? []).length === 0)
    return [`${path}.options: expected at least one option for a choice field`];
  return [];
}

/**
 * Answers are kept as `section.field`, so ids are unique where they meet; actions and their
 * review are tracked from one place in a record, so a template has at most one of each.
 */
function templateProblems(template: Template, path: string): string[] {
  const problems = duplicateProblems(
    template.sections,
    (s) => `${path}.sections[${s}]`,
    'section id',
  );
  const purposeAt = new Map<string, string>();
  template.sections.forEach((section, s) => {
    const fields = section.fields ?? [];
    const fieldPath = (f: number) => `${path}.sections[${s}].fields[${f}]`;
    problems.push(...duplicateProblems(fields, fieldPath, 'field id in the section'));
    fields.forEach((field, f) => {
      problems.push(...fieldShapeProblems(field, fieldPath(f)));
      if (field.purpose !== 'actions' && field.purpose !== 'review_of_actions') return;
      const first = purposeAt.get(field.purpose);
      if (first)
        problems.push(
          `${fieldPath(f)}.purpose: expected one "${field.purpose}" field in the template (also ${first})`,
        );
      else purposeAt.set(field.purpose, fieldPath(f));
    });
  });
  const signatories = template.signatories ?? [];
  signatories.forEach((party, i) => {
    const first = signatories.indexOf(party);
    if (first !== i)
      problems.push(
        `${path}.signatories[${i}]: expected each signatory once ("${party}" is also ${path}.signatories[${first}])`,
      );
  });
  return problems;
}

/**
 * Which checks a pack gets: 'all' when it is written, validated or imported; 'stored' for one
 * saved before, which runs as it was accepted: the checks added since (issue 13's
 * contradictions and missing template fields) must not stop an organisation's compliance pages
 * or a restore. The schema and the checks the engine relies on (unique ids, tools named) stay.
 */
export type PackChecks = 'all' | 'stored';

/** Validates unknown input as a policy pack; nothing half-valid is returned. */
export function validatePack(input: unknown, checks: PackChecks = 'all'): Parsed<PolicyPack> {
  const result = policyPackSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.flatMap(
      (issue) =>
        namedSchemaProblem(issue, input) ?? formatProblems({ issues: [issue] } as z.ZodError),
    );
    return { ok: false, problems: [...new Set(lines)] };
  }
  const problems = semanticProblems(result.data, checks);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: result.data };
}
