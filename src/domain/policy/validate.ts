import { formatProblems, type Parsed } from './problems.ts';
import { type PolicyPack, policyPackSchema, ruleListKeys } from './schema.ts';

/** Checks a pack beyond its shape: rule ids unique in each list, step ranges in order. */
function semanticProblems(pack: PolicyPack): string[] {
  const problems: string[] = [];
  for (const key of ruleListKeys) {
    const seen = new Map<string, number>();
    (pack[key] ?? []).forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first !== undefined) {
        problems.push(
          `$.${key}[${index}].id: expected a unique rule id ("${rule.id}" is also $.${key}[${first}].id)`,
        );
      } else seen.set(rule.id, index);
    });
  }
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
  return problems;
}

/** Validates unknown input as a policy pack; nothing half-valid is returned. */
export function validatePack(input: unknown): Parsed<PolicyPack> {
  const result = policyPackSchema.safeParse(input);
  if (!result.success) return { ok: false, problems: formatProblems(result.error) };
  const problems = semanticProblems(result.data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: result.data };
}
