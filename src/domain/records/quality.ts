/**
 * The record-quality checks: the seeds' practice expectations for what a supervision record
 * shows (Northumberland C01, C02), what it leaves out (children's names in professional notes:
 * systemic C07, Manchester C12, Durham C30) and what it evidences (the child's views, C17; two
 * examples of direct work, Manchester C14 / T-002-L.3; actions with an owner and a date, C01(10),
 * C11). Oversight checks them as warnings wherever a pack is silent; a pack's own rule replaces
 * the default check by check, and a `must` stops a record being shared until it is met.
 */
import {
  type PolicyPack,
  type RecordQualityCheck,
  type RecordQualityRule,
  recordQualityChecks,
} from '../policy/schema.ts';
import type { RecordKind } from '../policy/vocabulary.ts';
import { type AnswerField, answerFields, isStructured, quoted } from './answers.ts';
import type {
  CaseloadChild,
  OpenAction,
  QualityFinding,
  RecordContent,
  Template,
} from './types.ts';

const oversight = { seed: 'Oversight', section: 'record-quality checks' };

const defaultRule = (check: RecordQualityCheck, note: string): RecordQualityRule => ({
  id: `oversight-${check.replaceAll('_', '-')}`,
  source: oversight,
  note,
  check,
  level: 'warning',
});

/** Oversight's own checks, applied as warnings to every kind where a pack says nothing. */
export const defaultQualityRules: readonly RecordQualityRule[] = [
  defaultRule('blank_sections', 'Records must not contain "Blank notes." (Northumberland C02).'),
  defaultRule(
    'bullets_or_dates_only',
    'Not "a list of bullet points or a list of dates that do not explain what they mean to the child" (Northumberland C02).',
  ),
  defaultRule(
    'copied_from_previous',
    'Not "A copy of previous supervision discussions." (Northumberland C02).',
  ),
  defaultRule(
    'action_owner_and_date',
    '"New actions that explain what needs to happen, who will do it and by when" (Northumberland C01(10)).',
  ),
  defaultRule(
    'repeated_actions',
    'Actions are "reviewed and carried forward until they are completed" (Northumberland C01(3)), not agreed again.',
  ),
  defaultRule(
    'child_views',
    'The child\'s wishes, views and feelings "ascertained, taken into consideration and recorded" (Manchester C17).',
  ),
];

/** Professional notes, where the packs that forbid names mean them (C07, C12, C30). */
const namesCheckedIn: readonly RecordKind[] = ['personal_supervision', 'pdr'];

function appliesTo(rule: RecordQualityRule, kind: RecordKind): boolean {
  return rule.recordKinds === undefined || rule.recordKinds.includes(kind);
}

function childNamesRule(pack: PolicyPack, kind: RecordKind): RecordQualityRule | undefined {
  const policy = pack.childIdentifiers;
  if (!policy || policy.policy === 'names_required' || !namesCheckedIn.includes(kind))
    return undefined;
  return {
    id: policy.id,
    source: policy.source,
    ...(policy.note !== undefined ? { note: policy.note } : {}),
    check: 'child_names',
    level: 'warning',
    recordKinds: [...namesCheckedIn],
  };
}

/**
 * The rules a record of this kind is checked against: Oversight's defaults and the child-names
 * rule the pack's childIdentifiers imply, each replaced by the pack's own rule for that check
 * (its `must` first where it has several).
 */
export function qualityRulesFor(pack: PolicyPack, kind: RecordKind): RecordQualityRule[] {
  const implied = [...defaultQualityRules, childNamesRule(pack, kind)].filter(
    (rule): rule is RecordQualityRule => rule !== undefined,
  );
  const own = (pack.recordQuality ?? [])
    .filter((rule) => appliesTo(rule, kind))
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'must' ? -1 : 1));
  const byCheck = new Map<RecordQualityCheck, RecordQualityRule>();
  for (const rule of [...own, ...implied])
    if (!byCheck.has(rule.check)) byCheck.set(rule.check, rule);
  // In the order of the checks, so findings read the same whoever wrote the rules.
  return recordQualityChecks.flatMap((check) => byCheck.get(check) ?? []);
}

