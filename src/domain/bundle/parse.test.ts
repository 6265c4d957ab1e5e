import { describe, expect, it } from 'vitest';
import example from '../../../examples/bundle-small.json' with { type: 'json' };
import { parseBundle } from './parse.ts';

describe('parseBundle', () => {
  it('accepts the documented example', () => {
    const result = parseBundle(example);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.children).toHaveLength(2);
  });

  it('a half-valid bundle gives one line per problem and no value', () => {
    const bad = structuredClone(example) as Record<string, unknown> & {
      staff: Record<string, unknown>[];
    };
    bad.staff[0]!.roleCategory = 'wizard';
    bad.staff[1]!.startDate = '2023/05/02';
    delete (bad as Record<string, unknown>).actions;
    const result = parseBundle(bad);
    expect(result).toEqual({
      ok: false,
      problems: [
        '$.staff[0].roleCategory: expected one of "social_worker"|"senior_practitioner"|"family_help_worker"|"school_safeguarding_staff"|"student"|"apprentice"|"team_manager"|"operations_manager"|"senior_manager"|"business_support"',
        '$.staff[1].startDate: expected a date YYYY-MM-DD',
        '$.actions: expected array (missing)',
      ],
    });
  });

  it('references must point inside the bundle', () => {
    const bad = structuredClone(example);
    bad.children[0]!.allocations[0]!.workerId = 'st-nobody';
    bad.records[0]!.childIds = ['ch-404'];
    expect(parseBundle(bad)).toEqual({
      ok: false,
      problems: [
        '$.children[0].allocations[0].workerId: expected the id of a staff member in this bundle',
        '$.records[0].childIds[0]: expected the id of a child in this bundle',
      ],
    });
  });

  it('rejects what is not an object', () => {
    expect(parseBundle([])).toEqual({
      ok: false,
      problems: ['$: expected object, received array'],
    });
  });
});
