import { describe, expect, it } from 'vitest';
import {
  appliedReport,
  childSyncChanges,
  rejectedReport,
} from '../../domain/bundle/child-sync-report.ts';
import type { BundleChild } from '../../domain/bundle/schema.ts';
import { changeLines, fileWords, reportText } from './report-words.ts';

const child = (overrides: Partial<BundleChild> = {}): BundleChild => ({
  id: '1001',
  caseId: 'LCS-1001',
  name: 'A Child',
  openedAt: '2025-01-10',
  statuses: [{ status: 'child_in_need', from: '2025-01-10' }],
  flags: [{ flag: 'most_concern', from: '2025-02-01' }],
  allocations: [{ workerId: 'E1', role: 'key_worker', from: '2025-01-10' }],
  ...overrides,
});

describe('changeLines', () => {
  it('says each change to a child in a line, episodes before details', () => {
    const after = child({
      name: 'Renamed',
      statuses: [
        { status: 'child_in_need', from: '2025-01-10', to: '2025-04-30' },
        { status: 'child_protection', from: '2025-05-01' },
      ],
      flags: [],
      allocations: [{ workerId: 'E1', role: 'key_worker', from: '2025-01-10', to: '2025-06-01' }],
    });
    const [change] = childSyncChanges([child()], [after], '2026-03-10').changed;
    expect(changeLines(change!)).toEqual([
      'Status added: child_protection from 2025-05-01',
      'Status ended: child_in_need from 2025-01-10 to 2025-04-30',
      'Flag removed: most_concern from 2025-02-01',
      'Allocation ended: E1 as key_worker from 2025-01-10 to 2025-06-01',
      'Details changed: name',
    ]);
  });
});

describe('reportText', () => {
  it('writes an applied report with each section that has children', () => {
    const changes = childSyncChanges(
      [child()],
      [
        child({ statuses: [{ status: 'child_in_need', from: '2025-01-10', to: '2026-03-01' }] }),
        child({ id: '1002', caseId: '1002' }),
      ],
      '2026-03-10',
    );
    expect(reportText(appliedReport(changes), ['Sync for northshire'])).toBe(
      [
        'Sync for northshire',
        'Outcome: Applied',
        'Children: 1 added, 1 changed, 1 closed, 0 unchanged; 0 problems',
        '',
        'Added',
        '  1002',
        '',
        'Changed',
        '  1001 (case LCS-1001)',
        '    Status ended: child_in_need from 2025-01-10 to 2026-03-01',
        '',
        'Closed',
        '  1001 (case LCS-1001)',
        '',
      ].join('\n'),
    );
  });

  it('lists a rejected report’s problems with where each is', () => {
    const text = reportText(
      rejectedReport([
        { file: 'children.csv', line: 3, column: 'date_of_birth', message: 'not a date' },
        { file: 'notes.csv', message: 'not a file the sync takes' },
        { message: 'no organisation' },
      ]),
      [],
    );
    expect(text).toContain(
      'Rejected: nothing was changed\n  children.csv, line 3, date_of_birth: not a date\n  notes.csv: not a file the sync takes\n  no organisation\n',
    );
    expect(text).toContain('Outcome: Rejected');
  });
});

describe('fileWords', () => {
  it('counts rows in words', () => {
    expect(fileWords({ name: 'a.csv', rows: 1 })).toBe('a.csv (1 row)');
    expect(fileWords({ name: 'a.csv', rows: 0 })).toBe('a.csv (0 rows)');
  });
});