export type QualityInput = {
  template: Template;
  content: RecordContent;
  rules: readonly RecordQualityRule[];
  /** The previous record about the same person or child, to spot copied text. */
  previous?: RecordContent;
  /** The descriptions of the actions agreed in the previous supervision. */
  previousActions?: readonly string[];
  openActions?: readonly OpenAction[];
  caseload?: readonly CaseloadChild[];
};

type Finding = Omit<QualityFinding, 'check' | 'level' | 'ruleId'>;

const answered = (content: RecordContent, key: string) => content.answers[key] !== undefined;

function textAnswer(content: RecordContent, key: string): string | undefined {
  const value = content.answers[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

const isText = (field: AnswerField) =>
  (field.type === 'text' || field.type === 'table') && !isStructured(field);

function sectionsOf(template: Template): AnswerField[][] {
  const bySection = new Map<string, AnswerField[]>();
  for (const field of answerFields(template)) {
    if (isStructured(field)) continue;
    bySection.set(field.sectionId, [...(bySection.get(field.sectionId) ?? []), field]);
  }
  return [...bySection.values()];
}

/** "Blank notes." (C02): a section with nothing in it, or a text field left blank in one. */
function blankSections({ template, content, rules }: QualityInput): Finding[] {
  // A blank child-views field is the child_views check's to report, when it is on.
  const viewsChecked = rules.some((rule) => rule.check === 'child_views');
  return sectionsOf(template).flatMap((fields) => {
    const first = fields[0] as AnswerField;
    if (!fields.some((field) => answered(content, field.key)))
      return [{ field: first.key, message: `${quoted(first.heading)} is blank` }];
    return fields
      .filter((field) => isText(field) && !answered(content, field.key))
      .filter((field) => !(viewsChecked && field.purpose === 'child_views'))
      .map((field) => ({ field: field.key, message: `${quoted(field.label)} is blank` }));
  });
}

const bulletMarker = /^(?:[-*•–]|\d+[.)])\s*/u;
const datePatterns = [
  /^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b/u,
  /^\d{4}-\d{2}-\d{2}\b/u,
  /^\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?\b/iu,
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?/iu,
];
/** Fewer words than this in a bullet or after a date is a note, not an explanation. */
export const fewWords = 8;

const wordCount = (text: string) =>
  text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** A bullet point or a dated entry of a few words: a list item, not a sentence. */
function isListItem(line: string): boolean {
  const bullet = bulletMarker.exec(line);
  if (bullet) return wordCount(line.slice(bullet[0].length)) < fewWords;
  const date = datePatterns.map((p) => p.exec(line)).find((m) => m !== null);
  return date !== undefined && wordCount(line.slice(date[0].length)) < fewWords;
}

export function isBulletsOrDatesOnly(text: string): boolean {
  const lines = text
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length > 0 && lines.every(isListItem);
}

/** "a list of bullet points or a list of dates that do not explain what they mean to the child". */
function bulletsOrDatesOnly({ template, content }: QualityInput): Finding[] {
  return answerFields(template)
    .filter(isText)
    .filter((field) => isBulletsOrDatesOnly(textAnswer(content, field.key) ?? ''))
    .map((field) => ({
      field: field.key,
      message: `${quoted(field.label)} is a list of bullet points or dates: explain what they mean to the child`,
    }));
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?])\s+|\r?\n/u)
    .map(normalise)
    .filter((s) => s !== '');

function fiveGramsOf(text: string): string[] {
  const words = normalise(text).split(' ');
  const grams: string[] = [];
  for (let i = 0; i + 5 <= words.length; i++) grams.push(words.slice(i, i + 5).join(' '));
  return grams;
}

