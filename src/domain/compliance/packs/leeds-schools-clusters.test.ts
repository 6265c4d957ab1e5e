import { describe, expect, it } from 'vitest';
import {
  bundle,
  evaluate,
  held,
  record,
  staff,
  statesAround,
  unmetAround,
} from '../test-support.ts';

const P = 'leeds-schools-clusters';
const dsl = staff('sw', { roleCategory: 'school_safeguarding_staff' });

describe('leeds-schools-clusters: due dates, the day before, on and after', () => {
  it.each([
    {
      name: '"a minimum interval of every four weeks" for school/cluster staff',
      b: bundle(P, { staff: [dsl], sessions: [held('s1', 'sw', '2026-10-05', 60)] }),
      rule: 'four-weekly',
      due: '2026-11-02',
    },
    {
      name: '"This contract should be reviewed on an annual basis"',
      b: bundle(P, {
        staff: [dsl],
        records: [record('a1', 'supervision_agreement', '2025-11-16')],
      }),
      rule: 'contract-annual',
      due: '2026-11-16',
    },
  ])('$name', ({ b, rule, due }) => {
    expect(statesAround(P, b, rule, 'sw', due)).toEqual(unmetAround);
  });
});

describe('leeds-schools-clusters: choices', () => {
  it('"approx. an hour" is not a minimum: a 45-minute session counts', () => {
    const b = bundle(P, { staff: [dsl], sessions: [held('s1', 'sw', '2026-10-05', 45)] });
    const o = evaluate(P, b, '2026-10-06').find(
      (x) => x.rule.id === 'four-weekly' && x.evidenceIds.includes('s1'),
    );
    expect(o?.state).toBe('met_late');
  });

  it('the seed sets no case-level or recording obligations', () => {
    const kinds = new Set(
      evaluate(P, bundle(P, { staff: [dsl] }), '2026-11-23').map((o) => o.kind),
    );
    expect(kinds.has('case_supervision')).toBe(false);
    expect(kinds.has('recording')).toBe(false);
  });
});
