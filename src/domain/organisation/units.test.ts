import { describe, expect, it } from 'vitest';
import { inTreeOrder, unitAndDescendants } from './units.ts';

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

describe('units in tree order', () => {
  it('puts each unit under its parent, depth first, keeping the order within a level', () => {
    const units = [
      { id: 'team-n1', parentId: 'north' },
      { id: 'north', parentId: 'csc' },
      { id: 'csc', parentId: null },
      { id: 'south', parentId: 'csc' },
      { id: 'team-s1', parentId: 'south' },
      { id: 'stray', parentId: 'gone' },
    ];
    expect(inTreeOrder(units).map((u) => u.id)).toEqual([
      'csc',
      'north',
      'team-n1',
      'south',
      'team-s1',
      'stray',
    ]);
  });

  it('lists a unit given twice once', () => {
    const twice = [
      { id: 'a', parentId: null },
      { id: 'b', parentId: 'a' },
      { id: 'b', parentId: 'a' },
    ];
    expect(inTreeOrder(twice).map((u) => u.id)).toEqual(['a', 'b']);
  });
});
