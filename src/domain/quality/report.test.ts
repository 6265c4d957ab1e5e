import { describe, expect, it } from 'vitest';
import { metOn, ob } from '../dashboards/test-support.ts';
import { peerAuditTool, tenDimensions } from '../policy/packs/quality-tools.ts';
import type { AuditTool } from '../policy/schema.ts';
import type { AuditAnswers } from './answers.ts';
import {
  auditQuotas,
  defaultPeriod,
  distributionWords,
  favourableShare,
  feedbackRounds,
  financialHalf,
  financialYear,
  findingsByDimension,
  periodChoices,
  quartersOf,
  quarterTrends,
  type ReportedAudit,
  readPeriod,
  reportAsOf,
  timelinessByUnit,
} from './report.ts';

const audit = (
  id: string,
  completedOn: string,
  tool: AuditTool | null,
  answers: AuditAnswers,
): ReportedAudit => ({ id, completedOn, tool, answers });

/** Ten-dimension answers: every dimension graded `grade`, except those given. */
function graded(grade: string, except: Record<string, string> = {}): AuditAnswers {
  return Object.fromEntries(
    tenDimensions.sections.map((s) => [s.id, { judgement: { answer: except[s.id] ?? grade } }]),
  );
}

describe('report periods', () => {
  it('reads a financial year as April to March, and its halves', () => {
    expect(financialYear(2026)).toMatchObject({
      from: '2026-04-01',
      to: '2027-03-31',
      label: 'April 2026 to March 2027',
      query: 'year=2026',
    });
    expect(financialHalf(2026, 1)).toMatchObject({ from: '2026-04-01', to: '2026-09-30' });
    expect(financialHalf(2026, 2)).toMatchObject({
      from: '2026-10-01',
      to: '2027-03-31',
      label: 'October 2026 to March 2027',
      query: 'half=2026-2',
    });
  });

  it('opens on the last complete financial year; 31 March still belongs to the year before', () => {
    expect(defaultPeriod('2026-11-24').from).toBe('2025-04-01');
    expect(defaultPeriod('2026-04-01').from).toBe('2025-04-01');
    expect(defaultPeriod('2026-03-31').from).toBe('2024-04-01');
  });

  it('reads the query, refusing what is malformed or has not started', () => {
    const today = '2026-11-24';
    expect(readPeriod({}, today)).toEqual({ ok: true, period: financialYear(2025) });
    expect(readPeriod({ year: '2026' }, today)).toEqual({ ok: true, period: financialYear(2026) });
    expect(readPeriod({ half: '2026-2' }, today)).toEqual({
      ok: true,
      period: financialHalf(2026, 2),
    });
    expect(readPeriod({ year: '26' }, today).ok).toBe(false);
    expect(readPeriod({ half: '2026-3' }, today).ok).toBe(false);
    expect(readPeriod({ year: '2027' }, today)).toEqual({
      ok: false,
      problem: 'April 2027 to March 2028 has not started yet: choose an earlier period',
    });
  });

  it('stands as at the period end, or today while it runs', () => {
    expect(reportAsOf(financialYear(2025), '2026-11-24')).toBe('2026-03-31');
    expect(reportAsOf(financialYear(2026), '2026-11-24')).toBe('2026-11-24');
  });

  it('offers the years and halves that have started', () => {
    expect(periodChoices('2026-05-10', 2).map((p) => p.query)).toEqual([
      'year=2026',
      'half=2026-1',
      'year=2025',
      'half=2025-1',
      'half=2025-2',
    ]);
  });

  it('splits a financial year into four quarters from April, and a half into two', () => {
    expect(quartersOf(financialYear(2026))).toEqual([
      { label: 'Q1: April to June 2026', from: '2026-04-01', to: '2026-06-30' },
      { label: 'Q2: July to September 2026', from: '2026-07-01', to: '2026-09-30' },
      { label: 'Q3: October to December 2026', from: '2026-10-01', to: '2026-12-31' },
      { label: 'Q4: January to March 2027', from: '2027-01-01', to: '2027-03-31' },
    ]);
    expect(quartersOf(financialHalf(2026, 2)).map((q) => q.from)).toEqual([
      '2026-10-01',
      '2027-01-01',
    ]);
  });
});

