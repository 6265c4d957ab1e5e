import { describe, expect, it } from 'vitest';
import { formatCell, formatPercent, type ReportColumn } from './report-table.ts';

const text: ReportColumn = { key: 'team', label: 'Team', kind: 'text' };
const count: ReportColumn = { key: 'held', label: 'Held', kind: 'number' };
const share: ReportColumn = { key: 'onTime', label: 'On time', kind: 'percent' };
const date: ReportColumn = { key: 'last', label: 'Last held', kind: 'date' };

describe('formatCell', () => {
  it('groups numbers the en-GB way', () => {
    expect(formatCell(count, 1234)).toBe('1,234');
    expect(formatCell(count, 1234567.5)).toBe('1,234,567.5');
    expect(formatCell(count, 0)).toBe('0');
  });

  it('writes percentages from fractions, rounding halves up to whole percent', () => {
    expect(formatCell(share, 0.875)).toBe('88%');
    expect(formatCell(share, 0.285)).toBe('29%');
    expect(formatCell(share, 0.8749)).toBe('87%');
    expect(formatCell(share, 1)).toBe('100%');
    expect(formatCell(share, 0)).toBe('0%');
  });

  it('writes dates in words', () => {
    expect(formatCell(date, '2026-03-03')).toBe('3 March 2026');
    expect(formatCell(date, 'unknown')).toBe('unknown');
  });

  it('leaves empty cells empty and text as it is', () => {
    for (const column of [text, count, share, date]) expect(formatCell(column, null)).toBe('');
    expect(formatCell(text, '<b>North</b>')).toBe('<b>North</b>');
  });
});

describe('formatPercent', () => {
  it('never rounds a nearly complete share up to 100%', () => {
    expect(formatPercent(0.996)).toBe('99.6%');
    expect(formatPercent(0.9999)).toBe('99.9%');
    expect(formatPercent(0.9904)).toBe('99%');
  });

  it('never rounds a small share down to 0%', () => {
    expect(formatPercent(0.004)).toBe('0.4%');
    expect(formatPercent(0.0001)).toBe('0.1%');
    expect(formatPercent(0.0097)).toBe('1%');
  });
});
