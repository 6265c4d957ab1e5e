import { describe, expect, it } from 'vitest';
import { packIds } from '../../domain/policy/registry.ts';
import { largeCouncilOptions, multiCouncilOptions } from './scale-demo.ts';

const today = '2026-11-23';

describe('the scale demos', () => {
  it('makes the large council 1,500 staff and 15,000 children over five years, times n', () => {
    expect(largeCouncilOptions(today, 4, 2)).toMatchObject({
      id: 'large-council',
      policy: 'systemic-4x4x4',
      staff: 3_000,
      children: 30_000,
      history: { years: 5 },
      seed: 4,
    });
  });

  it('makes ten organisations from a school cluster to a council, every pack used', () => {
    const organisations = multiCouncilOptions(today, 1);
    expect(organisations.map((o) => o.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `multi-${String(i + 1).padStart(2, '0')}`),
    );
    const staff = organisations.map((o) => o.staff ?? 0);
    expect(Math.min(...staff)).toBe(25);
    expect(Math.max(...staff)).toBe(400);
    expect(staff.reduce((a, b) => a + b)).toBe(1_500);
    expect(new Set(organisations.map((o) => o.policy))).toEqual(new Set(packIds()));
    expect(organisations.every((o) => o.history?.years === 3)).toBe(true);
  });
});
