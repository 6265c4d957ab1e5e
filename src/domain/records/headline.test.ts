import { describe, expect, it } from 'vitest';
import { roleCategories } from '../organisation/vocabulary.ts';
import type { Template } from '../policy/schema.ts';
import { headlineFor, headlineMaxLength, roleAbbreviations } from './headline.ts';

const source = { seed: 'test', section: 'test' };
const template = (over: Partial<Template> = {}): Template => ({
  id: 't',
  source,
  recordKind: 'personal_supervision',
  title: 'Personal supervision',
  sections: [{ id: 's', heading: 'S' }],
  ...over,
});

const mary = { name: 'Mary Poppins', roleCategory: 'team_manager' as const };
const jo = { name: 'Jo Smith', roleCategory: 'social_worker' as const };

describe('role abbreviations', () => {
  it('every role has a short form, and the seed’s own are TM and SW', () => {
    expect(Object.keys(roleAbbreviations).sort()).toEqual([...roleCategories].sort());
    expect(roleAbbreviations.team_manager).toBe('TM');
    expect(roleAbbreviations.social_worker).toBe('SW');
    expect(roleAbbreviations.senior_practitioner).toBe('SP');
    expect(roleAbbreviations.family_help_worker).toBe('FHW');
    expect(roleAbbreviations.operations_manager).toBe('OM');
    expect(roleAbbreviations.senior_manager).toBe('SM');
  });
});

describe('a template’s own headline', () => {
  const manchester = template({
    headline:
      'MONTHLY/AD HOC Supervision - {supervisor} {supervisorRole} and {supervisee} {superviseeRole}',
  });

  it('Manchester’s headline box (T-002-L.2)', () => {
    expect(headlineFor(manchester, { supervisor: mary, supervisee: jo, date: '2026-03-12' })).toBe(
      'MONTHLY/AD HOC Supervision - Mary Poppins TM and Jo Smith SW',
    );
  });

  it('collapses the spaces a missing role leaves', () => {
    expect(
      headlineFor(manchester, {
        supervisor: { ...mary, roleCategory: null },
        supervisee: { ...jo, roleCategory: null },
        date: '2026-03-12',
      }),
    ).toBe('MONTHLY/AD HOC Supervision - Mary Poppins and Jo Smith');
  });

  it('fills the child and the date in words', () => {
    const t = template({ headline: 'Case supervision: {child} ({date})' });
    expect(
      headlineFor(t, { child: { name: 'Child A', caseId: '100234' }, date: '2026-03-03' }),
    ).toBe('Case supervision: Child A (3 March 2026)');
    expect(headlineFor(t, { child: { name: null, caseId: '100234' }, date: '2026-03-03' })).toBe(
      'Case supervision: 100234 (3 March 2026)',
    );
  });

  it('leaves a token it does not know as written', () => {
    expect(
      headlineFor(template({ headline: '{kind} with {supervisee}' }), {
        supervisee: jo,
        date: '2026-03-12',
      }),
    ).toBe('{kind} with Jo Smith');
  });
});

describe('without a headline in the template', () => {
  it('the title, the supervisee and the date', () => {
    expect(headlineFor(template(), { supervisor: mary, supervisee: jo, date: '2026-03-12' })).toBe(
      'Personal supervision – Jo Smith – 12 March 2026',
    );
  });

  it('the child when there is no supervisee', () => {
    expect(
      headlineFor(template({ title: 'Case supervision' }), {
        supervisor: mary,
        child: { name: null, caseId: '100234' },
        date: '2026-03-12',
      }),
    ).toBe('Case supervision – 100234 – 12 March 2026');
  });

  it('the title and the date when it is about no one (a group session)', () => {
    expect(
      headlineFor(template({ title: 'Group Supervision Record' }), { date: '2026-03-12' }),
    ).toBe('Group Supervision Record – 12 March 2026');
  });
});

it(`is at most ${headlineMaxLength} characters`, () => {
  const long = headlineFor(template({ title: 'x'.repeat(400) }), { date: '2026-03-12' });
  expect(long).toHaveLength(headlineMaxLength);
  expect(long.endsWith('…')).toBe(true);
});