describe('findings by dimension', () => {
  it('counts each dimension’s answers, its favourable share and the grades given', () => {
    const audits = [
      audit('a1', '2026-05-01', tenDimensions, graded('good', { impact: 'inadequate' })),
      audit('a2', '2026-06-01', tenDimensions, graded('outstanding', { impact: 'good' })),
      audit('a3', '2026-07-01', tenDimensions, graded('requires_improvement')),
    ];
    const { tools, withoutTool } = findingsByDimension(audits);
    expect(withoutTool).toBe(0);
    expect(tools).toHaveLength(1);
    const tool = tools[0]!;
    expect(tool).toMatchObject({ id: 'ten-dimensions', audits: 3, answers: 30, judged: 30 });
    expect(tool.dimensions.map((d) => d.heading)).toEqual(
      tenDimensions.sections.map((s) => s.heading),
    );
    const purpose = tool.dimensions.find((d) => d.id === 'purpose')!;
    expect(purpose).toMatchObject({ answers: 3, favourable: 2, judged: 3 });
    expect(purpose.share).toBeCloseTo(2 / 3);
    // In the scale's order, leaving out answers nobody gave.
    expect(distributionWords(purpose.questions[0]!.distribution)).toBe(
      'Outstanding 1, Good 1, Requires improvement 1',
    );
    const impact = tool.dimensions.find((d) => d.id === 'impact')!;
    expect(distributionWords(impact.questions[0]!.distribution)).toBe(
      'Good 1, Requires improvement 1, Inadequate 1',
    );
    expect(impact.share).toBeCloseTo(1 / 3);
  });

  it('takes “no” as favourable where the question asks for a concern (Manchester’s Q12)', () => {
    const answers = (observe: string): AuditAnswers => ({
      'audit-questions': {
        'file-structure': { answer: 'yes' },
        'observe-supervisor': { answer: observe, findings: 'Skills seen in the file' },
      },
    });
    const { tools } = findingsByDimension([
      audit('p1', '2026-05-01', peerAuditTool, answers('no')),
      audit('p2', '2026-05-02', peerAuditTool, answers('no')),
      audit('p3', '2026-05-03', peerAuditTool, answers('yes')),
    ]);
    const questions = tools[0]!.dimensions[0]!.questions;
    const observe = questions.find((q) => q.id === 'observe-supervisor')!;
    expect(observe).toMatchObject({ answers: 3, favourable: 2 });
    expect(observe.share).toBeCloseTo(2 / 3);
    const structure = questions.find((q) => q.id === 'file-structure')!;
    expect(structure).toMatchObject({ answers: 3, favourable: 3, share: 1 });
    // Questions nobody answered are listed with nothing counted.
    expect(questions.find((q) => q.id === 'attendance')).toMatchObject({
      answers: 0,
      share: null,
    });
    expect(favourableShare([audit('p', '2026-05-01', peerAuditTool, answers('yes'))])).toEqual({
      answers: 2,
      judged: 2,
      favourable: 1,
      share: 0.5,
    });
  });

  it('judges each audit by its own copy of the tool and never lists free text', () => {
    // The tool later made the question's "no" the favourable answer; the old audit keeps "yes".
    const before: AuditTool = {
      ...peerAuditTool,
      id: 'own',
      name: 'Our audit',
      sections: [
        {
          id: 's',
          heading: 'Old heading',
          questions: [
            { id: 'q', text: 'Old wording?', answer: 'yes_no' },
            { id: 'note', text: 'Notes', answer: 'text' },
          ],
        },
      ],
    };
    const after: AuditTool = {
      ...before,
      sections: [
        {
          id: 's',
          heading: 'New heading',
          questions: [{ id: 'q', text: 'New wording?', answer: 'yes_no', favourable: 'no' }],
        },
      ],
    };
    const { tools, withoutTool } = findingsByDimension([
      audit('old', '2026-04-10', before, {
        s: { q: { answer: 'yes' }, note: { answer: 'Private words about a worker' } },
      }),
      audit('new', '2026-08-10', after, { s: { q: { answer: 'no' } } }),
      audit('imported', '2026-08-11', null, {}),
    ]);
    expect(withoutTool).toBe(1);
    const section = tools[0]!.dimensions[0]!;
    expect(section.heading).toBe('New heading');
    expect(section.questions[0]).toMatchObject({ text: 'New wording?', answers: 2, favourable: 2 });
    const note = section.questions.find((q) => q.id === 'note')!;
    expect(note).toMatchObject({ answers: 1, judged: 0, share: null, distribution: [] });
    expect(JSON.stringify(tools)).not.toContain('Private words');
  });
});