/** Shorter answers ("No concerns.") repeat honestly from one month to the next. */
export const copiedMinimumLength = 40;
/** Mostly copied: at least this share of its sentences, or of its runs of five words. */
export const copiedShare = 0.8;

const share = (items: readonly string[], from: ReadonlySet<string>) =>
  items.length === 0 ? 0 : items.filter((item) => from.has(item)).length / items.length;

export function isCopied(text: string, previousTexts: readonly string[]): boolean {
  if (text.trim().length < copiedMinimumLength) return false;
  const sentences = new Set(previousTexts.flatMap(sentencesOf));
  const grams = new Set(previousTexts.flatMap(fiveGramsOf));
  return (
    share(sentencesOf(text), sentences) >= copiedShare ||
    share(fiveGramsOf(text), grams) >= copiedShare
  );
}

/** "A copy of previous supervision discussions." (C02) */
function copiedFromPrevious({ template, content, previous }: QualityInput): Finding[] {
  if (!previous) return [];
  const before = Object.values(previous.answers).filter((v): v is string => typeof v === 'string');
  return answerFields(template)
    .filter(isText)
    .filter((field) => isCopied(textAnswer(content, field.key) ?? '', before))
    .map((field) => ({
      field: field.key,
      message: `${quoted(field.label)} is copied from the previous supervision record: record what was discussed this time`,
    }));
}

/** "New actions that explain what needs to happen, who will do it and by when" (C01(10)). */
function actionOwnerAndDate({ content }: QualityInput): Finding[] {
  return content.actions.flatMap((action, i) => {
    const what = quoted(action.description);
    const message =
      action.ownerId === null
        ? `Say who will do ${what}${action.dueOn === null ? ' and by when' : ''}`
        : action.dueOn === null
          ? `Say by when ${what} is to be done`
          : undefined;
    return message ? [{ field: `actions[${i}]`, message }] : [];
  });
}

/** Actions are "carried forward until they are completed" (C01(3)), not agreed afresh. */
function repeatedActions({ content, previousActions, openActions }: QualityInput): Finding[] {
  const before = new Set((previousActions ?? []).map(normalise));
  const lastProgress = new Map((openActions ?? []).map((a) => [a.id, a]));
  const actions = content.actions.flatMap((action, i) =>
    before.has(normalise(action.description))
      ? [
          {
            field: `actions[${i}]`,
            message: `${quoted(action.description)} was agreed in the previous supervision: review its progress instead of agreeing it again`,
          },
        ]
      : [],
  );
  const reviews = content.reviews.flatMap((review, i) => {
    const open = lastProgress.get(review.actionId);
    const last = open?.lastProgress;
    if (!open || !last || normalise(last) !== normalise(review.progress)) return [];
    return [
      {
        field: `reviews[${i}]`,
        message: `The progress on ${quoted(open.description)} is the same as last time: say what has changed since`,
      },
    ];
  });
  return [...actions, ...reviews];
}

