/**
 * The headline of a record: the line lists and the child's record show. A template may give its
 * own format (Manchester's headline box: "MONTHLY/AD HOC Supervision - Mary Poppins TM and Jo
 * Smith SW", T-002-L.2); otherwise it is the template's title, who or what it is about and the
 * date.
 */
import { dateInWords } from '../calendar/date-words.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { RoleCategory } from '../organisation/vocabulary.ts';
import type { Template } from './types.ts';

/** The short forms of roles, as Manchester's headline uses them ("TM", "SW"). */
export const roleAbbreviations: Record<RoleCategory, string> = {
  social_worker: 'SW',
  senior_practitioner: 'SP',
  family_help_worker: 'FHW',
  // Designated safeguarding lead, as schools name the role Leeds calls the "senior designated
  // leader/officer for child protection".
  school_safeguarding_staff: 'DSL',
  student: 'Student SW',
  apprentice: 'Apprentice SW',
  team_manager: 'TM',
  operations_manager: 'OM',
  senior_manager: 'SM',
  business_support: 'BS',
};

export type HeadlinePerson = { name: string; roleCategory: RoleCategory | null };

export type HeadlineFacts = {
  supervisor?: HeadlinePerson;
  supervisee?: HeadlinePerson;
  /** The child's name where the record may carry it, else the case id stands for the child. */
  child?: { name: string | null; caseId: string };
  date: IsoDate;
};

export const headlineMaxLength = 300;

const roleOf = (person: HeadlinePerson | undefined) =>
  person?.roleCategory ? roleAbbreviations[person.roleCategory] : '';

const childOf = (child: HeadlineFacts['child']) => (child ? (child.name ?? child.caseId) : '');

function fill(format: string, facts: HeadlineFacts): string {
  const tokens: Record<string, string> = {
    supervisor: facts.supervisor?.name ?? '',
    supervisorRole: roleOf(facts.supervisor),
    supervisee: facts.supervisee?.name ?? '',
    superviseeRole: roleOf(facts.supervisee),
    child: childOf(facts.child),
    date: dateInWords(facts.date),
  };
  // An unknown token is left as written, so a mistake in a pack shows rather than vanishes.
  return format.replace(/\{(\w+)\}/g, (token, name: string) => tokens[name] ?? token);
}

function generic(template: Template, facts: HeadlineFacts): string {
  const about = facts.supervisee?.name ?? childOf(facts.child);
  return [template.title, about, dateInWords(facts.date)].filter((part) => part !== '').join(' – ');
}

function clip(text: string): string {
  return text.length <= headlineMaxLength ? text : `${text.slice(0, headlineMaxLength - 1)}…`;
}

export function headlineFor(template: Template, facts: HeadlineFacts): string {
  const text = template.headline ? fill(template.headline, facts) : generic(template, facts);
  // Spaces a missing role or name leaves behind are collapsed.
  return clip(text.replace(/\s+/g, ' ').trim());
}
