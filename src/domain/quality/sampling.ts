/**
 * Dip sampling: who may be sampled for an auditor, and a draw that anyone can re-run. A draw
 * ranks every eligible candidate by SHA-256 of `seed:id` and takes the first `count` (those not
 * yet seen this year first, where the plan must cover everyone within the year). Keeping the
 * seed and the pool is enough to check a draw later, by hand or with `verifyDraw`.
 */
import { createHash } from 'node:crypto';
import type { IsoDate } from '../calendar/period.ts';
import { auditPeriodMonths } from '../compliance/audits.ts';
import { alignedWindows } from '../compliance/dates.ts';
import type { AuditRule } from '../policy/schema.ts';

/** A record (for record audits) or a supervisee's file (for file audits) that may be sampled. */
export type SampleCandidate = {
  /** The record's id, or the supervisee's staff id for a file. */
  id: string;
  /** Whose supervision it is: the supervisee. */
  subjectStaffId: string;
  /** Everyone who wrote any of it: authors, observers, a file's supervisors. */
  writerIds: readonly string[];
  /** The records the auditor reads: the record itself, or the file's records. */
  recordIds: readonly string[];
  /** Audited already this (financial) year: drawn last where the plan covers everyone. */
  seenThisYear?: boolean;
};

/** What is kept of each candidate in a draw's pool: enough to re-run it. */
export type PoolEntry = Pick<SampleCandidate, 'id' | 'subjectStaffId' | 'recordIds'> & {
  seenThisYear?: boolean;
};

export type Draw = {
  seed: string;
  pool: readonly PoolEntry[];
  count: number;
  coverAllWithinYear: boolean;
};

/** The sampling period of a rule that holds a date: aligned to April like the quota windows. */
export function samplingPeriod(per: AuditRule['per'], date: IsoDate) {
  const [period] = alignedWindows(date, date, auditPeriodMonths[per], 4);
  return period as { from: IsoDate; to: IsoDate };
}

/**
 * The candidates an auditor may be given, in id order: never a record they wrote or a file of
 * their own supervision (as supervisee or supervisor), and never one without records to read.
 */
export function eligiblePool(
  candidates: readonly SampleCandidate[],
  auditorStaffId: string,
): PoolEntry[] {
  return candidates
    .filter(
      (c) =>
        c.subjectStaffId !== auditorStaffId &&
        !c.writerIds.includes(auditorStaffId) &&
        c.recordIds.length > 0,
    )
    .map(({ id, subjectStaffId, recordIds, seenThisYear }) =>
      seenThisYear
        ? { id, subjectStaffId, recordIds, seenThisYear }
        : { id, subjectStaffId, recordIds },
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A candidate's place in the draw: the hex SHA-256 of `seed:id`. */
export function drawRank(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}:${id}`).digest('hex');
}

/** The ids drawn, in draw order. */
export function drawSample(draw: Draw): string[] {
  const ranked = draw.pool
    .map((entry) => ({ entry, rank: drawRank(draw.seed, entry.id) }))
    .sort((a, b) => {
      if (draw.coverAllWithinYear) {
        const seen = Number(a.entry.seenThisYear ?? false) - Number(b.entry.seenThisYear ?? false);
        if (seen !== 0) return seen;
      }
      return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0;
    });
  return ranked.slice(0, draw.count).map((r) => r.entry.id);
}

/** Re-runs a kept draw: whether its picks are exactly what its seed and pool give. */
export function verifyDraw(draw: Draw, picks: readonly string[]) {
  const expected = drawSample(draw);
  const ok = expected.length === picks.length && expected.every((id, i) => picks[i] === id);
  return { ok, expected };
}
