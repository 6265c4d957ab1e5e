import { describe, expect, it } from 'vitest';
import {
  drawRank,
  drawSample,
  eligiblePool,
  type SampleCandidate,
  samplingPeriod,
  verifyDraw,
} from './sampling.ts';

const seed = '0123456789abcdef0123456789abcdef';

/**
 * Manchester 5.3: "4 x Supervisions of social workers per month to be dip sampled by service
 * managers". A service manager, Sam, samples a month's records; Sam wrote one of them and
 * observed another, and one is of Sam's own supervision.
 */
const records: SampleCandidate[] = [
  { id: 'rec-a', subjectStaffId: 'sw-1', writerIds: ['tm-1'], recordIds: ['rec-a'] },
  { id: 'rec-b', subjectStaffId: 'sw-2', writerIds: ['sam'], recordIds: ['rec-b'] },
  { id: 'rec-c', subjectStaffId: 'sw-3', writerIds: ['tm-2', 'sam'], recordIds: ['rec-c'] },
  { id: 'rec-d', subjectStaffId: 'sam', writerIds: ['hos'], recordIds: ['rec-d'] },
  { id: 'rec-e', subjectStaffId: 'sw-4', writerIds: ['tm-1'], recordIds: ['rec-e'] },
  { id: 'rec-f', subjectStaffId: 'sw-5', writerIds: ['tm-2'], recordIds: ['rec-f'] },
  { id: 'rec-g', subjectStaffId: 'sw-6', writerIds: ['tm-2'], recordIds: ['rec-g'] },
];

describe('the pool a sample is drawn from', () => {
  it('never holds a record the auditor wrote or observed, nor their own supervision', () => {
    const pool = eligiblePool(records, 'sam');
    expect(pool.map((e) => e.id)).toEqual(['rec-a', 'rec-e', 'rec-f', 'rec-g']);
  });

  it('leaves out a file the auditor supervises and one with nothing to read, in id order', () => {
    const files: SampleCandidate[] = [
      { id: 'tm-3', subjectStaffId: 'tm-3', writerIds: ['om-1'], recordIds: ['r1', 'r2'] },
      { id: 'tm-1', subjectStaffId: 'tm-1', writerIds: ['hol'], recordIds: ['r3'] },
      { id: 'tm-2', subjectStaffId: 'tm-2', writerIds: ['om-2'], recordIds: [] },
    ];
    expect(eligiblePool(files, 'om-1')).toEqual([
      { id: 'tm-1', subjectStaffId: 'tm-1', recordIds: ['r3'] },
    ]);
  });
});

describe('a draw', () => {
  const pool = eligiblePool(records, 'sam');

  it('gives the same picks for the same seed and pool, ranked by SHA-256 of seed:id', () => {
    const picks = drawSample({ seed, pool, count: 4, coverAllWithinYear: false });
    expect(drawSample({ seed, pool, count: 4, coverAllWithinYear: false })).toEqual(picks);
    const byHand = [...pool]
      .map((e) => ({ id: e.id, rank: drawRank(seed, e.id) }))
      .sort((a, b) => (a.rank < b.rank ? -1 : 1))
      .map((e) => e.id);
    expect(picks).toEqual(byHand);
    expect(drawRank(seed, 'rec-a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives other picks for another seed, and draws what there is when the pool is short', () => {
    const two = drawSample({ seed, pool, count: 2, coverAllWithinYear: false });
    const seeds = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(32));
    const others = seeds.map((s) =>
      drawSample({ seed: s, pool, count: 2, coverAllWithinYear: false }).join(),
    );
    expect(others.some((o) => o !== two.join())).toBe(true);
    expect(drawSample({ seed, pool, count: 10, coverAllWithinYear: false })).toHaveLength(4);
  });

  it('picks files not seen this year first when the plan covers everyone within the year', () => {
    // Manchester 5.3: "all team managers files are seen within a year".
    const files = eligiblePool(
      ['tm-1', 'tm-2', 'tm-3', 'tm-4'].map((id) => ({
        id,
        subjectStaffId: id,
        writerIds: ['om'],
        recordIds: [`${id}-record`],
        seenThisYear: id !== 'tm-3',
      })),
      'sl',
    );
    for (const s of ['1', '2', '3', '4'].map((c) => c.repeat(32))) {
      const [firstPick] = drawSample({ seed: s, pool: files, count: 2, coverAllWithinYear: true });
      expect(firstPick).toBe('tm-3');
    }
    // Without the rule, being seen makes no difference to the order.
    const plain = drawSample({ seed, pool: files, count: 4, coverAllWithinYear: false });
    const ranked = [...files].sort((a, b) =>
      drawRank(seed, a.id) < drawRank(seed, b.id) ? -1 : 1,
    );
    expect(plain).toEqual(ranked.map((f) => f.id));
  });

  it('is verified from its kept seed and pool, and a changed pick is caught', () => {
    const draw = { seed, pool, count: 2, coverAllWithinYear: false };
    const picks = drawSample(draw);
    expect(verifyDraw(draw, picks)).toEqual({ ok: true, expected: picks });
    const unpicked = pool.map((e) => e.id).find((id) => !picks.includes(id))!;
    expect(verifyDraw(draw, [picks[0]!, unpicked]).ok).toBe(false);
    expect(verifyDraw(draw, [...picks].reverse()).ok).toBe(false);
    expect(verifyDraw(draw, picks.slice(0, 1)).ok).toBe(false);
    // A pool changed after the draw no longer gives its picks.
    const without = pool.filter((e) => e.id !== picks[0]);
    expect(verifyDraw({ ...draw, pool: without }, picks).ok).toBe(false);
  });
});

describe('the sampling period', () => {
  it('is the month, quarter, half or financial year that holds the day', () => {
    expect(samplingPeriod('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(samplingPeriod('quarter', '2026-05-20')).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
    });
    // Northumberland's bi-annual audit: April to September, October to March.
    expect(samplingPeriod('half_year', '2027-01-10')).toEqual({
      from: '2026-10-01',
      to: '2027-03-31',
    });
    expect(samplingPeriod('year', '2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });
});
