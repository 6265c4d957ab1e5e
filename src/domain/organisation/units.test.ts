import { describe, expect, it } from 'vitest';
import { unitAndDescendants } from './units.ts';

describe('a unit and everything inside it', () => {
  // Listed children first, so one pass over the list is not enough.
  const units = [
    { id: 'team-n1', parentId: 'north' },
    { id: 'north', parentId: 'csc' },
    { id: 'south', parentId: 'csc' },
    { id: 'team-s1', parentId: 'south' },
    { id: 'csc', parentId: null },
    { id: 'eh', parentId: null },
  ];

  it('takes in every level below, whatever the order of the list', () => {
    expect(unitAndDescendants(units, 'csc')).toEqual(
      new Set(['csc', 'north', 'south', 'team-n1', 'team-s1']),
    );
  });

  it('is the unit alone when nothing is inside it, and leaves out its siblings', () => {
    expect(unitAndDescendants(units, 'team-n1')).toEqual(new Set(['team-n1']));
    expect(unitAndDescendants(units, 'north')).toEqual(new Set(['north', 'team-n1']));
  });
});
