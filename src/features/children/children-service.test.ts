import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, can } from '../../domain/access/can.ts';
import { userRoles } from '../../domain/organisation/vocabulary.ts';
import { checkDetails } from './child-forms.ts';
import { ageText, inScope, listScope, readFilters } from './children-service.ts';
import { paginationItems } from './routes.ts';

const ids = ['a', 'b', 'c', 'd'];

describe('the list scope', () => {
  it('admits exactly the children can() lets the person view', () => {
    const actor = fc.record({
      userId: fc.constant('u'),
      roles: fc.uniqueArray(fc.constantFrom(...userRoles), { minLength: 1, maxLength: 3 }),
      staffId: fc.option(fc.constantFrom(...ids), { nil: undefined }),
      managedUnitIds: fc.uniqueArray(fc.constantFrom(...ids)).map((units) => new Set(units)),
    });
    const child = fc.record({
      type: fc.constant('child' as const),
      allocatedTeamIds: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 2 }),
      allocatedWorkerIds: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(actor, child, (who: Actor, resource) => {
        // A child held by workers always has them; teams may be missing (a worker with none).
        fc.pre(resource.allocatedWorkerIds.length > 0 || resource.allocatedTeamIds.length === 0);
        expect(inScope(listScope(who), resource)).toBe(can(who, 'view', resource));
      }),
      { numRuns: 2000 },
    );
  });

  it('is everything for an administrator or a senior manager', () => {
    const base = { userId: 'u', managedUnitIds: new Set<string>() };
    expect(listScope({ ...base, roles: ['administrator'] })).toEqual({ kind: 'all' });
    expect(listScope({ ...base, roles: ['senior_manager'], staffId: 's' })).toEqual({
      kind: 'all',
    });
    expect(listScope({ ...base, roles: ['practitioner'], staffId: 's' })).toEqual({
      kind: 'some',
      allocatedToStaffId: 's',
      allocatedToUnitIds: [],
      unallocated: false,
    });
  });
});

describe('ages', () => {
  it.each([
    ['2016-02-29', '2026-11-23', '10 years'],
    ['2025-11-23', '2026-11-23', '1 year'],
    ['2025-11-24', '2026-11-23', '11 months'],
    ['2026-10-23', '2026-11-23', '1 month'],
    ['2026-11-02', '2026-11-23', '3 weeks'],
    ['2026-11-20', '2026-11-23', 'Under 1 week'],
  ])('born %s, on %s: %s', (dateOfBirth, today, text) => {
    expect(ageText({ dateOfBirth, expectedDateOfBirth: null }, today)).toBe(text);
  });

  it('gives an unborn child their due date', () => {
    expect(ageText({ dateOfBirth: null, expectedDateOfBirth: '2027-03-01' }, '2026-11-23')).toBe(
      'Unborn (due 1 March 2027)',
    );
  });
});

describe('the list filters', () => {
  it('ignores values it does not know', () => {
    expect(
      readFilters({ q: ' LL1 ', status: 'nonsense', team: 'x', state: 'maybe', page: '-2' }),
    ).toEqual({ search: 'LL1', status: '', teamId: '', workerId: '', state: 'open', page: 1 });
  });

  it('pages with the first, the last and the neighbours of the current page', () => {
    const filters = { ...readFilters({ status: 'child_in_need' }), page: 5 };
    const items = paginationItems(filters, 300);
    expect(items.map((item) => ('ellipsis' in item ? '…' : item.number))).toEqual([
      1,
      '…',
      4,
      5,
      6,
      '…',
      300,
    ]);
    expect(items[2]).toEqual({
      number: 4,
      href: '/children?status=child_in_need&page=4',
      current: false,
    });
  });
});

describe("the child's details", () => {
  const body = (over: Record<string, string>) => ({
    caseId: 'LL1',
    name: 'Amy',
    'dateOfBirth-day': '1',
    'dateOfBirth-month': '2',
    'dateOfBirth-year': '2020',
    'openedOn-day': '1',
    'openedOn-month': '1',
    'openedOn-year': '2026',
    ...over,
  });

  it('takes a born child with a date of birth', () => {
    expect(checkDetails(body({}), '2026-11-23').value).toEqual({
      caseId: 'LL1',
      name: 'Amy',
      dateOfBirth: '2020-02-01',
      expectedDateOfBirth: null,
      openedOn: '2026-01-01',
    });
  });

  it('takes an unborn child with only an expected date of birth and no name', () => {
    const checked = checkDetails(
      body({
        name: '',
        'dateOfBirth-day': '',
        'dateOfBirth-month': '',
        'dateOfBirth-year': '',
        'expectedDateOfBirth-day': '1',
        'expectedDateOfBirth-month': '3',
        'expectedDateOfBirth-year': '2027',
      }),
      '2026-11-23',
    );
    expect(checked.value).toMatchObject({
      name: null,
      dateOfBirth: null,
      expectedDateOfBirth: '2027-03-01',
    });
  });

  it('asks for a name for a child who has been born', () => {
    expect(checkDetails(body({ name: '' }), '2026-11-23').errors?.list).toEqual([
      { text: "Enter the child's name", href: '#name' },
    ]);
  });

  it('refuses an opening date in the future', () => {
    expect(
      checkDetails(body({ 'openedOn-year': '2027' }), '2026-11-23').errors?.list[0]?.text,
    ).toBe('Date opened must be today or in the past');
  });
});
