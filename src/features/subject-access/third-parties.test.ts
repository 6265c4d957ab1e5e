import { describe, expect, it } from 'vitest';
import { markThirdParties, type Person } from './third-parties.ts';

const people: Person[] = [
  { id: 's1', name: 'Daniel Okafor', kind: 'staff' },
  { id: 'c1', name: 'Amara Lewis', kind: 'child' },
  { id: 'c2', name: 'Leo Lewis', kind: 'child' },
  { id: 'c3', name: 'Jordan Smith', kind: 'child' },
];

describe('markThirdParties', () => {
  it('wraps other people’s names in the texts and lists where they appear', () => {
    const { document, thirdParties } = markThirdParties(
      {
        records: [
          { answers: { summary: 'Amara said daniel okafor visited; Amara is settled.' } },
          { people: [{ name: 'Daniel Okafor' }] },
        ],
      },
      people,
      ['Jordan Ellis'],
    );
    expect(document.records[0]!.answers!.summary).toBe(
      '[[review: Amara]] said [[review: daniel okafor]] visited; [[review: Amara]] is settled.',
    );
    expect(document.records[1]!.people![0]!.name).toBe('[[review: Daniel Okafor]]');
    expect(thirdParties).toEqual([
      { id: 'c1', name: 'Amara Lewis', kind: 'child', appearsIn: ['$.records[0].answers.summary'] },
      {
        id: 's1',
        name: 'Daniel Okafor',
        kind: 'staff',
        appearsIn: ['$.records[0].answers.summary', '$.records[1].people[0].name'],
      },
    ]);
  });

  it('leaves the subject’s own names, and names inside other words, alone', () => {
    const { document, thirdParties } = markThirdParties(
      { note: 'Jordan met Leonard; Leo Lewis was not discussed by Jordan Smith.' },
      people,
      ['Jordan Smith'],
    );
    expect(document.note).toBe(
      'Jordan met Leonard; [[review: Leo Lewis]] was not discussed by Jordan Smith.',
    );
    expect(thirdParties.map((p) => p.id)).toEqual(['c2']);
  });
});