/** The child's wishes, views and feelings "ascertained, taken into consideration and recorded". */
function childViews({ template, content }: QualityInput): Finding[] {
  return answerFields(template)
    .filter((field) => field.purpose === 'child_views' && !answered(content, field.key))
    .map((field) => ({
      field: field.key,
      message: `${quoted(field.label)} is blank: record the child’s wishes, views and feelings`,
    }));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const notInWord = (pattern: string) => `(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`;

/** The ways a name is written: in full either way round; the forename alone when distinctive. */
function namePatterns(name: string): RegExp[] {
  const parts = name.trim().split(/\s+/u).filter(Boolean).map(escapeRegExp);
  if (parts.length === 0) return [];
  const full = [parts.join('\\s+')];
  if (parts.length > 1) full.push(`${parts.at(-1)},?\\s+${parts.slice(0, -1).join('\\s+')}`);
  const patterns = full.map((p) => new RegExp(notInWord(p), 'iu'));
  const forename = name.trim().split(/\s+/u)[0] as string;
  // A short or lower-case forename ("Jo", "will") is too often an ordinary word.
  if (parts.length > 1 && (forename.match(/\p{L}/gu) ?? []).length >= 4) {
    const capitalised = forename.charAt(0).toUpperCase() + forename.slice(1);
    patterns.push(new RegExp(notInWord(escapeRegExp(capitalised)), 'u'));
  }
  return patterns;
}

/** Every free text of the record, by the field its finding names. */
function textsOf(template: Template, content: RecordContent): { field: string; text: string }[] {
  const answers = answerFields(template)
    .filter((field) => !isStructured(field))
    .flatMap((field) => {
      const text = textAnswer(content, field.key);
      return text ? [{ field: field.key, text }] : [];
    });
  const actions = content.actions.map((a, i) => ({ field: `actions[${i}]`, text: a.description }));
  const reviews = content.reviews.map((r, i) => ({
    field: `reviews[${i}]`,
    text: [r.progress, r.dropReason ?? ''].join('\n'),
  }));
  return [...answers, ...actions, ...reviews];
}

/** "Names … of children … will not be recorded … However ID numbers may be used" (C07, C12, C30). */
function childNames({ template, content, caseload }: QualityInput): Finding[] {
  if (!caseload || caseload.length === 0) return [];
  const texts = textsOf(template, content);
  return caseload.flatMap((child) => {
    const patterns = child.names.flatMap(namePatterns);
    return texts.flatMap(({ field, text }) => {
      const found = patterns.map((p) => p.exec(text)).find((m) => m !== null);
      if (!found) return [];
      return [
        {
          field,
          message: `${quoted(found[0].replace(/\s+/gu, ' '))} is the name of a child on this caseload: use their ID ${child.externalId} instead`,
        },
      ];
    });
  });
}

/** Each line of an answer is an example, except a lead-in that ends with a colon. */
export function countExamples(text: string): number {
  return text
    .split(/\r?\n/u)
    .map((line) => line.replace(bulletMarker, '').trim())
    .filter((line) => line !== '' && !line.endsWith(':')).length;
}

/** "two examples of either the planning of, or, the occurrence of direct work with children" (C14). */
function directWorkExamples(
  { template, content }: QualityInput,
  rule: RecordQualityRule,
): Finding[] {
  const fields = answerFields(template).filter((field) => field.purpose === 'direct_work');
  // A template with nowhere to record direct work cannot meet the rule: that is the pack's to fix.
  if (fields.length === 0) return [];
  const min = rule.min ?? 1;
  const count = fields.reduce(
    (n, field) => n + countExamples(textAnswer(content, field.key) ?? ''),
    0,
  );
  if (count >= min) return [];
  const examples = min === 1 ? 'an example' : `${min} examples`;
  return [
    {
      field: (fields[0] as AnswerField).key,
      message: `Give ${examples} of the planning or the occurrence of direct work with children (${count} given)`,
    },
  ];
}

const checks: Record<
  RecordQualityCheck,
  (input: QualityInput, rule: RecordQualityRule) => Finding[]
> = {
  blank_sections: blankSections,
  bullets_or_dates_only: bulletsOrDatesOnly,
  copied_from_previous: copiedFromPrevious,
  action_owner_and_date: actionOwnerAndDate,
  repeated_actions: repeatedActions,
  child_views: childViews,
  child_names: childNames,
  direct_work_examples: directWorkExamples,
};

export function checkQuality(input: QualityInput): QualityFinding[] {
  return input.rules.flatMap((rule) =>
    checks[rule.check](input, rule).map((finding) => ({
      check: rule.check,
      level: rule.level,
      ...finding,
      ruleId: rule.id,
    })),
  );
}

/** A `must` stops a record being shared; warnings never do. */
export function blocksSharing(findings: readonly QualityFinding[]): boolean {
  return findings.some((finding) => finding.level === 'must');
}