describe('obligations in the period', () => {
  const period = financialYear(2025);

  it('counts a unit’s obligations under it and every unit above it', () => {
    const units = [
      { id: 'service', parentId: null },
      { id: 'team-a', parentId: 'service' },
      { id: 'team-b', parentId: 'service' },
    ];
    const team = new Map([
      ['sw-a', 'team-a'],
      ['sw-b', 'team-b'],
    ]);
    const obligations = [
      metOn('2025-05-01', '2025-04-28', { subject: { kind: 'staff', id: 'sw-a' } }),
      metOn('2025-06-01', '2025-06-09', { subject: { kind: 'staff', id: 'sw-a' } }),
      ob({ dueDate: '2025-07-01', state: 'overdue', subject: { kind: 'staff', id: 'sw-b' } }),
      // Due after the period: not counted.
      metOn('2026-04-02', '2026-04-01', { subject: { kind: 'staff', id: 'sw-b' } }),
    ];
    const rows = timelinessByUnit(
      units,
      obligations,
      (o) => team.get(o.subject.id),
      period,
      period.to,
    );
    expect(rows.map((r) => [r.unit.id, r.timeliness.due, r.timeliness.metOnTime])).toEqual([
      ['service', 3, 1],
      ['team-a', 2, 1],
      ['team-b', 1, 0],
    ]);
    expect(rows[0]!.timeliness).toMatchObject({ metLate: 1, notMet: 1 });
  });

  it('sums the audits required and counted by the quotas due in the period', () => {
    const quotas = auditQuotas(
      [
        ob({ kind: 'audit', dueDate: '2025-04-30', state: 'met', required: 2, counted: 2 }),
        ob({ kind: 'audit', dueDate: '2025-05-31', state: 'overdue', required: 2, counted: 1 }),
        ob({ kind: 'audit', dueDate: '2025-06-30', state: 'not_applicable', required: 0 }),
        ob({ kind: 'audit', dueDate: '2026-04-30', state: 'due', required: 2, counted: 0 }),
      ],
      period,
      period.to,
    );
    expect(quotas).toMatchObject({ due: 2, metOnTime: 1, notMet: 1, required: 4, counted: 3 });
  });

  it('gives each quarter its favourable share, records on time and actions done', () => {
    const year = financialYear(2026);
    const audits = [
      audit('a', '2026-05-01', tenDimensions, graded('good')),
      audit('b', '2026-08-01', tenDimensions, graded('good', { impact: 'inadequate' })),
    ];
    const trends = quarterTrends(
      year,
      '2026-11-24',
      audits,
      [
        metOn('2026-05-10', '2026-05-09', { kind: 'recording' }),
        ob({ kind: 'recording', dueDate: '2026-05-20', state: 'overdue' }),
      ],
      [metOn('2026-08-10', '2026-08-20', { kind: 'action' })],
    );
    expect(trends.map((t) => t.started)).toEqual([true, true, true, false]);
    expect(trends[0]!.audited.share).toBe(1);
    expect(trends[1]!.audited.share).toBeCloseTo(0.9);
    expect(trends[0]!.recording).toMatchObject({ due: 2, metOnTime: 1, rate: 0.5 });
    expect(trends[1]!.actions).toMatchObject({ due: 1, metLate: 1, rate: 0 });
    expect(trends[2]!.audited.share).toBeNull();
  });
});

describe('feedback rounds of a period', () => {
  it('reads both halves of a year, and the whole year’s round for a half', () => {
    expect(feedbackRounds('half_year', financialYear(2025), '2026-03-31')).toEqual([
      { from: '2025-04-01', to: '2025-09-30' },
      { from: '2025-10-01', to: '2026-03-31' },
    ]);
    expect(feedbackRounds('year', financialHalf(2025, 2), '2026-03-31')).toEqual([
      { from: '2025-04-01', to: '2026-03-31' },
    ]);
  });

  it('leaves out rounds not begun by the as-of date', () => {
    expect(feedbackRounds('half_year', financialYear(2026), '2026-06-01')).toEqual([
      { from: '2026-04-01', to: '2026-09-30' },
    ]);
  });
});
